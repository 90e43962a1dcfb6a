/**
 * "Created" and "updated" are decided against the start of the window being read, and a backlog
 * worked through across several polls (the cap hit) keeps the window it began with: its second poll
 * must label a ticket the way its first would have. Once the backlog is through, the next poll opens
 * a new window at the cursor. Scripted pages, so each poll reads exactly what the test lays out.
 */
import { ticketsKind, type PollOutcome } from '../../nodes/ZendeskExportTrigger/engine';
import type { TicketFilters } from '../../nodes/ZendeskExportTrigger/engine/settings';
import { deps, ids, NOW_SECONDS, runPoll, stateAt, watchPolls } from '../helpers/engine-harness';
import { ScriptedSource, timePage } from '../helpers/scripted-source';
import { createTicket, isoAt } from '../helpers/tickets';

watchPolls();

/** The window the backlog starts in (the cursor the trigger stood at when it fell behind). */
const START = NOW_SECONDS - 3600;

/**
 * A backlog of two pages, read in two polls with a cap of 2. Created before the window: o1, o2
 * (the first page), touched and o3 (the second). Created inside it: a, b (first page) and late,
 * which was created before the first poll's cursor but changed again after it, so its only
 * version is on the second page.
 */
function backlog() {
	const before = (at: number, fields = {}) =>
		createTicket({ at, created_at: isoAt(START - 86_400), ...fields });
	const o1 = before(START + 5);
	const o2 = before(START + 6);
	const a = createTicket({ at: START + 10 });
	const b = createTicket({ at: START + 20 });
	const late = createTicket({ at: START + 50, created_at: isoAt(START + 15) });
	// A person changed it early in the backlog; only the system touched it after the first poll.
	const touched = before(START + 55, { updated_at: isoAt(START + 12) });
	const o3 = before(START + 60);
	const source = new ScriptedSource().onTime(
		timePage([o1, o2, a, b], START + 20, false),
		timePage([{ ...b }, late, touched, o3], START + 60, true),
	);
	return { o1, o2, a, b, late, touched, o3, source };
}

const settingsFor = (filters: Partial<TicketFilters>) => ({
	kind: ticketsKind({
		event: 'createdOrUpdated',
		statuses: [],
		ignoreSystemUpdates: false,
		...filters,
	}),
	maxItemsPerPoll: 2,
});

/** Runs the backlog's two polls, the second from the first's state, as the node does. */
async function twoPolls(
	filters: Partial<TicketFilters>,
	source: ScriptedSource,
): Promise<[PollOutcome, PollOutcome]> {
	const settings = settingsFor(filters);
	const first = await runPoll(stateAt(START), settings, deps(source).deps);
	// The premise: the cap split the backlog, so the second poll is still inside the same window.
	expect(first).toMatchObject({ stopReason: 'maxItems', state: { catchingUp: true } });
	const second = await runPoll(first.state, settings, deps(source).deps);
	return [first, second];
}

describe('a catch-up that spans two polls', () => {
	it('should emit a ticket created early in the backlog as created in the second poll too (Event: Created)', async () => {
		const { a, b, late, source } = backlog();
		const [first, second] = await twoPolls({ event: 'created' }, source);
		expect(ids(first.items)).toEqual([a.id, b.id]);
		// late was created after the window start; a window restarted at the first poll's cursor
		// would call it "updated" and drop it, and no poll would ever emit it.
		expect(ids(second.items)).toEqual([late.id]);
	});

	it('should not emit a ticket created in the backlog as an update in the second poll (Event: Updated)', async () => {
		const { o1, o2, touched, o3, source } = backlog();
		const [first, second] = await twoPolls({ event: 'updated' }, source);
		expect(ids(first.items)).toEqual([o1.id, o2.id]);
		// late is a new ticket of this backlog: a Ticket Updated workflow must not see it.
		expect(ids(second.items)).toEqual([touched.id, o3.id]);
	});

	it("should keep a person's change from early in the backlog when only the system touched the ticket later (Ignore System Updates)", async () => {
		const { o1, o2, touched, o3, source } = backlog();
		const [first, second] = await twoPolls({ event: 'updated', ignoreSystemUpdates: true }, source);
		expect(ids(first.items)).toEqual([o1.id, o2.id]);
		// touched's updated_at (START + 12) is inside the window: a person changed it since the
		// trigger last caught up, so it is not a system-only update.
		expect(ids(second.items)).toEqual([touched.id, o3.id]);
	});

	it('should open a new window at the cursor once the backlog is worked through (Event: Created)', async () => {
		const { a, source } = backlog();
		const [, second] = await twoPolls({ event: 'created' }, source);
		expect(second).toMatchObject({ stopReason: 'endOfStream', state: { catchingUp: false } });
		// After the catch-up, a change to a (created in the old window) is an update, and only a
		// ticket created since the cursor is "created".
		const fresh = createTicket({ at: START + 70 });
		const changedA = { ...a, generated_timestamp: START + 80, updated_at: isoAt(START + 80) };
		const next = new ScriptedSource().onTime(timePage([fresh, changedA], START + 80, true));
		const third = await runPoll(second.state, settingsFor({ event: 'created' }), deps(next).deps);
		expect(ids(third.items)).toEqual([fresh.id]);
	});
});
