/**
 * The Trigger On modes through the real node against the stand-in: a workflow saved before Trigger
 * existed carries on, Fetch Test Event shows a real record of each kind, wrong input is named, and
 * the author lookups go where they should.
 */
import type { IDataObject } from 'n8n-workflow';
import { startStandIn, type StandIn } from '../zendesk-stand-in/server';
import { ADMIN, nodeOnStandIn } from '../helpers/node-on-stand-in';
import { createFakePollContext } from '../helpers/fake-poll-context';
import { pollZendeskExport } from '../../nodes/ZendeskExportTrigger/trigger';
import { configKeyOf } from '../../nodes/ZendeskExportTrigger/state';

const START_MS = Date.UTC(2026, 5, 1, 12);
let standIn: StandIn;

beforeEach(async () => {
	standIn = await startStandIn({ clock: 'virtual', virtualStartMs: START_MS });
});
afterEach(async () => {
	await standIn.close();
});

const nowSeconds = () => Math.floor(standIn.clock.nowMs() / 1000);

/** "Fetch Test Event": the manual poll, on the stand-in's clock. */
async function fetchTestEvent(parameters: IDataObject): Promise<IDataObject[]> {
	const ctx = createFakePollContext({
		credentialType: 'zendeskExportApi',
		credentials: { subdomain: 'acme', baseUrl: standIn.url, ...ADMIN },
		nodeParameters: { authentication: 'apiToken', startFrom: 'now', ...parameters },
		mode: 'manual',
	});
	const runtime = {
		nowMs: () => standIn.clock.nowMs(),
		monotonicNowMs: () => standIn.clock.nowMs(),
		sleep: async (ms: number) => void standIn.clock.advanceBy(ms),
	};
	const result = await pollZendeskExport(ctx, runtime);
	return result ? result[0].map((item) => item.json) : [];
}

async function requestsTo(endpoint: string): Promise<Array<{ query: Record<string, string> }>> {
	const response = await fetch(`${standIn.url}/__control/requests`);
	const log = (await response.json()) as Array<{ endpoint: string; query: Record<string, string> }>;
	return log.filter((entry) => entry.endpoint === endpoint);
}

describe('a workflow saved before Trigger On', () => {
	it('should carry on from its saved cursor instead of starting over', async () => {
		const origin = standIn.url;
		const savedAt = nowSeconds() - 600;
		// What the previous version wrote: its key had no Trigger On in it.
		const staticData: IDataObject = {
			stateVersion: 1,
			configKey: JSON.stringify([origin, 'now', '']),
			cursorSeconds: savedAt,
			boundaryKeys: [],
			windowStartSeconds: savedAt,
			catchingUp: false,
		};
		expect(
			configKeyOf({ origin, startFrom: 'now', startDateAsWritten: '', triggerOn: 'tickets' }),
		).toBe(staticData.configKey);
		const [made] = standIn.store.createTickets({ count: 1, atSeconds: savedAt + 60 });
		const node = nodeOnStandIn(
			standIn,
			{ startFrom: 'now' },
			{ staticData, activationMode: 'init' },
		);
		expect(await node.poll()).toBeNull();
		const items = await node.tick();
		expect(items?.map((ticket) => ticket.id)).toEqual([made.id]);
	});
});

describe('Fetch Test Event per mode', () => {
	it('should show a real recent comment with its ticket and author', async () => {
		const [ticket] = standIn.store.createTickets({ count: 1, atSeconds: nowSeconds() - 3600 });
		standIn.store.addComment(ticket.id, {
			body: 'It works again',
			author: 'requester',
			atSeconds: nowSeconds() - 600,
		});
		const [item] = await fetchTestEvent({
			triggerOn: 'comments',
			commentOptions: { addTicketAndAuthor: true },
		});
		expect(item).toMatchObject({
			ticket_id: ticket.id,
			body: 'It works again',
			author_id: ticket.requester_id,
			author: { id: ticket.requester_id, role: 'end-user' },
			ticket: { id: ticket.id },
		});
	});

	it('should show a real recent field change to the value asked for', async () => {
		const [ticket] = standIn.store.createTickets({ count: 1, atSeconds: nowSeconds() - 3600 });
		standIn.store.updateTicket(ticket.id, {
			fields: { status: 'solved' },
			atSeconds: nowSeconds() - 600,
		});
		const [item] = await fetchTestEvent({
			triggerOn: 'fieldChanges',
			fields: ['status'],
			toValues: 'Solved',
		});
		expect(item).toMatchObject({ ticket_id: ticket.id, field: 'status', value: 'solved' });
	});

	it('should show a real recent user and organization', async () => {
		const [user] = standIn.store.createUsers({ count: 1, atSeconds: nowSeconds() - 600 });
		const [organization] = standIn.store.createOrganizations({
			count: 1,
			atSeconds: nowSeconds() - 600,
		});
		expect((await fetchTestEvent({ triggerOn: 'users' }))[0]).toMatchObject({ id: user.id });
		expect((await fetchTestEvent({ triggerOn: 'organizations' }))[0]).toMatchObject({
			id: organization.id,
		});
	});

	it('should say plainly that no comment matches, naming the options to loosen', async () => {
		await expect(
			fetchTestEvent({ triggerOn: 'comments', commentOptions: { visibility: 'internal' } }),
		).rejects.toMatchObject({
			message: 'No comment found to show as a test event',
			description: expect.stringMatching(/Visibility and Authors/),
		});
	});
});

