/**
 * No source, test or script file over 300 lines (issue 19): past that a file holds more than one
 * concern and should be split by concern. Counts what git tracks plus new files git does not
 * ignore, under every folder that holds code; a file deleted in the working tree is gone.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const FOLDERS = ['nodes', 'credentials', 'test', 'scripts', 'bench'];
const MAX_LINES = 300;

/** Lines as `wc -l` counts them: a final newline ends the last line, it does not start one. */
function lineCount(text: string): number {
	if (text === '') return 0;
	const newlines = text.split('\n').length - 1;
	return text.endsWith('\n') ? newlines : newlines + 1;
}

function codeFiles(): string[] {
	const git = (...args: string[]) =>
		execFileSync('git', [...args, '-z', '--', ...FOLDERS], { cwd: ROOT, encoding: 'utf8' })
			.split('\0')
			.filter(Boolean);
	const files = new Set([...git('ls-files'), ...git('ls-files', '--others', '--exclude-standard')]);
	return [...files]
		.filter((file) => /\.(ts|js)$/.test(file) && existsSync(join(ROOT, file)))
		.sort();
}

describe('file size', () => {
	it('should count lines as wc -l does', () => {
		expect(lineCount('')).toBe(0);
		expect(lineCount('one\n')).toBe(1);
		expect(lineCount('one\ntwo')).toBe(2);
		expect(lineCount(`${'line\n'.repeat(MAX_LINES + 1)}`)).toBe(MAX_LINES + 1);
	});

	it(`should keep every .ts and .js file under ${FOLDERS.join(', ')} at ${MAX_LINES} lines or fewer`, () => {
		const files = codeFiles();
		// Guards against a git call that silently lists nothing.
		expect(files).toContain('nodes/ZendeskExportTrigger/ZendeskExportTrigger.node.ts');
		const offenders = files
			.map((file) => ({ file, lines: lineCount(readFileSync(join(ROOT, file), 'utf8')) }))
			.filter(({ lines }) => lines > MAX_LINES)
			.map(({ file, lines }) => `${file} (${lines} lines)`);
		expect(offenders).toEqual([]);
	});
});
