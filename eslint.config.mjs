import tsParser from '@typescript-eslint/parser';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';

const legacy = (name) => ({ rules: n8nNodesBase.configs[name].rules });

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'test/**', 'bench/**', 'scripts/**', '.cache/**', '*.js', '*.mjs'] },
	{
		files: ['package.json'],
		languageOptions: { parser: await import('jsonc-eslint-parser') },
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		...legacy('community'),
	},
	{
		files: ['credentials/**/*.ts'],
		languageOptions: { parser: tsParser, parserOptions: { sourceType: 'module' } },
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		...legacy('credentials'),
	},
	{
		files: ['nodes/**/*.ts'],
		languageOptions: { parser: tsParser, parserOptions: { sourceType: 'module' } },
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		...legacy('nodes'),
	},
	{ files: ['**/*.ts', 'package.json'], ...n8nCommunityNodesPlugin.configs.recommended },
	{
		// The older rule wants the string 'main'; the community rule that superseded it wants
		// NodeConnectionTypes.Main. Both cannot pass, and n8n's current checker runs the newer one.
		files: ['nodes/**/*.ts'],
		rules: { 'n8n-nodes-base/node-class-description-outputs-wrong': 'off' },
	},
];
