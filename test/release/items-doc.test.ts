/**
 * docs/items.md is printed by the node itself (npm run docs:items): an item or a request count
 * typed into it by hand, or left behind by a change to the node, fails here.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

describe('docs/items.md', () => {
	it('should be exactly what scripts/example-items.js --docs prints today', () => {
		const printed = execFileSync(process.execPath, ['scripts/example-items.js', '--docs-stdout'], {
			cwd: ROOT,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
			timeout: 120_000,
		});
		const committed = readFileSync(join(ROOT, 'docs', 'items.md'), 'utf8');
		// On a difference: run `npm run docs:items` and commit docs/items.md.
		expect(committed).toBe(printed);
	});
});