describe('Ticket Field Changed, Add Ticket and Updater', () => {
	it('should put the ticket and the user who changed it on each change, looked up once per page', async () => {
		const node = nodeOnStandIn(standIn, {
			triggerOn: 'fieldChanges',
			fields: ['status'],
			fieldChangeOptions: { addTicketAndUpdater: true },
		});
		expect(await node.poll()).toBeNull();
		const [ticket] = standIn.store.createTickets({ count: 1 });
		standIn.clock.advanceBy(5_000);
		standIn.store.updateTicket(ticket.id, { fields: { status: 'pending' }, updaterId: 2001 });
		standIn.clock.advanceBy(120_000);
		const items = await node.tick();
		expect(items).toEqual([
			expect.objectContaining({
				ticket_id: ticket.id,
				field: 'status',
				value: 'pending',
				ticket: expect.objectContaining({ id: ticket.id, subject: ticket.subject }),
				updater: expect.objectContaining({ id: 2001 }),
			}),
		]);
		expect(await requestsTo('users_show_many')).toHaveLength(1);
		expect(await requestsTo('tickets_show_many')).toHaveLength(1);
	});
});

describe("Fetch Test Event and the account's export budget", () => {
	it('should say plainly that the minute is spent instead of earning a 429', async () => {
		standIn.setConfig({ exportLimitPerWindow: 1 });
		standIn.store.createTickets({ count: 1, atSeconds: nowSeconds() - 600 });
		expect(await fetchTestEvent({})).toHaveLength(1);
		await expect(fetchTestEvent({ triggerOn: 'comments' })).rejects.toMatchObject({
			message: "This Zendesk account's export limit is spent for the next minute",
		});
		const stats = (await (await fetch(`${standIn.url}/__control/stats`)).json()) as {
			served429: number;
		};
		expect(stats.served429).toBe(0);
	});
});

describe('what users type in the new modes', () => {
	it.each([
		[
			{ triggerOn: 'fieldChanges', fields: ['statuz'] },
			/Fields holds "statuz", which is not one of/,
		],
		[
			{ triggerOn: 'fieldChanges', fieldChangeOptions: { customFieldIds: '360, abc' } },
			/Custom Field IDs holds "abc"/,
		],
		[
			{ triggerOn: 'fieldChanges', toValues: { solved: true } },
			/To Values must be a comma-separated text/,
		],
		[
			{ triggerOn: 'comments', commentOptions: { visibility: 'secret' } },
			/Visibility "secret" is not one of/,
		],
		[{ triggerOn: 'users', userOptions: { roles: 'agent, owner' } }, /Roles holds "owner"/],
		[{ triggerOn: 'tickets ' }, /Trigger On "tickets " is not one of/],
	])('should refuse %j with a sentence naming the parameter', async (parameters, message) => {
		const node = nodeOnStandIn(standIn, parameters);
		await expect(node.poll()).rejects.toThrow(message);
	});
});

describe('New Comment, Authors: End Users Only', () => {
	it('should emit only customers’ comments, looking the authors up on users/show_many', async () => {
		const node = nodeOnStandIn(standIn, {
			triggerOn: 'comments',
			commentOptions: { authors: 'endUsers' },
		});
		expect(await node.poll()).toBeNull();
		const [ticket] = standIn.store.createTickets({ count: 1 });
		standIn.clock.advanceBy(5_000);
		standIn.store.addComment(ticket.id, { body: 'agent reply', author: 'agent' });
		standIn.clock.advanceBy(5_000);
		standIn.store.addComment(ticket.id, { body: 'customer reply', author: 'requester' });
		standIn.clock.advanceBy(120_000);
		const items = await node.tick();
		// The ticket's creation comment is the agent submitter's, so only the reply passes.
		expect(items?.map((item) => item.body)).toEqual(['customer reply']);
		const lookups = await requestsTo('users_show_many');
		expect(lookups.length).toBeGreaterThan(0);
		expect(lookups[0].query.ids.split(',').map(Number)).toContain(ticket.requester_id);
	});
});
