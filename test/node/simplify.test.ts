/**
 * What a person gets with Simplify on, per Trigger On mode, through the real node against the
 * stand-in: names instead of ids, custom fields by title, the page an agent opens, and what each
 * poll costs in lookups and definitions reads beside the export (they share the account's
 * 700-a-minute limit with everything else, so the count is part of the promise).
 */
import type { IDataObject } from 'n8n-workflow';
import { clearDefinitionsCache } from '../../nodes/ZendeskExportTrigger/definitions-cache';
import { startStandIn, type StandIn } from '../zendesk-stand-in/server';
import { nodeOnStandIn, type NodeOnStandIn } from '../helpers/node-on-stand-in';

const START_MS = Date.UTC(2026, 5, 1, 12);
const GROUP_NAMES: Record<number, string> = {
	4001: 'Support',
	4002: 'Billing',
	4003: 'Escalations',
};
const SIDE_ENDPOINTS = ['users_show_many', 'tickets_show_many', 'ticket_fields', 'groups'];
const CUSTOM = [
	{ id: 7001, value: 'plan_team' },
	{ id: 7002, value: '5' },
	{ id: 7003, value: true },
];

let standIn: StandIn;
beforeEach(async () => {
	clearDefinitionsCache();
	standIn = await startStandIn({ clock: 'virtual', virtualStartMs: START_MS });
});
afterEach(async () => {
	await standIn.close();
});

/** How many requests each lookup and definitions list got so far. */
async function sideRequests(): Promise<Record<string, number>> {
	const log = (await (await fetch(`${standIn.url}/__control/requests`)).json()) as Array<{
		endpoint: string;
	}>;
	return Object.fromEntries(
		SIDE_ENDPOINTS.map((endpoint) => [endpoint, log.filter((e) => e.endpoint === endpoint).length]),
	);
}

/** A node with Simplify on, past its activation poll (which only sets the position). */
async function simplifiedNode(parameters: IDataObject): Promise<NodeOnStandIn> {
	const node = nodeOnStandIn(standIn, { simplify: true, ...parameters });
	expect(await node.poll()).toBeNull();
	return node;
}

/** Lets the export serve what happened (it withholds the last minute), then ticks. */
async function tickAfterChanges(node: NodeOnStandIn): Promise<IDataObject[]> {
	standIn.clock.advanceBy(61_000);
	return (await node.tick()) ?? [];
}

const userName = (id: unknown) => standIn.store.getUser(Number(id))?.name ?? null;
const agentUrl = (section: string, id: unknown) => `${standIn.url}/agent/${section}/${String(id)}`;

