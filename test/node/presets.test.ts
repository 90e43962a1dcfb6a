/**
 * The Trigger On presets through the real node against the stand-in: each is a ready filter of New
 * Comment or Ticket Field Changed, and emits exactly the changes its name promises, and a user who
 * picks one can still change its filters.
 */
import type { IDataObject } from 'n8n-workflow';
import { startStandIn, type StandIn } from '../zendesk-stand-in/server';
import { nodeOnStandIn } from '../helpers/node-on-stand-in';

const START_MS = Date.UTC(2026, 5, 1, 12);
let standIn: StandIn;
let ticketId: number;
let secondTicketId: number;

beforeEach(async () => {
	standIn = await startStandIn({ clock: 'virtual', virtualStartMs: START_MS });
	const at = standIn.store.now() - 3000;
	const made = standIn.store.createTickets({
		count: 2,
		atSeconds: at,
		// Opened by the customer: the opening comment is an end user's public comment.
		fields: {
			status: 'open',
			priority: 'normal',
			assignee_id: null,
			tags: ['billing'],
			requester_id: 2001,
			submitter_id: 2001,
		},
	});
	[ticketId, secondTicketId] = made.map((ticket: { id: number }) => ticket.id);
	const update = (id: number, offset: number, fields: IDataObject) =>
		standIn.store.updateTicket(id, { atSeconds: at + offset, fields });
	update(ticketId, 60, { assignee_id: 1002 }); // assigned
	update(ticketId, 120, { tags: ['billing', 'vip'] }); // a tag added
	update(ticketId, 180, { tags: ['vip'] }); // a tag removed only
	update(ticketId, 240, { priority: 'urgent' });
	update(ticketId, 300, { assignee_id: null }); // unassigned
	update(ticketId, 360, { status: 'pending' });
	update(ticketId, 420, { status: 'solved' });
	update(secondTicketId, 450, { status: 'solved' });
	standIn.store.addComment(secondTicketId, {
		body: 'Any news?',
		author: 'requester',
		atSeconds: at + 480,
	});
	standIn.store.addComment(secondTicketId, {
		body: 'Checking',
		author: 'agent',
		atSeconds: at + 540,
	});
	standIn.store.addComment(secondTicketId, {
		body: 'note to self',
		author: 'requester',
		public: false,
		atSeconds: at + 600,
	});
});
afterEach(async () => {
	await standIn.close();
});

async function itemsOf(parameters: IDataObject): Promise<IDataObject[]> {
	const node = nodeOnStandIn(standIn, {
		startFrom: 'date',
		startDate: new Date(START_MS - 3600_000).toISOString(),
		...parameters,
	});
	expect(await node.poll()).toBeNull();
	const items: IDataObject[] = [];
	for (let tick = 0; tick < 3; tick++) items.push(...((await node.tick()) ?? []));
	return items;
}

const changes = (items: IDataObject[]) =>
	items.map((item) => [item.ticket_id, item.field, item.value]);

describe('Trigger On presets', () => {
	it('should emit Ticket Solved once per ticket that became solved', async () => {
		const items = await itemsOf({ triggerOn: 'ticketSolved' });
		expect(changes(items)).toEqual([
			[ticketId, 'status', 'solved'],
			[secondTicketId, 'status', 'solved'],
		]);
	});

	it('should emit Tag Added to Ticket for an added tag, not for a tag only removed', async () => {
		const items = await itemsOf({ triggerOn: 'tagAdded' });
		expect(items.map((item) => [item.ticket_id, item.added_tags])).toEqual([[ticketId, ['vip']]]);
	});

	it('should emit Tag Added to Ticket only for the tags named in To Values', async () => {
		expect(await itemsOf({ triggerOn: 'tagAdded', toValues: 'urgent-review' })).toEqual([]);
		expect(await itemsOf({ triggerOn: 'tagAdded', toValues: 'VIP' })).toHaveLength(1);
	});

	it('should emit Ticket Assigned when a ticket gets an assignee, not when it is unassigned', async () => {
		const items = await itemsOf({ triggerOn: 'ticketAssigned' });
		expect(changes(items)).toEqual([[ticketId, 'assignee_id', 1002]]);
	});

	it('should emit Priority Changed for every change of priority', async () => {
		const items = await itemsOf({ triggerOn: 'priorityChanged' });
		expect(changes(items)).toEqual([[ticketId, 'priority', 'urgent']]);
	});

	it('should emit Customer Replied for a customer’s public reply, not the opening comment, an agent’s reply or an internal note', async () => {
		const items = await itemsOf({ triggerOn: 'customerReplied' });
		expect(items.map((item) => [item.ticket_id, item.body])).toEqual([
			[secondTicketId, 'Any news?'],
		]);
	});

	it('should let a user widen a preset: Ticket Solved with To Values "solved, pending"', async () => {
		const items = await itemsOf({ triggerOn: 'ticketSolved', toValues: 'solved, pending' });
		expect(changes(items)).toEqual([
			[ticketId, 'status', 'pending'],
			[ticketId, 'status', 'solved'],
			[secondTicketId, 'status', 'solved'],
		]);
	});

	it('should keep a position per preset: switching presets starts over', async () => {
		const node = nodeOnStandIn(standIn, { triggerOn: 'ticketSolved', startFrom: 'now' });
		expect(await node.poll()).toBeNull();
		const solvedKey = node.staticData.configKey;
		const other = nodeOnStandIn(standIn, { triggerOn: 'priorityChanged', startFrom: 'now' });
		expect(await other.poll()).toBeNull();
		expect(other.staticData.configKey).not.toEqual(solvedKey);
	});
});
