/**
 * The examples' expressions rendered on the items the node really emits (simplified, against the
 * stand-in, on its virtual clock): what lands in Slack and in the sheet is what a user expects,
 * with names and a link an agent can open, and no "undefined".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject } from 'n8n-workflow';

import { clearDefinitionsCache } from '../../nodes/ZendeskExportTrigger/definitions-cache';
import { expressionWorkflow } from '../helpers/fake-poll-context';
import { nodeOnStandIn } from '../helpers/node-on-stand-in';
import { startStandIn, type StandIn } from '../zendesk-stand-in/server';

interface Node {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
}
const exampleNodes = (file: string): Node[] =>
	JSON.parse(readFileSync(join(__dirname, '..', '..', 'examples', file), 'utf8')).nodes;
const triggerOf = (nodes: Node[]) =>
	nodes.find((node) => node.type.endsWith('zendeskExportTrigger'))!;

const START_MS = Date.UTC(2026, 10, 30, 9, 0, 0);
const T = START_MS / 1000;
let standIn: StandIn;
beforeEach(async () => {
	clearDefinitionsCache();
	standIn = await startStandIn({ clock: 'virtual', virtualStartMs: START_MS });
});
afterEach(async () => {
	await standIn.close();
});

/** Runs an example's trigger, as imported but with the stand-in's token, over the story so far. */
async function itemsOf(file: string): Promise<IDataObject[]> {
	const { pollTimes: _pollTimes, ...parameters } = triggerOf(exampleNodes(file)).parameters;
	const node = nodeOnStandIn(standIn, {
		...parameters,
		authentication: 'apiToken',
		startFrom: 'date',
		startDate: new Date(START_MS).toISOString(),
	});
	expect(await node.poll()).toBeNull();
	standIn.clock.advanceBy(3 * 60_000);
	return (await node.tick()) ?? [];
}

function render(expression: string, item: IDataObject): unknown {
	return expressionWorkflow().expression.getParameterValue(
		expression,
		null,
		0,
		0,
		'Expression',
		[{ json: item }],
		'manual',
		{},
	);
}

function customerTicket() {
	const [ticket] = standIn.store.createTickets({
		atSeconds: T + 5,
		fields: {
			subject: 'Invoice shows the wrong VAT number',
			requester_id: 2001,
			submitter_id: 2001,
		},
	});
	return ticket;
}

describe('the examples on real items', () => {
	it('customer-replied-to-slack.json should post the customer’s name, the ticket, the reply and a link', async () => {
		const ticket = customerTicket();
		standIn.store.addComment(ticket.id, { atSeconds: T + 10, author: 'agent', body: 'Which one?' });
		standIn.store.addComment(ticket.id, {
			atSeconds: T + 20,
			author: 'requester',
			body: 'INV-42.',
		});
		const items = await itemsOf('customer-replied-to-slack.json');
		const slack = exampleNodes('customer-replied-to-slack.json').find(
			(n) => n.name === 'Post to Slack',
		)!;
		const customer = standIn.store.getUser(2001) as { name: string };
		// The ticket's opening comment and the agent's answer are not replies by the customer.
		expect(items.map((item) => render(slack.parameters.text as string, item))).toEqual([
			`:speech_balloon: ${customer.name} replied on #${ticket.id} Invoice shows the wrong VAT number:\n` +
				`INV-42.\n<${standIn.url}/agent/tickets/${ticket.id}|Open in Zendesk>`,
		]);
	});

	it('ticket-solved-to-slack.json should post who solved it, the subject, the requester and a link', async () => {
		const ticket = customerTicket();
		standIn.store.updateTicket(ticket.id, {
			atSeconds: T + 30,
			fields: { status: 'solved' },
			updaterId: 1002,
		});
		const items = await itemsOf('ticket-solved-to-slack.json');
		const slack = exampleNodes('ticket-solved-to-slack.json').find(
			(n) => n.name === 'Post to Slack',
		)!;
		const agent = standIn.store.getUser(1002) as { name: string };
		const customer = standIn.store.getUser(2001) as { name: string };
		expect(items.map((item) => render(slack.parameters.text as string, item))).toEqual([
			`:white_check_mark: Solved by ${agent.name}: #${ticket.id} Invoice shows the wrong VAT number (asked by ${customer.name})\n` +
				`<${standIn.url}/agent/tickets/${ticket.id}|Open in Zendesk>`,
		]);
	});

	it('ticket-change-to-google-sheets.json should fill two custom fields by title, the dropdown by its name', async () => {
		standIn.store.createTickets({
			atSeconds: T + 5,
			fields: {
				custom_fields: [
					{ id: 7001, value: 'plan_team' },
					{ id: 7002, value: '5' },
				],
			},
		});
		const [item] = await itemsOf('ticket-change-to-google-sheets.json');
		const sheets = exampleNodes('ticket-change-to-google-sheets.json').find(
			(n) => n.name === 'Append or Update Row',
		)!;
		const columns = (sheets.parameters.columns as { value: Record<string, string> }).value;
		const row = Object.fromEntries(
			Object.entries(columns).map(([column, expression]) => [column, render(expression, item)]),
		);
		expect(row).toMatchObject({
			plan: 'Team',
			seats: '5',
			link: `${standIn.url}/agent/tickets/${item.id}`,
		});
		expect(Object.values(row).filter((value) => value === undefined || value === null)).toEqual([]);
	});

	it('tag-added-to-google-sheets.json should append a row only when the vip tag is added', async () => {
		const ticket = customerTicket();
		standIn.store.updateTicket(ticket.id, { atSeconds: T + 30, fields: { tags: ['billing'] } });
		standIn.store.updateTicket(ticket.id, {
			atSeconds: T + 40,
			fields: { tags: ['billing', 'vip'] },
		});
		const items = await itemsOf('tag-added-to-google-sheets.json');
		expect(items).toHaveLength(1);
		const sheets = exampleNodes('tag-added-to-google-sheets.json').find(
			(n) => n.name === 'Append Row',
		)!;
		const columns = (sheets.parameters.columns as { value: Record<string, string> }).value;
		expect(render(columns.ticket_id, items[0])).toBe(ticket.id);
		expect(render(columns.subject, items[0])).toBe('Invoice shows the wrong VAT number');
		expect(render(columns.link, items[0])).toBe(`${standIn.url}/agent/tickets/${ticket.id}`);
	});
});
