/**
 * n8n's newer community-node lint rules (issue 19) that the published plugin (0.32.0, what
 * `npm run lint` runs) does not have yet, checked on what n8n loads: the node's description with
 * every Trigger On mode's parameters, and the credentials. The rules read a `.node.ts` file's
 * syntax, so they see nothing behind an imported properties array; these checks read the built
 * description, at every depth. Each rule, its source in n8n's repository and our result:
 * docs/upstream-lint.md. The package-level rules: upstream-lint-package.test.ts.
 */
import type { INodeProperties } from 'n8n-workflow';
import {
	choicesOf,
	credentials,
	everyParameter,
	fileName,
	nodes,
	packageJson,
	type WalkedProperty,
} from './lint/package-parts';

const parameters = everyParameter();
const nodeParameters = (node: (typeof nodes)[number]) =>
	parameters.filter((walked) => walked.path.startsWith(`${node.className} > `));
const report = (walked: WalkedProperty[]) => walked.map(({ path }) => path);

/**
 * Top-level optional fields that stay at the top level, each with why. The rule wants optional
 * fields in an Options collection; moving one would also rename it in every saved workflow.
 */
const TOP_LEVEL_BY_DESIGN: Record<string, string> = {
	event: 'Ticket Created or Updated: which change triggers, as the Event of n8n’s own triggers',
	changeEvent: 'users and organizations: which change triggers (the Event)',
	authors: 'Customer Replied: the preset is these values, shown so the user sees what it means',
	visibility: 'Customer Replied: the preset is these values, shown so the user sees what it means',
	repliesOnly: 'Customer Replied: the preset is these values, shown so the user sees what it means',
	fields: 'Ticket Field Changed and its presets: which field change triggers',
	toValues: 'Ticket Field Changed and its presets: which new value triggers',
	onlySetValues: 'Ticket Field Changed and its presets: whether a cleared field triggers',
	slaMetrics: 'SLA Breached: which missed target triggers',
	simplify: 'n8n’s own nodes show Simplify at the top level, in these words',
};

/** Exempt in the rule: they decide which other fields n8n shows, or hold no input. */
const RULE_SELECTORS = new Set(['resource', 'operation', 'authentication']);
const NOT_FIELDS = new Set([
	'collection',
	'fixedCollection',
	'notice',
	'callout',
	'hidden',
	'curlImport',
]);

/** Names other parameters' displayOptions refer to: selectors, as Trigger On and Start From are. */
function selectorNames(properties: INodeProperties[]): Set<string> {
	return new Set(
		properties.flatMap((property) => [
			...Object.keys(property.displayOptions?.show ?? {}),
			...Object.keys(property.displayOptions?.hide ?? {}),
		]),
	);
}

