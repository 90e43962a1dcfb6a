/**
 * Shared by the real-world-shapes tests: a stand-in per test on a virtual clock (2030-01-01), and
 * the export calls and config switch they all make.
 */
import type { StandIn, Ticket } from '../zendesk-stand-in/server';
import { standInPerTest, type Json } from '../helpers/stand-in-client';

const START_MS = 1_893_456_000_000; // 2030-01-01, on a virtual clock
export const NOW = START_MS / 1000;
export const YEAR_3000 = 32503680000;
export const TOO_RECENT = 'Too recent start_time. Use a start_time older than 1 minute';

/** Tickets at the given seconds before NOW, one each. */
export function ticketsAt(s: StandIn, ...secondsAgo: number[]): Ticket[] {
	return secondsAgo.map((ago) => s.store.createTickets({ atSeconds: NOW - ago })[0]);
}

/** Call at a test file's top level: each test starts its own stand-in, closed after it. */
export function realWorldStandIn() {
	const { start, started, get, control } = standInPerTest({
		clock: 'virtual',
		virtualStartMs: START_MS,
	});
	const setConfig = (patch: Json) => control('POST', 'config', patch);
	const timeExport = (startTime: number | string, extra = '') =>
		get(`/api/v2/incremental/tickets.json?start_time=${startTime}${extra}`);
	const cursorStart = (startTime: number, extra = '') =>
		get(`/api/v2/incremental/tickets/cursor.json?start_time=${startTime}${extra}`);
	return { start, started, get, control, setConfig, timeExport, cursorStart };
}
