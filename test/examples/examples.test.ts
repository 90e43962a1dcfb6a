/**
 * The example workflows in examples/ against the node as it is now: a renamed parameter or option
 * would leave a user importing a workflow that silently does something else. The e2e suite runs
 * them in a real n8n; these checks are the fast half, run with every `npm test`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { ZendeskExportTrigger } from '../../nodes/ZendeskExportTrigger/ZendeskExportTrigger.node';
import { expressionWorkflow } from '../helpers/fake-poll-context';
import { nodeOnStandIn } from '../helpers/node-on-stand-in';
import { startStandIn } from '../zendesk-stand-in/server';

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
	it('should be the four the README promises', () => {
		expect(files.sort()).toEqual([
			'backfill-from-date-to-spreadsheet.json',
			'customer-replied-to-slack.json',
			'new-or-changed-ticket-to-slack.json',
			'ticket-change-to-google-sheets.json',
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

	it('should trigger on public comments by end users, with the ticket and the author on each', () => {
		expect(trigger.parameters).toMatchObject({
			triggerOn: 'comments',
			startFrom: 'now',
			commentOptions: { visibility: 'public', authors: 'endUsers', addTicketAndAuthor: true },
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

	it('should post who replied, on which ticket, and what they wrote, for the items the node really emits', async () => {
		const startMs = Date.UTC(2026, 10, 30, 9, 0, 0);
		const standIn = await startStandIn({ clock: 'virtual', virtualStartMs: startMs });
		try {
			const t = startMs / 1000;
			const [ticket] = standIn.store.createTickets({
				atSeconds: t + 5,
				fields: { subject: 'Invoice shows the wrong VAT number', submitter_id: 1002 },
			});
			standIn.store.addComment(ticket.id, {
				atSeconds: t + 10,
				author: 'agent',
				body: 'Which one?',
			});
			standIn.store.addComment(ticket.id, {
				atSeconds: t + 15,
				author: 'requester',
				public: false,
				body: 'an internal note by the requester',
			});
			standIn.store.addComment(ticket.id, {
				atSeconds: t + 20,
				author: 'requester',
				body: 'It is INV-2026-0042.',
			});
			standIn.store.addComment(ticket.id, {
				atSeconds: t + 25,
				author: 'end-user',
				body: 'Same here.',
			});
			// As imported, with the stand-in's token instead of OAuth, reading from just before.
			const { pollTimes: _pollTimes, ...parameters } = trigger.parameters;
			const node = nodeOnStandIn(standIn, {
				...parameters,
				authentication: 'apiToken',
				startFrom: 'date',
				startDate: new Date(startMs).toISOString(),
			});
			expect(await node.poll()).toBeNull();
			standIn.clock.advanceBy(3 * 60_000);
			const items = (await node.tick()) ?? [];

			// Only the two public end-user comments: not the agent's, not the internal note.
			expect(items.map((item) => item.plain_body)).toEqual(['It is INV-2026-0042.', 'Same here.']);
			const workflow = expressionWorkflow();
			const render = (json: object) =>
				workflow.expression.getParameterValue(
					slack.parameters.text as string,
					null,
					0,
					0,
					'Expression',
					[{ json: json as IDataObject }],
					'manual',
					{},
				);
			for (const item of items) {
				const author = item.author as IDataObject;
				expect(author.role).toBe('end-user');
				expect(render(item)).toBe(
					`:speech_balloon: ${String(author.name)} replied on #${ticket.id} Invoice shows the wrong VAT number:\n` +
						`${String(item.plain_body)}\n` +
						`<${standIn.url}/agent/tickets/${ticket.id}|Open in Zendesk>`,
				);
			}
			// A deleted ticket or user is not found by the lookup: the message still goes out.
			expect(render({ ...items[0], ticket: null, author: null })).toBe(
				`:speech_balloon: A customer replied on #${ticket.id} :\nIt is INV-2026-0042.`,
			);
		} finally {
			await standIn.close();
		}
	});
});
