// n8n's own lint config, as `n8n-node lint` runs it (from @n8n/node-cli, pinned in devDependencies).
// It parses package.json with the TypeScript parser, which is the tree the community rules walk;
// with a JSON parser those rules skip package.json without a word.
import { config } from '@n8n/node-cli/eslint';

export default [
	...config,
	// n8n's scanner ignores inline eslint-disable comments, so this lint does too.
	{ linterOptions: { noInlineConfig: true, reportUnusedInlineConfigs: 'error' } },
	// Only the shipped sources are linted (the scripts pass nodes, credentials and package.json);
	// tests, bench and the stand-in are dev code with their own conventions.
	{ ignores: ['test/**', 'bench/**', 'scripts/**', '.cache/**', 'examples/**', '*.js', '*.mjs'] },
];