describe('Simplify per Trigger On mode, against the stand-in', () => {
	it('should give a ticket with names from the sideloads and custom fields by title, for one definitions read', async () => {
		const node = await simplifiedNode({ triggerOn: 'tickets' });
		const [ticket] = standIn.store.createTickets({ count: 1, fields: { custom_fields: CUSTOM } });
		const [item] = await tickAfterChanges(node);
		const requester = standIn.store.getUser(ticket.requester_id)!;
		expect(item).toMatchObject({
			id: ticket.id,
			generated_timestamp: ticket.generated_timestamp,
			subject: ticket.subject,
			requester_name: requester.name,
			requester_email: requester.email,
			assignee_name: ticket.assignee_id === null ? null : userName(ticket.assignee_id),
			group_name: GROUP_NAMES[ticket.group_id],
			organization_name:
				ticket.organization_id === null
					? null
					: standIn.store.getOrganization(ticket.organization_id)!.name,
			custom_fields: { Plan: 'Team', Seats: '5', 'VIP customer': true },
			agent_url: agentUrl('tickets', ticket.id),
		});
		// The names come in the export's own answer (include=…), not from lookups.
		const [exportRequest] = (await node.exportRequests()).slice(-1);
		expect(exportRequest.query.include.split(',').sort()).toEqual([
			'groups',
			'organizations',
			'users',
		]);
		expect(await sideRequests()).toEqual({
			users_show_many: 0,
			tickets_show_many: 0,
			ticket_fields: 1,
			groups: 0,
		});
	});

	it('should give a comment with its author and ticket named, for two lookups and no definitions', async () => {
		const node = await simplifiedNode({ triggerOn: 'comments' });
		const [ticket] = standIn.store.createTickets({ count: 1 });
		const { commentId } = standIn.store.addComment(ticket.id, {
			body: 'It works again',
			author: 'requester',
		})!;
		const items = await tickAfterChanges(node);
		expect(items.find((item) => item.id === commentId)).toMatchObject({
			id: commentId,
			ticket_id: ticket.id,
			ticket_subject: ticket.subject,
			body: 'It works again',
			public: true,
			author_name: userName(ticket.requester_id),
			author_role: 'end-user',
			requester_name: userName(ticket.requester_id),
			agent_url: agentUrl('tickets', ticket.id),
		});
		expect(await sideRequests()).toEqual({
			users_show_many: 1,
			tickets_show_many: 1,
			ticket_fields: 0,
			groups: 0,
		});
	});

	it('should give field changes with the field title and values by name, reading the lists once across polls', async () => {
		const node = await simplifiedNode({ triggerOn: 'fieldChanges' });
		const [ticket] = standIn.store.createTickets({
			count: 1,
			fields: { custom_fields: CUSTOM, group_id: 4001 },
		});
		standIn.clock.advanceBy(5_000);
		standIn.store.updateTicket(ticket.id, {
			fields: {
				custom_fields: [{ id: 7001, value: 'plan_business' }, ...CUSTOM.slice(1)],
				group_id: 4002,
				assignee_id: 1002,
			},
			updaterId: 1001,
		});
		const items = await tickAfterChanges(node);
		const byField = Object.fromEntries(items.map((item) => [item.field, item]));
		expect(byField['custom_field:7001']).toMatchObject({
			event_id: expect.any(Number),
			field_title: 'Plan',
			value: 'Business',
			previous_value: 'Team',
			ticket_subject: ticket.subject,
			requester_name: userName(ticket.requester_id),
			updater_name: 'Ada Admin',
			agent_url: agentUrl('tickets', ticket.id),
		});
		expect(byField.group_id).toMatchObject({ value: 'Billing', previous_value: 'Support' });
		expect(byField.assignee_id).toMatchObject({
			field_title: 'Assignee',
			value: 'Alex Agent',
			previous_value: ticket.assignee_id === null ? null : userName(ticket.assignee_id),
		});
		// The updater and assignees, then the requester (whom only the ticket names).
		expect(await sideRequests()).toEqual({
			users_show_many: 2,
			tickets_show_many: 1,
			ticket_fields: 1,
			groups: 1,
		});
		// Another change, another poll: new lookups (the requester after the ticket, as only the
		// ticket names it), the same cached lists.
		standIn.store.updateTicket(ticket.id, { fields: { status: 'pending' } });
		expect(await tickAfterChanges(node)).toEqual([
			expect.objectContaining({
				field: 'status',
				field_title: 'Status',
				value: 'pending',
				requester_name: userName(ticket.requester_id),
			}),
		]);
		expect(await sideRequests()).toEqual({
			users_show_many: 4,
			tickets_show_many: 2,
			ticket_fields: 1,
			groups: 1,
		});
	});

	it('should look nothing up for the changes Ticket Solved does not emit, such as a thousand new tickets', async () => {
		const node = await simplifiedNode({ triggerOn: 'ticketSolved' });
		standIn.store.burst({ count: 1000 });
		const [ticket] = standIn.store.createTickets({ count: 1 });
		standIn.clock.advanceBy(5_000);
		standIn.store.updateTicket(ticket.id, { fields: { status: 'solved' }, updaterId: 1002 });
		expect(await tickAfterChanges(node)).toEqual([
			expect.objectContaining({
				ticket_id: ticket.id,
				value: 'solved',
				updater_name: 'Alex Agent',
			}),
		]);
		// Named for the one solved ticket only: before, each page of new tickets cost ten
		// tickets/show_many requests and more for their requesters, for names nobody receives.
		expect(await sideRequests()).toEqual({
			users_show_many: 2,
			tickets_show_many: 1,
			ticket_fields: 1,
			groups: 1,
		});
	});

	it.each(['users', 'organizations'] as const)(
		'should give %s flat with the agent link, for no lookup at all',
		async (kind) => {
			const node = await simplifiedNode({ triggerOn: kind });
			const [record] =
				kind === 'users'
					? standIn.store.createUsers({ count: 1 })
					: standIn.store.createOrganizations({ count: 1 });
			const [item] = await tickAfterChanges(node);
			expect(item).toMatchObject({
				id: record.id,
				updated_at: record.updated_at,
				name: record.name,
				agent_url: agentUrl(kind, record.id),
			});
			expect(Object.values(await sideRequests())).toEqual([0, 0, 0, 0]);
		},
	);

	it('should give Ticket Assigned with the new assignee by name', async () => {
		const node = await simplifiedNode({ triggerOn: 'ticketAssigned' });
		const [ticket] = standIn.store.createTickets({ count: 1, fields: { assignee_id: null } });
		standIn.clock.advanceBy(5_000);
		standIn.store.updateTicket(ticket.id, { fields: { assignee_id: 1002 }, updaterId: 1001 });
		expect(await tickAfterChanges(node)).toEqual([
			expect.objectContaining({
				ticket_id: ticket.id,
				field: 'assignee_id',
				field_title: 'Assignee',
				value: 'Alex Agent',
				previous_value: null,
				updater_name: 'Ada Admin',
				agent_url: agentUrl('tickets', ticket.id),
			}),
		]);
	});

	it('should give Customer Replied with the customer named, looking the authors up once for the filter and the names', async () => {
		const node = await simplifiedNode({ triggerOn: 'customerReplied' });
		const [ticket] = standIn.store.createTickets({
			count: 1,
			atSeconds: standIn.store.now() - 600,
		});
		const { commentId } = standIn.store.addComment(ticket.id, {
			body: 'Still broken',
			author: 'requester',
		})!;
		standIn.store.addComment(ticket.id, { body: 'Looking into it', author: 'agent' });
		expect(await tickAfterChanges(node)).toEqual([
			expect.objectContaining({
				id: commentId,
				author_name: userName(ticket.requester_id),
				ticket_subject: ticket.subject,
			}),
		]);
		expect(await sideRequests()).toMatchObject({ users_show_many: 1, tickets_show_many: 1 });
	});
});
