/**
 * A position belongs to one export: a cursor in the tickets export says nothing about which users
 * were read. A workflow that has been polling tickets and is switched to another Trigger On must
 * start that mode from its own Start From, as a new workflow would, not carry on from the ticket
 * cursor (which would silently skip every user changed between Start Date and that cursor). The
 * real node against the stand-in (virtual clock, real HTTP).
 */
import type { IDataObject } from 'n8n-workflow';
import { startStandIn, type StandIn } from '../zendesk-stand-in/server';
import { nodeOnStandIn } from '../helpers/node-on-stand-in';

const START_MS = Date.UTC(2026, 7, 1, 12, 0, 0);
const START_DATE_SECONDS = START_MS / 1000 - 3600;
const PARAMETERS: IDataObject = {
	startFrom: 'date',
	startDate: new Date(START_DATE_SECONDS * 1000).toISOString(),
};

let standIn: StandIn;
beforeEach(async () => {
	standIn = await startStandIn({ clock: 'virtual', virtualStartMs: START_MS });
});
afterEach(async () => {
	await standIn.close();
});

async function requestsTo(endpoint: string): Promise<Array<Record<string, string>>> {
	const response = await fetch(`${standIn.url}/__control/requests`);
	const log = (await response.json()) as Array<{ endpoint: string; query: Record<string, string> }>;
	return log.filter((entry) => entry.endpoint === endpoint).map((entry) => entry.query);
}

/** The users' changes, between Start Date and the newest ticket. */
const USERS_AT = START_DATE_SECONDS + 600;

/** A tickets workflow published and polled once: its saved cursor is at its newest ticket. */
async function ticketWorkflowThatHasRun(): Promise<IDataObject> {
	const [ticket] = standIn.store.createTickets({ count: 1, atSeconds: START_MS / 1000 - 120 });
	const tickets = nodeOnStandIn(standIn, PARAMETERS);
	expect(await tickets.poll()).toBeNull();
	expect((await tickets.tick())?.map((item) => item.id)).toEqual([ticket.id]);
	// The premise: the ticket cursor has moved past the users' changes.
	expect(Number(tickets.staticData.cursorSeconds)).toBeGreaterThan(USERS_AT);
	return tickets.staticData;
}

describe('switching Trigger On in a workflow that has run', () => {
	it('should emit the users changed since Start Date after switching from tickets to users', async () => {
		const users = standIn.store.createUsers({ count: 2, atSeconds: USERS_AT });
		const staticData = await ticketWorkflowThatHasRun();
		// The user edits Trigger On and publishes again: n8n re-activates with the same static data.
		const switched = nodeOnStandIn(
			standIn,
			{ ...PARAMETERS, triggerOn: 'users' },
			{ staticData, activationMode: 'update' },
		);
		expect(await switched.poll()).toBeNull();
		const items = (await switched.tick()) ?? [];
		expect(items.map((user) => user.id)).toEqual(users.map((user) => user.id));
	});

	it('should ask the users export from Start Date, not from the ticket cursor', async () => {
		const staticData = await ticketWorkflowThatHasRun();
		const ticketCursor = Number(staticData.cursorSeconds);
		const switched = nodeOnStandIn(
			standIn,
			{ ...PARAMETERS, triggerOn: 'users' },
			{ staticData, activationMode: 'update' },
		);
		await switched.poll();
		await switched.tick();
		const startTimes = (await requestsTo('users')).map((query) => Number(query.start_time));
		expect(startTimes).toContain(START_DATE_SECONDS);
		expect(startTimes).not.toContain(ticketCursor);
	});
});
