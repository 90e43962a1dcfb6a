/**
 * The example workflows in examples/ against the node as it is now: a renamed parameter or option
 * would leave a user importing a workflow that silently does something else. The e2e suite runs
 * them in a real n8n; these checks are the fast half, run with every `npm test`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INodeProperties } from 'n8n-workflow';

import { ZendeskExportTrigger } from '../../nodes/ZendeskExportTrigger/ZendeskExportTrigger.node';

const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const description = new ZendeskExportTrigger().description;
const TRIGGER_TYPE = `${pkg.name}.${description.name}`;

interface WorkflowNode {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}
interface Workflow {
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
}

const files = readdirSync(join(ROOT, 'examples')).filter((file) => file.endsWith('.json'));
const examples = files.map((file) => ({
	file,
	text: readFileSync(join(ROOT, 'examples', file), 'utf8'),
	workflow: JSON.parse(readFileSync(join(ROOT, 'examples', file), 'utf8')) as Workflow,
}));

type Values = Record<string, unknown>;

/** What dragging a field from n8n's output gives: `$json.a.b`, `$json["A b"]`, `$binary.data.fileName`. */
const PLAIN_FIELD = /^\$(json|binary|execution)(\.[A-Za-z_][A-Za-z0-9_]*|\[(['"])[^'"]+\3\])+$/;

/** Whether `property` shows in the editor for these values (its `displayOptions`, unset → default). */
function shown(property: INodeProperties, values: Values, properties: INodeProperties[]): boolean {
	const valueOf = (name: string) =>
		name in values
			? values[name]
			: properties.find((candidate) => candidate.name === name)?.default;
	const matches = (rule: Record<string, unknown[] | undefined> | undefined, whenEmpty: boolean) =>
		rule === undefined || Object.keys(rule).length === 0
			? whenEmpty
			: Object.entries(rule).every(([name, allowed]) => (allowed ?? []).includes(valueOf(name)));
	const { show, hide } = property.displayOptions ?? {};
	return (
		matches(show as Record<string, unknown[]>, true) &&
		!(hide && matches(hide as Record<string, unknown[]>, false))
	);
}

/**
 * Every parameter value the description does not declare, or declares only for other settings
 * (hidden in the editor, e.g. the tickets' `options` beside Trigger On = New Comment), or whose
 * value is not one of the property's options, as `path: what`. A name several properties share
 * (`changeEvent`, one per mode) is checked against the one that shows.
 */
function undeclared(values: Values, properties: INodeProperties[], path = ''): string[] {
	return Object.entries(values).flatMap(([name, value]) => {
		const named = properties.filter((candidate) => candidate.name === name);
		if (!named.length) return [`${path}${name}: not a parameter`];
		const property = named.find((candidate) => shown(candidate, values, properties));
		if (!property) return [`${path}${name}: hidden for these settings`];
		if (property.type === 'collection' && property.options) {
			return undeclared(value as Values, property.options as INodeProperties[], `${path}${name}.`);
		}
		if ((property.type === 'options' || property.type === 'multiOptions') && property.options) {
			const allowed = (property.options as Array<{ value: unknown }>).map((option) => option.value);
			const given = Array.isArray(value) ? value : [value];
			return given
				.filter((one) => !allowed.includes(one))
				.map((one) => `${path}${name}: ${String(one)}`);
		}
		if (property.type === 'boolean' && typeof value !== 'boolean') {
			return [`${path}${name}: ${JSON.stringify(value)} is not a boolean`];
		}
		return [];
	});
}

describe('the example workflows', () => {
	it('should be the six the README promises', () => {
		expect(files.sort()).toEqual([
			'backfill-from-date-to-spreadsheet.json',
			'customer-replied-to-slack.json',
			'new-or-changed-ticket-to-slack.json',
			'tag-added-to-google-sheets.json',
			'ticket-change-to-google-sheets.json',
			'ticket-solved-to-slack.json',
		]);
	});

	describe.each(examples)('$file', ({ workflow, text }) => {
		const trigger = workflow.nodes.find((node) => node.type === TRIGGER_TYPE);

		it('should start with this package’s trigger at a version the node has', () => {
			expect(trigger).toBeDefined();
			expect([description.version].flat()).toContain(trigger?.typeVersion);
		});

		it('should set only parameters and options the trigger declares', () => {
			// Poll Times comes from n8n itself for every polling node.
			const { pollTimes, ...parameters } = trigger?.parameters ?? {};
			expect(pollTimes).toBeDefined();
			expect(undeclared(parameters, description.properties)).toEqual([]);
		});

		it('should name a credential the trigger accepts for its authentication, with no real id', () => {
			const accepted = description.credentials
				?.filter((credential) =>
					(credential.displayOptions?.show?.authentication ?? []).includes(
						trigger?.parameters.authentication as string,
					),
				)
				.map((credential) => credential.name);
			expect(Object.keys(trigger?.credentials ?? {})).toEqual(accepted);
			for (const node of workflow.nodes) {
				for (const credential of Object.values(node.credentials ?? {})) {
					expect(credential.id).toBe('REPLACE_WITH_YOUR_CREDENTIAL');
				}
			}
		});

		it('should connect the trigger to a node that exists, and every connection to a node that exists', () => {
			const names = new Set(workflow.nodes.map((node) => node.name));
			expect(workflow.connections[trigger?.name ?? '']?.main[0]?.length).toBeGreaterThan(0);
			const targets = Object.values(workflow.connections).flatMap((output) =>
				output.main.flat().map((connection) => connection.node),
			);
			expect(targets.filter((target) => !names.has(target))).toEqual([]);
			expect(names.size).toBe(workflow.nodes.length);
		});

		it('should map plain fields only, as a user who drags them from the output would', () => {
			// {{ $json.agent_url }}, {{ $json.custom_fields.Plan }}: no method call, no operator.
			const expressions = [...text.matchAll(/{{(.*?)}}/g)].map((match) => match[1].trim());
			expect(expressions.length).toBeGreaterThan(0);
			expect(expressions.filter((expression) => !PLAIN_FIELD.test(expression))).toEqual([]);
		});

		it('should hold no secret', () => {
			expect(text).not.toMatch(
				/xox[abp]-|ya29\.|-----BEGIN|"(accessToken|apiToken|clientSecret|password)"\s*:/i,
			);
		});
	});
});

describe('the parameter check the examples go through', () => {
	const check = (values: Values) => undeclared(values, description.properties);

	it('should accept what a user can set for the mode', () => {
		expect(check({ event: 'created', options: { statuses: ['open'] } })).toEqual([]);
		expect(check({ triggerOn: 'users', changeEvent: 'created', userOptions: {} })).toEqual([]);
		expect(check({ triggerOn: 'fieldChanges', fields: ['status'], toValues: 'solved' })).toEqual(
			[],
		);
	});

	it('should refuse a mode, an option or a value the node does not have', () => {
		expect(check({ triggerOn: 'comment' })).toEqual(['triggerOn: comment']);
		expect(check({ triggerOn: 'comments', commentOptions: { visibility: 'publik' } })).toEqual([
			'commentOptions.visibility: publik',
		]);
		expect(check({ triggerOn: 'comments', commentOptions: { addTicketAndAuthors: true } })).toEqual(
			['commentOptions.addTicketAndAuthors: not a parameter'],
		);
		expect(
			check({ triggerOn: 'comments', commentOptions: { addTicketAndAuthor: 'true' } }),
		).toEqual(['commentOptions.addTicketAndAuthor: "true" is not a boolean']);
	});

	it('should refuse a parameter the editor hides for the mode, since the node never reads it', () => {
		expect(check({ triggerOn: 'comments', options: {} })).toEqual([
			'options: hidden for these settings',
		]);
		expect(check({ triggerOn: 'comments', event: 'created' })).toEqual([
			'event: hidden for these settings',
		]);
		expect(check({ changeEvent: 'created' })).toEqual(['changeEvent: hidden for these settings']);
		expect(check({ triggerOn: 'tickets', commentOptions: {} })).toEqual([
			'commentOptions: hidden for these settings',
		]);
	});
});

describe('customer-replied-to-slack.json', () => {
	const example = examples.find((one) => one.file === 'customer-replied-to-slack.json')!;
	const trigger = example.workflow.nodes.find((node) => node.type === TRIGGER_TYPE)!;
	const slack = example.workflow.nodes.find((node) => node.type === 'n8n-nodes-base.slack')!;

	it('should use the Customer Replied preset, simplified', () => {
		expect(trigger.parameters).toMatchObject({
			triggerOn: 'customerReplied',
			startFrom: 'now',
			simplify: true,
		});
		expect(example.workflow.connections[trigger.name].main[0]).toEqual([
			expect.objectContaining({ node: slack.name }),
		]);
	});

	it('should use the Slack node version of the other Slack example (the one the e2e runs in n8n 1.x and 2.x)', () => {
		const other = examples
			.find((one) => one.file === 'new-or-changed-ticket-to-slack.json')!
			.workflow.nodes.find((node) => node.type === 'n8n-nodes-base.slack')!;
		expect(slack.typeVersion).toBe(other.typeVersion);
		const { text: _text, channelId, ...rest } = slack.parameters;
		const { text: _other, channelId: _channel, ...otherRest } = other.parameters;
		expect(rest).toEqual(otherRest);
		expect(channelId).toMatchObject({ __rl: true, mode: 'name' });
	});
});
