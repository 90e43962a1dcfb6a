/**
 * `npm run lint` must run every rule n8n's verification runs, package.json included: with a JSON
 * parser the community rules skipped package.json without a word. ESLint runs as a child process with
 * the project's config, on text handed in through stdin, so nothing on disk changes.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const ESLINT = join(ROOT, 'node_modules', '.bin', 'eslint');

interface LintMessage {
	ruleId: string | null;
	severity: number;
	message: string;
}

function lint(text: string, filename: string): LintMessage[] {
	const result = spawnSync(ESLINT, ['--format', 'json', '--stdin', '--stdin-filename', filename], {
		cwd: ROOT,
		input: text,
		encoding: 'utf8',
	});
	if (!result.stdout) throw new Error(`eslint printed nothing: ${result.stderr}`);
	return (JSON.parse(result.stdout) as Array<{ messages: LintMessage[] }>)[0].messages;
}

const errors = (messages: LintMessage[]) => messages.filter((message) => message.severity === 2);
const packageJson = readFileSync(join(ROOT, 'package.json'), 'utf8');
const credentialFile = 'credentials/ZendeskExportApi.credentials.ts';
const credentialSource = readFileSync(join(ROOT, credentialFile), 'utf8');

describe('npm run lint', () => {
	it('should pass package.json and the sources as they are, with no error', () => {
		expect(errors(lint(packageJson, 'package.json'))).toEqual([]);
		expect(errors(lint(credentialSource, credentialFile))).toEqual([]);
	}, 60_000);

	it("should fail package.json when the author's email is removed", () => {
		const withoutEmail = JSON.parse(packageJson);
		delete withoutEmail.author.email;
		const ruleIds = errors(lint(JSON.stringify(withoutEmail, null, '\t'), 'package.json')).map(
			(m) => m.ruleId,
		);
		expect(ruleIds).toContain('@n8n/community-nodes/valid-author');
	}, 60_000);

	it('should fail package.json with an overrides field, a community rule that only the TypeScript parser reaches', () => {
		const withOverrides = { ...JSON.parse(packageJson), overrides: { typescript: '5.9.3' } };
		const ruleIds = errors(lint(JSON.stringify(withOverrides, null, '\t'), 'package.json')).map(
			(m) => m.ruleId,
		);
		expect(ruleIds).toContain('@n8n/community-nodes/no-overrides-field');
	}, 60_000);

	it('should ignore an inline eslint-disable comment, as n8n’s scanner does', () => {
		const suppressed = credentialSource.replace(
			/\tdisplayName = '.*';/,
			"\t// eslint-disable-next-line n8n-nodes-base/cred-class-field-display-name-missing-api\n\tdisplayName = 'Zendesk Export (Legacy Token)';",
		);
		expect(suppressed).not.toBe(credentialSource);
		const ruleIds = errors(lint(suppressed, credentialFile)).map((m) => m.ruleId);
		expect(ruleIds).toContain('n8n-nodes-base/cred-class-field-display-name-missing-api');
	}, 60_000);
});
