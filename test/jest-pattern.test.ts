import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..');
const config = require('../jest.config.js') as {
	testMatch: string[];
	testPathIgnorePatterns: string[];
};

function walk(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
	);
}

describe('the jest configuration', () => {
	it('should pick up every file under test/ that declares tests (the e2e suite runs on its own)', () => {
		const declaresTests = walk(join(root, 'test')).filter(
			(file) =>
				/\.[jt]s$/.test(file) &&
				/^\s*(describe|it|test)(\.each\(.*\))?\(/m.test(readFileSync(file, 'utf8')),
		);
		const e2e = (file: string) => relative(root, file).startsWith(join('test', 'e2e'));
		const missed = declaresTests.filter((file) => !e2e(file) && !file.endsWith('.test.ts'));
		expect(missed.map((file) => relative(root, file))).toEqual([]);
		expect(config.testMatch).toEqual(['**/*.test.ts']);
		expect(declaresTests.filter((file) => !e2e(file)).length).toBeGreaterThanOrEqual(9);
	});
});
