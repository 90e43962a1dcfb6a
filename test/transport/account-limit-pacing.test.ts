/**
 * Zendesk's account-wide limit (`x-rate-limit-remaining`, reset in `ratelimit-reset`) is shared by
 * every API client on the account. When an export answer says it is spent, the next export request
 * must wait for the reset, or it only earns a 429 (and spends another client's budget). Through the
 * whole chain: HTTP answers (nock) → the transport's header parsing → the engine's pacing.
 */
import nock from 'nock';
import { ticketsKind } from '../../nodes/ZendeskExportTrigger/engine';
import { runPoll, watchPolls } from '../helpers/engine-harness';
import { createTicket, guardNock, ORIGIN, timePageBody } from '../helpers/transport-fixtures';
import { expectScriptDone, MINUTE_MS, setup, TIME_PATH } from '../helpers/transport-source';

guardNock();
watchPolls();

const settings = {
	kind: ticketsKind({ event: 'createdOrUpdated', statuses: [], ignoreSystemUpdates: false }),
	maxItemsPerPoll: 10_000,
};

/** The export's own window has room in every answer: only the account limit can hold a request. */
const EXPORT_HAS_ROOM = {
	'zendesk-ratelimit-incremental-exports': 'total=10; remaining=9; resets=60',
};

/**
 * A poll over two pages, the first answered with `accountHeaders`; returns when (on the poll's
 * virtual clock, ms after it started) each export request reached Zendesk.
 */
async function twoPagePoll(accountHeaders: Record<string, string>): Promise<number[]> {
	const { source, clock } = setup();
	const startMs = clock.nowMs();
	const start = Math.floor(startMs / 1000) - 3600;
	const first = createTicket({ id: 1, generated_timestamp: start + 10 });
	const second = createTicket({ id: 2, generated_timestamp: start + 20 });
	const sentAt: number[] = [];
	const page = (tickets: unknown[], endTime: number, endOfStream: boolean) => () => {
		sentAt.push(clock.nowMs() - startMs);
		return timePageBody({
			tickets,
			count: tickets.length,
			end_time: endTime,
			end_of_stream: endOfStream,
		});
	};
	nock(ORIGIN)
		.get(TIME_PATH)
		.query({ start_time: String(start), support_type_scope: 'agent' })
		.reply(200, page([first], start + 10, false), { ...EXPORT_HAS_ROOM, ...accountHeaders })
		.get(TIME_PATH)
		.query({ start_time: String(start + 10), support_type_scope: 'agent' })
		.reply(200, page([{ ...first }, second], start + 20, true), EXPORT_HAS_ROOM);
	const state = {
		cursorSeconds: start,
		boundaryKeys: [],
		windowStartSeconds: start,
		catchingUp: false,
	};
	const outcome = await runPoll(state, settings, {
		source,
		nowMs: clock.nowMs,
		sleep: clock.sleep,
		deadlineMs: startMs + 4 * MINUTE_MS,
	});
	// Waiting loses nothing: both pages are read and each ticket is emitted once.
	expect(outcome.items.map((ticket) => ticket.id)).toEqual([1, 2]);
	expectScriptDone();
	return sentAt;
}

describe('pacing by the account-wide rate limit', () => {
	it('should hold the next export request until ratelimit-reset when x-rate-limit-remaining is 0', async () => {
		const sentAt = await twoPagePoll({ 'x-rate-limit-remaining': '0', 'ratelimit-reset': '30' });
		expect(sentAt).toEqual([0, 30_000]);
	});

	it('should hold the next export request a whole minute when the spent account limit names no reset', async () => {
		const sentAt = await twoPagePoll({ 'x-rate-limit-remaining': '0' });
		expect(sentAt).toEqual([0, MINUTE_MS]);
	});

	it('should send the next export request at once while the account limit has room', async () => {
		const sentAt = await twoPagePoll({ 'x-rate-limit-remaining': '1', 'ratelimit-reset': '30' });
		expect(sentAt).toEqual([0, 0]);
	});
});
