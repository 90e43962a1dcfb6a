/**
 * New Suspended Ticket and Ticket Entered View through the real node against the stand-in: the
 * activation poll only records, later ticks emit each new record once, a failed read keeps the
 * saved list, Fetch Test Event shows one record, and the view picker lists the account's views.
 */
import type { IDataObject, ILoadOptionsFunctions } from 'n8n-workflow';
import { startStandIn, type StandIn } from '../zendesk-stand-in/server';
import { nodeOnStandIn, postFaults } from '../helpers/node-on-stand-in';
import { createFakePollContext } from '../helpers/fake-poll-context';
import { pollZendeskExport } from '../../nodes/ZendeskExportTrigger/trigger';
import { searchViews } from '../../nodes/ZendeskExportTrigger/view-search';

const START_MS = Date.UTC(2026, 5, 1, 12);
let standIn: StandIn;

beforeEach(async () => {
	standIn = await startStandIn({ clock: 'virtual', virtualStartMs: START_MS });
});
afterEach(async () => await standIn.close());

async function control(method: string, path: string, body: object = {}): Promise<IDataObject> {
	const response = await fetch(`${standIn.url}/__control/${path}`, {
		method,
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	if (!response.ok) throw new Error(`${method} ${path}: ${await response.text()}`);
	return (await response.json()) as IDataObject;
}
const suspend = async (subject: string) =>
	((await control('POST', 'suspended', { subject })).suspended_tickets as IDataObject[])[0];
const subjects = (items: IDataObject[] | null) => (items ?? []).map((item) => item.subject);

describe('New Suspended Ticket through the node', () => {
	it('should record what is suspended at activation and emit each later one once', async () => {
		await suspend('Before activation');
		const node = nodeOnStandIn(standIn, { triggerOn: 'suspendedTickets' });
		expect(await node.poll()).toBeNull();
		await suspend('First');
		await suspend('Second');
		expect(subjects(await node.tick())).toEqual(['First', 'Second']);
		expect(await node.tick()).toBeNull();
	});

	it('should emit nothing when a suspended ticket is recovered or deleted', async () => {
		const node = nodeOnStandIn(standIn, { triggerOn: 'suspendedTickets' });
		await node.poll();
		const kept = await suspend('Kept');
		expect(subjects(await node.tick())).toEqual(['Kept']);
		await control('POST', `suspended/${String(kept.id)}/recover`);
		await suspend('After recovery');
		expect(subjects(await node.tick())).toEqual(['After recovery']);
	});

	it('should keep the saved list when a page fails part way, and emit at the next poll', async () => {
		const node = nodeOnStandIn(standIn, { triggerOn: 'suspendedTickets' });
		await node.poll();
		await node.tick();
		for (let n = 0; n < 101; n++) await suspend(`Flood ${n}`);
		const saved = JSON.stringify(node.staticData);
		await postFaults(
			standIn,
			Array.from({ length: 8 }, () => ({ kind: '500', pathContains: 'page%5Bafter%5D' })),
		);
		await expect(node.tick()).rejects.toThrow(/Gave up on Zendesk/);
		expect(JSON.stringify(node.staticData)).toBe(saved);
		expect(await node.tick()).toHaveLength(101);
	});

	it('should show the newest suspended ticket as the test event, simplified', async () => {
		await suspend('Older');
		standIn.clock.advanceBy(5000);
		await suspend('Newest');
		const ctx = createFakePollContext({
			credentialType: 'zendeskExportApi',
			credentials: {
				subdomain: 'acme',
				baseUrl: standIn.url,
				email: 'admin@example.com',
				apiToken: 'admin-api-token',
			},
			nodeParameters: { authentication: 'apiToken', triggerOn: 'suspendedTickets', simplify: true },
			mode: 'manual',
		});
		const result = await pollZendeskExport(ctx);
		expect(result?.[0][0].json).toMatchObject({
			subject: 'Newest',
			cause: 'Detected as spam',
			author_name: 'Unknown Sender',
			agent_url: `${standIn.url}/agent/filters/suspended`,
		});
	});
});

describe('Ticket Entered View through the node', () => {
	const viewParameters = (viewId: number, extra: IDataObject = {}) => ({
		triggerOn: 'viewTickets',
		view: { __rl: true, mode: 'list', value: String(viewId) },
		...extra,
	});
	const events = (items: IDataObject[] | null) =>
		(items ?? []).map(
			(item) =>
				`${String(item.event)} ${String(item.ticket_id ?? (item.ticket as IDataObject).id)}`,
		);

	it('should record the view at activation, then emit entries and, confirmed, exits', async () => {
		const { view } = await control('POST', 'views', { title: 'Urgent', ticketIds: [1, 2] });
		const viewId = Number((view as IDataObject).id);
		const node = nodeOnStandIn(
			standIn,
			viewParameters(viewId, { viewOptions: { emitLeft: true } }),
		);
		expect(await node.poll()).toBeNull();
		await control('POST', `views/${viewId}/tickets`, { id: 3, position: 0 });
		await control('DELETE', `views/${viewId}/tickets/2`);
		expect(events(await node.tick())).toEqual(['entered 3']);
		expect(events(await node.tick())).toEqual(['left 2']);
	});

	it('should read the view from its URL as well as from the list', async () => {
		const { view } = await control('POST', 'views', { ticketIds: [] });
		const viewId = Number((view as IDataObject).id);
		const url = `https://acme.zendesk.com/agent/filters/${viewId}`;
		const node = nodeOnStandIn(standIn, {
			triggerOn: 'viewTickets',
			view: { __rl: true, mode: 'url', value: url },
		});
		await node.poll();
		await control('PUT', `views/${viewId}/tickets`, { ids: [7] });
		expect(events(await node.tick())).toEqual(['entered 7']);
	});

	it('should say the view is gone when it was deleted, and fail the activation for it', async () => {
		const node = nodeOnStandIn(standIn, viewParameters(999));
		await expect(node.poll()).rejects.toThrow('Zendesk has no view 999 (404)');
		const { view } = await control('POST', 'views', { forbidden: true });
		const forbidden = nodeOnStandIn(standIn, viewParameters(Number((view as IDataObject).id)));
		await expect(forbidden.poll()).rejects.toThrow(/refused to show the tickets of view/);
	});

	it('should list the views whose title matches what the user types, with their links', async () => {
		await control('POST', 'views', { title: 'Urgent, unassigned' });
		await control('POST', 'views', { title: 'VIP customers' });
		const ctx = createFakePollContext({
			credentialType: 'zendeskExportApi',
			credentials: {
				subdomain: 'acme',
				baseUrl: standIn.url,
				email: 'admin@example.com',
				apiToken: 'admin-api-token',
			},
			nodeParameters: { authentication: 'apiToken' },
			mode: 'manual',
		});
		const found = await searchViews.call(ctx as unknown as ILoadOptionsFunctions, 'urgent');
		expect(found.results).toEqual([
			{ name: 'Urgent, unassigned', value: '360001', url: `${standIn.url}/agent/filters/360001` },
		]);
	});
});
