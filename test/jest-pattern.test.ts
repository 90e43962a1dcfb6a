import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const root = join(__dirname, '..');

interface JestConfig {
	roots?: string[];
	testMatch: string[];
	testPathIgnorePatterns?: string[];
}

/** The four suites: `npm test`, `npm run test:e2e`, `npm run test:e2e:queue` and `npm run test:browser`. */
const configs: Record<string, JestConfig> = {
	'jest.config.js': require('../jest.config.js'),
	'jest.e2e.config.js': require('../jest.e2e.config.js'),
	'jest.queue.config.js': require('../jest.queue.config.js'),
	'jest.browser.config.js': require('../jest.browser.config.js'),
};

function walk(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
	);
}

/** The configs only use `<rootDir>/dir` roots and `**\/*.suffix` patterns; both are checked below. */
function picksUp(config: JestConfig, file: string): boolean {
	const path = relative(root, file);
	const roots = (config.roots ?? ['<rootDir>']).map((dir) => dir.replace('<rootDir>/', '') + sep);
	const ignored = (config.testPathIgnorePatterns ?? []).some((pattern) =>
		new RegExp(pattern.replace('<rootDir>', root)).test(file),
	);
	const matches = config.testMatch.some((pattern) => path.endsWith(pattern.replace('**/*', '')));
	return roots.some((dir) => path.startsWith(dir)) && matches && !ignored;
}

describe('the jest configurations', () => {
	it('should only use the pattern shapes this check understands', () => {
		for (const config of Object.values(configs)) {
			for (const pattern of config.testMatch) expect(pattern).toMatch(/^\*\*\/\*\.[a-z0-9.]+$/);
		}
	});

	it('should pick up every file under test/ that declares tests, each in exactly one suite', () => {
		const declaresTests = walk(join(root, 'test')).filter(
			(file) =>
				/\.[jt]s$/.test(file) &&
				/^\s*(describe|it|test)(\.each\(.*\))?\(/m.test(readFileSync(file, 'utf8')),
		);
		const suitesOf = (file: string) =>
			Object.keys(configs).filter((name) => picksUp(configs[name], file));
		const notExactlyOnce = declaresTests
			.map((file) => ({ file: relative(root, file), suites: suitesOf(file) }))
			.filter(({ suites }) => suites.length !== 1);
		expect(notExactlyOnce).toEqual([]);
		expect(declaresTests.length).toBeGreaterThanOrEqual(30);
	});
});