describe('n8n’s upstream community-node lint rules, on the description n8n loads', () => {
	it('should walk every registered node and credential, collections included', () => {
		expect(nodes.map(({ sourceFile }) => sourceFile)).toHaveLength(packageJson.n8n.nodes.length);
		expect(credentials).toHaveLength(packageJson.n8n.credentials.length);
		expect(parameters.some(({ topLevel }) => !topLevel)).toBe(true);
		const triggerOn = parameters.find(({ path }) => path.endsWith(' > triggerOn'));
		expect(choicesOf(triggerOn!.property).length).toBeGreaterThan(1);
	});

	it('should give every parameter a default (require-param-default)', () => {
		expect(report(parameters.filter(({ property }) => !('default' in property)))).toEqual([]);
	});

	it('should list the choices of every options parameter alphabetically (options-sorted-alphabetically)', () => {
		const unsorted = parameters.filter(({ property }) => {
			if (property.type !== 'options') return false;
			const names = choicesOf(property).map((choice) => choice.name);
			const sorted = [...names].sort((a, b) =>
				a.localeCompare(b, undefined, { sensitivity: 'base' }),
			);
			return names.some((name, index) => name !== sorted[index]);
		});
		expect(report(unsorted)).toEqual([]);
	});

	it('should give every choice of a parameter its own name and value (no-duplicate-param-options)', () => {
		const duplicated = parameters.filter(({ property }) => {
			const choices = choicesOf(property);
			const distinct = (values: unknown[]) => new Set(values).size === values.length;
			return !distinct(choices.map((c) => c.name)) || !distinct(choices.map((c) => c.value));
		});
		expect(report(duplicated)).toEqual([]);
	});

	it('should put no asterisk in a choice’s name (no-asterisk-in-option-names)', () => {
		const names = parameters.flatMap(({ path, property }) =>
			(property.options ?? []).map((option) => `${path}: ${option.name}`),
		);
		expect(names.filter((name) => name.includes('*'))).toEqual([]);
	});

	it('should keep every hint to 120 characters (hint-max-length)', () => {
		const long = parameters.filter(({ property }) => (property.hint ?? '').length > 120);
		expect(report(long)).toEqual([]);
	});

	it('should have no optional JSON parameter (open-ended-node-fields)', () => {
		const json = parameters.filter(
			({ property }) => property.type === 'json' && !property.required,
		);
		expect(report(json)).toEqual([]);
	});

	it('should keep optional fields in an Options collection, but for the listed ones (non-required-fields-in-collection)', () => {
		for (const node of nodes) {
			const selectors = selectorNames(node.instance.description.properties);
			const atTopLevel = nodeParameters(node).filter(
				({ property, topLevel }) =>
					topLevel &&
					property.required !== true &&
					!NOT_FIELDS.has(property.type) &&
					!RULE_SELECTORS.has(property.name) &&
					!selectors.has(property.name),
			);
			// A new one: put it in its mode's Options collection, or list it above with why.
			const unlisted = atTopLevel.filter(({ property }) => !(property.name in TOP_LEVEL_BY_DESIGN));
			expect(report(unlisted)).toEqual([]);
		}
	});

	it('should let the user pick exactly one credential (single-credential-per-node)', () => {
		for (const node of nodes) {
			const { credentials: declared = [], properties } = node.instance.description;
			const multiOptions = new Set(
				properties.filter(({ type }) => type === 'multiOptions').map(({ name }) => name),
			);
			const exclusive = (left: number, right: number) =>
				Object.entries(declared[left].displayOptions?.show ?? {}).some(([name, values]) => {
					const other = declared[right].displayOptions?.show?.[name];
					if (multiOptions.has(name) || !Array.isArray(values) || !Array.isArray(other)) {
						return false;
					}
					return values.every((value) => !other.includes(value));
				});
			const together = declared.flatMap((left, i) =>
				declared
					.slice(i + 1)
					.flatMap((right, j) => (exclusive(i, i + 1 + j) ? [] : [[left.name, right.name]])),
			);
			expect(together).toEqual([]);
		}
	});

	it('should name every node in camelCase (node-class-description-name-camelcase)', () => {
		const names = nodes.map(({ instance }) => instance.description.name);
		expect(names.filter((name) => !/^[a-z][a-zA-Z0-9]*$/.test(name))).toEqual([]);
	});

	it('should name every node file after its node (node-filename-against-convention)', () => {
		for (const { sourceFile, instance } of nodes) {
			const { name } = instance.description;
			const expected = new RegExp(`^${name[0].toUpperCase()}${name.slice(1)}(V\\d+)?\\.node\\.ts$`);
			expect(fileName(sourceFile)).toMatch(expected);
		}
	});

	it('should not use n8n’s core color #FF6D5A (node-class-description-non-core-color)', () => {
		for (const { instance } of nodes) {
			const description = instance.description as { color?: string; defaults: { color?: string } };
			const colors = [description.color, description.defaults.color].map((c) => c?.toUpperCase());
			expect(colors).not.toContain('#FF6D5A');
		}
	});

	it('should have no execute(), so the item-loop rules have nothing to check (require-continue-on-fail, node-operation-error-itemindex, prefer-declarative-style)', () => {
		// A poll-only trigger: if an execute() comes, these three rules apply to it.
		for (const { instance } of nodes) {
			expect(instance.execute).toBeUndefined();
			expect(typeof instance.poll).toBe('function');
		}
	});
});
