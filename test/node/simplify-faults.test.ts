/**
 * Simplify when Zendesk does not give the names, through the real node against the stand-in: a
 * deleted field, a ticket fields list that keeps failing, a lookup that fails. Names are a
 * nicety, so items still go out (with ids) and the log says why; nothing is lost or sent twice.
 * What a filter needs is different: without it the poll fails and the next one carries on.
 */
import type { IDataObject } from 'n8n-workflow';
import { clearDefinitionsCache } from '../../nodes/ZendeskExportTrigger/definitions-cache';
import { RETRY_MAX_ATTEMPTS } from '../../nodes/ZendeskExportTrigger/transport/retry';
import { startStandIn, type StandIn } from '../zendesk-stand-in/server';
import { nodeOnStandIn, postFaults, type NodeOnStandIn } from '../helpers/node-on-stand-in';

const START_MS = Date.UTC(2026, 5, 1, 12);
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

async function simplifiedNode(parameters: IDataObject): Promise<NodeOnStandIn> {
	const node = nodeOnStandIn(standIn, { simplify: true, ...parameters });
	expect(await node.poll()).toBeNull();
	return node;
}

async function tickAfterChanges(node: NodeOnStandIn): Promise<IDataObject[] | null> {
	standIn.clock.advanceBy(61_000);
	return await node.tick();
}

async function requestsTo(endpoint: string): Promise<number> {
	const log = (await (await fetch(`${standIn.url}/__control/requests`)).json()) as Array<{
		endpoint: string;
	}>;
	return log.filter((entry) => entry.endpoint === endpoint).length;
}

const warnings = (node: NodeOnStandIn) =>
	node.ctx.logger.lines.filter((line) => line.level === 'warn').map((line) => line.message);

describe('Simplify and a deleted ticket field', () => {
	it('should key a ticket field the account no longer lists by its id, with its raw value', async () => {
		standIn.setConfig({ deletedTicketFieldIds: [7001] });
		const node = await simplifiedNode({ triggerOn: 'tickets' });
		standIn.store.createTickets({ count: 1, fields: { custom_fields: CUSTOM } });
		const [item] = (await tickAfterChanges(node))!;
		expect(item.custom_fields).toEqual({ '7001': 'plan_team', Seats: '5', 'VIP customer': true });
		expect(warnings(node)).toEqual([]);
	});

	it('should title a change of a deleted field by its id, with the raw values', async () => {
		standIn.setConfig({ deletedTicketFieldIds: [7001] });
		const node = await simplifiedNode({ triggerOn: 'fieldChanges' });
		const [ticket] = standIn.store.createTickets({ count: 1, fields: { custom_fields: CUSTOM } });
		standIn.clock.advanceBy(5_000);
		standIn.store.updateTicket(ticket.id, {
			fields: { custom_fields: [{ id: 7001, value: 'plan_business' }, ...CUSTOM.slice(1)] },
		});
		expect(await tickAfterChanges(node)).toEqual([
			expect.objectContaining({
				field: 'custom_field:7001',
				field_title: '7001',
				value: 'plan_business',
				previous_value: 'plan_team',
			}),
		]);
	});
});

describe('Simplify when the ticket fields list keeps failing', () => {
	it.each([
		['503', { kind: '503' }],
		['429', { kind: '429', retryAfterSeconds: 1 }],
	])(
		'should send the ticket with fields by id and say why in the log (%s past every retry)',
		async (_status, fault) => {
			const node = await simplifiedNode({ triggerOn: 'tickets' });
			const [ticket] = standIn.store.createTickets({ count: 1, fields: { custom_fields: CUSTOM } });
			await postFaults(standIn, [
				{ ...fault, pathContains: 'ticket_fields', count: RETRY_MAX_ATTEMPTS },
			]);
			const [item] = (await tickAfterChanges(node))!;
			expect(item).toMatchObject({
				id: ticket.id,
				requester_name: standIn.store.getUser(ticket.requester_id)!.name,
				custom_fields: { '7001': 'plan_team', '7002': '5', '7003': true },
			});
			expect(warnings(node)).toEqual([
				expect.stringMatching(
					new RegExp(
						`Names for these tickets could not be read from Zendesk.*${RETRY_MAX_ATTEMPTS} attempts.*Nothing was held back`,
					),
				),
			]);
			expect(await requestsTo('ticket_fields')).toBe(RETRY_MAX_ATTEMPTS);

			// Nothing sent twice; the failure was not kept, so the next ticket is named again.
			expect(await tickAfterChanges(node)).toBeNull();
			standIn.store.createTickets({ count: 1, fields: { custom_fields: CUSTOM } });
			const [next] = (await tickAfterChanges(node))!;
			expect(next.custom_fields).toEqual({ Plan: 'Team', Seats: '5', 'VIP customer': true });
			expect(await requestsTo('ticket_fields')).toBe(RETRY_MAX_ATTEMPTS + 1);
		},
	);
});

describe('Simplify when a lookup fails', () => {
	it('should send the comment with the author id when the names cannot be looked up', async () => {
		const node = await simplifiedNode({ triggerOn: 'comments' });
		const [ticket] = standIn.store.createTickets({ count: 1 });
		const { commentId } = standIn.store.addComment(ticket.id, { author: 'requester' })!;
		await postFaults(standIn, [
			{ kind: '503', pathContains: 'users/show_many', count: RETRY_MAX_ATTEMPTS },
		]);
		const items = (await tickAfterChanges(node))!;
		expect(items.find((item) => item.id === commentId)).toMatchObject({
			author_id: ticket.requester_id,
			author_name: null,
		});
		expect(warnings(node)).toEqual([
			expect.stringMatching(/Names for these comments could not be read from Zendesk/),
		]);
		expect(await tickAfterChanges(node)).toBeNull();
	});

	it('should fail the poll when the authors a filter needs cannot be read, and send the reply at the next one', async () => {
		const node = await simplifiedNode({ triggerOn: 'customerReplied' });
		const [ticket] = standIn.store.createTickets({
			count: 1,
			atSeconds: standIn.store.now() - 600,
		});
		const { commentId } = standIn.store.addComment(ticket.id, { author: 'requester' })!;
		await postFaults(standIn, [
			{ kind: '503', pathContains: 'users/show_many', count: RETRY_MAX_ATTEMPTS },
		]);
		await expect(tickAfterChanges(node)).rejects.toThrow(/Gave up on Zendesk/);
		expect(await node.tick()).toEqual([
			expect.objectContaining({
				id: commentId,
				author_name: standIn.store.getUser(ticket.requester_id)!.name,
			}),
		]);
	});
});
