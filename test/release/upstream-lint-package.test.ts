/**
 * n8n's newer community-node lint rules (issue 19) about the package rather than a description:
 * credential naming, the codex categories, package.json, the icons' contrast and hardcoded ids in
 * the sources. Each rule, its source in n8n's repository and our result: docs/upstream-lint.md.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Icon } from 'n8n-workflow';
import {
	bestContrast,
	MINIMUM_CONTRAST_RATIO,
	NODE_BACKGROUNDS,
	parsePaint,
} from './lint/icon-contrast';
import { codexOf, credentials, fileName, folderOf, nodes, packageJson } from './lint/package-parts';
import { findHardcodedIds, hardcodedIdsIn, shippedSources } from './lint/source-scan';

/** n8n's list of community node categories (src/rules/valid-node-categories.ts). */
const COMMUNITY_CATEGORIES = [
	'Data & Storage',
	'Finance & Accounting',
	'Marketing & Content',
	'Productivity',
	'Miscellaneous',
	'Sales',
	'Development',
	'Analytics',
	'Communication',
	'Utility',
];

/** n8n's wider codex taxonomy (src/utils/codex-taxonomy.ts), which valid-codex-categories uses. */
const KNOWN_CODEX_CATEGORIES = [
	...COMMUNITY_CATEGORIES,
	'AI',
	'Core Nodes',
	'Developer Tools',
	'ECM',
	'HITL',
];

const codices = nodes.map((node) => ({ node: node.className, codex: codexOf(node) ?? {} }));
const categoriesOf = (codex: Record<string, unknown>) =>
	Array.isArray(codex.categories) ? (codex.categories as unknown[]) : [];

describe('n8n’s upstream community-node lint rules, on the package', () => {
	it('should name every credential in camelCase ending in Api (cred-class-name-field-conventions)', () => {
		const names = credentials.map(({ instance }) => instance.name);
		expect(names.filter((name) => !/^[a-z][a-zA-Z0-9]*Api$/.test(name))).toEqual([]);
	});

	it('should end every credential class name in Api (cred-class-name-suffix)', () => {
		const classNames = credentials.map(({ className }) => className);
		expect(classNames.filter((name) => !name.endsWith('Api'))).toEqual([]);
	});

	it('should name every credential file after its class (cred-filename-against-convention)', () => {
		for (const { sourceFile, className } of credentials) {
			expect(fileName(sourceFile)).toBe(`${className}.credentials.ts`);
		}
	});

	it('should keep every icon visible on its theme’s node background (icon-contrast)', () => {
		const icons = [
			...nodes.map(({ sourceFile, instance }) => ({ sourceFile, icon: instance.description.icon })),
			...credentials.map(({ sourceFile, instance }) => ({ sourceFile, icon: instance.icon })),
		];
		const checked = icons.flatMap(({ sourceFile, icon }) => {
			// One file for both themes is checked against both backgrounds, as the rule does.
			const themed = (typeof icon === 'string' ? { light: icon, dark: icon } : icon) as Exclude<
				Icon,
				string
			>;
			return (['light', 'dark'] as const).map((theme) => {
				const svgFile = join(folderOf(sourceFile), themed[theme].replace(/^file:/, ''));
				const ratio = bestContrast(readFileSync(svgFile, 'utf8'), NODE_BACKGROUNDS[theme]);
				return { svg: `${sourceFile} ${theme}`, ratio };
			});
		});
		expect(checked.length).toBeGreaterThanOrEqual(2 * (nodes.length + credentials.length));
		const low = checked.filter(({ ratio }) => ratio === null || ratio < MINIMUM_CONTRAST_RATIO);
		expect(low).toEqual([]);
	});

	it('should measure contrast as n8n does: black on the dark background is too low (icon-contrast)', () => {
		// The rule's own example: 1.48:1. Pins the formula the check above relies on.
		const black = '<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0h1v1z"/></svg>';
		expect(bestContrast(black, NODE_BACKGROUNDS.dark)).toBeCloseTo(1.48, 2);
		expect(() => parsePaint('hsl(0 0% 0%)')).toThrow('cannot read');
	});

	it('should not use the reserved AI codex category (no-ai-codex-category)', () => {
		const ai = codices.filter(({ codex }) => categoriesOf(codex).includes('AI'));
		expect(ai.map(({ node }) => node)).toEqual([]);
	});

	it('should declare no codex subcategories (no-codex-subcategories)', () => {
		const withSubcategories = codices.filter(({ codex }) => codex.subcategories !== undefined);
		expect(withSubcategories.map(({ node }) => node)).toEqual([]);
	});

	it('should use only codex categories n8n knows (valid-codex-categories)', () => {
		for (const { codex } of codices) {
			const categories = categoriesOf(codex);
			expect(categories.filter((c) => !KNOWN_CODEX_CATEGORIES.includes(c as string))).toEqual([]);
			// Subcategories, when there are any, map a category to a list, never a plain list.
			expect(Array.isArray(codex.subcategories)).toBe(false);
		}
	});

	it('should use only the community node categories (valid-node-categories)', () => {
		for (const { codex } of codices) {
			const categories = categoriesOf(codex);
			expect(categories.length).toBeGreaterThan(0);
			expect(categories.filter((c) => !COMMUNITY_CATEGORIES.includes(c as string))).toEqual([]);
		}
	});

	it('should not be a Logic or Flow node (no-logic-or-flow-nodes)', () => {
		for (const { codex } of codices) {
			const subcategories = Object.values((codex.subcategories ?? {}) as Record<string, unknown[]>);
			const all = [...categoriesOf(codex), ...subcategories.flat()];
			expect(all.filter((c) => c === 'Logic' || c === 'Flow')).toEqual([]);
		}
	});

	it('should come from a repository of its own (no-monorepo)', () => {
		expect(packageJson.repository?.directory).toBeUndefined();
	});

	it('should carry the n8n-community-node-package keyword (require-community-node-keyword)', () => {
		expect(packageJson.keywords).toContain('n8n-community-node-package');
	});

	it('should be MIT licensed (require-mit-license)', () => {
		expect(packageJson.license).toBe('MIT');
	});

	it('should hardcode no partner, account, tenant, customer or client id (no-hardcoded-ids)', () => {
		const sources = shippedSources();
		expect(sources.length).toBeGreaterThan(10);
		expect(hardcodedIdsIn(sources)).toEqual([]);
	});

	it('should find a hardcoded id where the rule finds one (no-hardcoded-ids)', () => {
		// The rule's own examples, and the three other places it looks; a parameter read is fine.
		const code = [
			"const options = { qs: { partner_id: 'fixed-partner' } };",
			"const accountId = '123';",
			"class A { tenantId = 't-1'; }",
			"request.customerId = 'c-1';",
			"const fine = { qs: { partner_id: this.getNodeParameter('partnerId', 0) } };",
		].join('\n');
		const found = findHardcodedIds(code, 'example.node.ts').map(({ name }) => name);
		expect(found).toEqual(['partner_id', 'accountId', 'tenantId', 'customerId']);
	});
});
