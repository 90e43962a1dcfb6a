/**
 * The stand-in's switches for the outside probes' answers, checked over HTTP: a row dated in the
 * future on every time page, and pages cut before the query's filters drop rows.
 */
import { DEFAULTS } from '../zendesk-stand-in/server';
import type { StandIn, Ticket } from '../zendesk-stand-in/server';
import { ids, standInPerTest } from '../helpers/stand-in-client';

const START_MS = 1_893_456_000_000; // 2030-01-01, on a virtual clock
const NOW = START_MS / 1000;
const FUTURE = NOW + 600;

const { start, get } = standInPerTest({ clock: 'virtual', virtualStartMs: START_MS });
const timeExport = (startTime: number, extra = '') =>
	get(`/api/v2/incremental/tickets.json?start_time=${startTime}${extra}`);

function ticketsAt(s: StandIn, ...secondsAgo: number[]): Ticket[] {
	return secondsAgo.map((ago) => s.store.createTickets({ atSeconds: NOW - ago })[0]);
}

describe('futureRowSeconds', () => {
	it('should be off by default', () => {
		expect(DEFAULTS).toMatchObject({ futureRowSeconds: 0, filterAfterPaging: false });
	});

	it('should add the phantom row to every time page, and end a page that is not the last at it', async () => {
		const s = await start({ futureRowSeconds: FUTURE });
		const [a, b] = ticketsAt(s, 300, 200);
		const notLast = await timeExport(0, '&per_page=1');
		expect(ids(notLast)).toEqual([a.id, 990001]);
		expect(notLast.body.end_of_stream).toBe(false);
		expect(notLast.body.end_time).toBe(FUTURE);
		expect(notLast.body.tickets[1].generated_timestamp).toBe(FUTURE);
		const last = await timeExport(NOW - 250);
		expect(ids(last)).toEqual([b.id, 990001]);
		expect(last.body.end_of_stream).toBe(true);
		expect(last.body.end_time).toBe(NOW - 200);
	});
});

describe('filterAfterPaging', () => {
	it('should cut the page from every ticket, then drop deleted ones, keeping end_time and end_of_stream', async () => {
		const s = await start({ filterAfterPaging: true });
		const [a, b, c] = ticketsAt(s, 300, 200, 100);
		s.store.deleteTicket(b.id, { atSeconds: NOW - 150 });
		const page = await timeExport(0, '&per_page=2&exclude_deleted=true');
		expect(ids(page)).toEqual([a.id]);
		expect(page.body.end_time).toBe(NOW - 150);
		expect(page.body.end_of_stream).toBe(false);
		const rest = await timeExport(NOW - 150, '&per_page=2&exclude_deleted=true');
		expect(ids(rest)).toEqual([c.id]);
		expect(rest.body.end_of_stream).toBe(true);
	});

	it('should change nothing when off', async () => {
		const s = await start();
		const [a, b, c] = ticketsAt(s, 300, 200, 100);
		s.store.deleteTicket(b.id, { atSeconds: NOW - 150 });
		const page = await timeExport(0, '&per_page=2&exclude_deleted=true');
		expect(ids(page)).toEqual([a.id, c.id]);
		expect(page.body.end_time).toBe(NOW - 100);
	});
});
