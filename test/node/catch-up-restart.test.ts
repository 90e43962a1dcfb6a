/**
 * A backlog that takes two polls, with n8n restarted between them: the second poll runs on a new
 * context built from the static data the first one saved. "Created" and "updated" must still be
 * decided against the window the backlog began in, so that window has to come back from the saved
 * data, not be reopened at the saved cursor. The real node against the stand-in (virtual clock,
 * real HTTP).
 */
import type { IDataObject } from 'n8n-workflow';
import { startStandIn, type StandIn } from '../zendesk-stand-in/server';
import { nodeOnStandIn } from '../helpers/node-on-stand-in';

const START_MS = Date.UTC(2026, 6, 1, 12, 0, 0);
/** The Start Date: where the backlog's window begins. */
const WINDOW_START = START_MS / 1000 - 3600;

let standIn: StandIn;
afterEach(async () => {
	await standIn?.close();
});

/** Creates a ticket at `createdAt` and, when given, changes it by a person at `changedAt`. */
function ticketAt(createdAt: number, changedAt?: number): number {
	const [ticket] = standIn.store.createTickets({ count: 1, atSeconds: createdAt });
	if (changedAt !== undefined) {
		standIn.store.updateTicket(ticket.id, { atSeconds: changedAt, fields: { status: 'open' } });
	}
	return ticket.id;
}

/**
 * Publishes, polls the first tick, then "restarts n8n": a new context on a copy of the static data
 * the first tick saved, whose activation poll reads nothing, and polls its first tick.
 */
async function backlogAcrossRestart(parameters: IDataObject) {
	const full = {
		startFrom: 'date',
		startDate: new Date(WINDOW_START * 1000).toISOString(),
		...parameters,
	};
	const before = nodeOnStandIn(standIn, full);
	expect(await before.poll()).toBeNull();
	const firstTick = (await before.tick()) ?? [];
	// The premise: the cap stopped the first tick inside the backlog.
	expect(before.staticData).toMatchObject({ catchingUp: true, windowStartSeconds: WINDOW_START });
	const saved = JSON.parse(JSON.stringify(before.staticData)) as IDataObject;
	const after = nodeOnStandIn(standIn, full, { staticData: saved, activationMode: 'init' });
	expect(await after.poll()).toBeNull();
	const secondTick = (await after.tick()) ?? [];
	return { firstTick: firstTick.map((t) => t.id), secondTick: secondTick.map((t) => t.id) };
}

describe('a backlog across a restart', () => {
	it('should emit a ticket created in the backlog as created after the restart (Event: Created)', async () => {
		standIn = await startStandIn({ clock: 'virtual', virtualStartMs: START_MS });
		const beforeWindow = ticketAt(WINDOW_START - 100, WINDOW_START + 100);
		const early = [20, 30, 40].map((offset) => ticketAt(WINDOW_START + offset));
		// Created early in the window, changed again after the point where the cap stops tick one.
		const late = ticketAt(WINDOW_START + 10, WINDOW_START + 200);
		const { firstTick, secondTick } = await backlogAcrossRestart({
			event: 'created',
			options: { maxTicketsPerPoll: 3 },
		});
		expect(firstTick).toEqual(early);
		// A window reopened at the saved cursor would call `late` an update, and drop it for good.
		expect(secondTick).toEqual([late]);
		expect(secondTick).not.toContain(beforeWindow);
	});

	it('should not emit a ticket created in the backlog as an update after the restart (Event: Updated)', async () => {
		standIn = await startStandIn({ clock: 'virtual', virtualStartMs: START_MS });
		const changed = [20, 30, 40, 300].map((offset) =>
			ticketAt(WINDOW_START - 1000 - offset, WINDOW_START + offset),
		);
		// A new ticket of this backlog: created after the window start, changed after the cut.
		ticketAt(WINDOW_START + 10, WINDOW_START + 400);
		const { firstTick, secondTick } = await backlogAcrossRestart({
			event: 'updated',
			options: { maxTicketsPerPoll: 3 },
		});
		expect(firstTick).toEqual(changed.slice(0, 3));
		// Only the change to a ticket that existed before the window: the new ticket is not an update.
		expect(secondTick).toEqual([changed[3]]);
	});
});
