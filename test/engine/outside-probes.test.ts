/**
 * The four answers outside probes found that broke exactly once: a row dated in the future on a
 * page that is not the last, a short page whose end_time runs ahead of its rows, a saved position
 * ahead of the clock, and a cap that was not a maximum in the ticket-event modes.
 */
import {
	commentsKind,
	fieldChangesKind,
	type ExportRecord,
	type PollSettings,
} from '../../nodes/ZendeskExportTrigger/engine';
import {
	deps,
	ids,
	NOW_SECONDS,
	runPoll,
	settings,
	stateAt,
	watchPolls,
} from '../helpers/engine-harness';
import { ScriptedSource, timePage } from '../helpers/scripted-source';
import { createTicket, isoAt } from '../helpers/tickets';

watchPolls();

const S = NOW_SECONDS - 3600;
const LATEST_START = NOW_SECONDS - 61;
const YEAR_3000 = 32_503_680_000;

describe('a row dated in the future on a page that is not the last', () => {
	it.each([
		['year 3000', YEAR_3000],
		['ten minutes ahead', NOW_SECONDS + 600],
		['inside the withheld minute', NOW_SECONDS - 30],
	])(
		'should read on from the newest row it can trust (%s), and lose nothing after it',
		async (_, at) => {
			const [one, two, three] = [10, 20, 30].map((offset) => createTicket({ at: S + offset }));
			const future = createTicket({ at });
			const four = createTicket({ at: S + 30 });
			const source = new ScriptedSource()
				.onTime(timePage([one, two, three, future], at, false))
				.onTime(timePage([{ ...three }, four, { ...future }], at, true));
			const outcome = await runPoll(stateAt(S), settings, deps(source).deps);
			expect(source.timeRequests).toEqual([S, S + 30]);
			expect(ids(outcome.items)).toEqual([one.id, two.id, three.id, future.id, four.id]);
		},
	);

	it('should not emit the future row again on later polls', async () => {
		const future = createTicket({ at: YEAR_3000 });
		const one = createTicket({ at: S + 10 });
		const source = new ScriptedSource()
			.onTime(timePage([one, future], YEAR_3000, false))
			.onTime(timePage([{ ...one }, { ...future }], YEAR_3000, true))
			.onTime(timePage([{ ...future }], YEAR_3000, true));
		const first = await runPoll(stateAt(S), settings, deps(source).deps);
		const second = await runPoll(first.state, settings, deps(source).deps);
		expect(ids(first.items)).toEqual([one.id, future.id]);
		expect(second.items).toEqual([]);
		expect(source.timeRequests).toEqual([S, S + 10, LATEST_START]);
	});

	it('should apply the same rule to the ticket-event exports', async () => {
		const kind = commentsKind({
			visibility: 'all',
			authors: 'any',
			skipRequester: false,
			addTicketAndAuthor: false,
		});
		const early = audit(S + 10);
		const future = audit(NOW_SECONDS + 600);
		const later = audit(S + 20);
		const source = new ScriptedSource()
			.onTime(timePage([early, future], NOW_SECONDS + 600, false))
			.onTime(timePage([{ ...early }, later, { ...future }], NOW_SECONDS + 600, true));
		const outcome = await runPoll(stateAt(S), { kind, maxItemsPerPoll: 100 }, deps(source).deps);
		expect(source.timeRequests).toEqual([S, S + 10]);
		expect(outcome.items).toHaveLength(3);
	});
});

describe('a short page whose end_time runs ahead of its rows', () => {
	const shortPage = (ticket: ExportRecord) => timePage([{ ...ticket }], S + 1000, false);

	it('should follow Zendesk’s end_time on the third answer that does not move, and say so', async () => {
		const t = createTicket({ at: S });
		const after = createTicket({ at: S + 1000 });
		const source = new ScriptedSource().onTime(shortPage(t), shortPage(t), shortPage(t));
		source.onTime(timePage([after], S + 1000, true));
		let outcome = await runPoll(stateAt(S), settings, deps(source).deps);
		expect(outcome.stopReason).toBe('noProgress');
		expect(outcome.warnings.join('\n')).toMatch(/did not move past.*2 more/s);
		outcome = await runPoll(outcome.state, settings, deps(source).deps);
		expect(outcome.state.cursorSeconds).toBe(S);
		const third = await runPoll(outcome.state, settings, deps(source).deps);
		expect(source.timeRequests).toEqual([S, S, S, S + 1000]);
		expect(ids(third.items)).toEqual([after.id]);
		expect(third.warnings.join('\n')).toMatch(/followed Zendesk's end_time/);
	});

	it('should not follow an end_time in the future', async () => {
		const t = createTicket({ at: S });
		const far = timePage([{ ...t }], NOW_SECONDS + 600, false);
		const source = new ScriptedSource().onTime(far, far, far);
		let state = stateAt(S);
		for (let poll = 0; poll < 3; poll++) {
			state = (await runPoll(state, settings, deps(source).deps)).state;
		}
		expect(state.cursorSeconds).toBe(S);
	});

	it('should start counting again when the position moves', async () => {
		const t = createTicket({ at: S });
		const source = new ScriptedSource()
			.onTime(shortPage(t), shortPage(t))
			.onTime(timePage([createTicket({ at: S + 5 })], S + 5, false))
			.onTime(timePage([], S + 5, false));
		let state = stateAt(S);
		for (let poll = 0; poll < 3; poll++) {
			state = (await runPoll(state, settings, deps(source).deps)).state;
		}
		expect(state.cursorSeconds).toBe(S + 5);
		expect(state.stalledAnswers).toBe(1);
	});
});

describe('a saved position ahead of the clock', () => {
	it('should say so on every poll, with what to do, and read nothing', async () => {
		const source = new ScriptedSource();
		const ahead = stateAt(NOW_SECONDS + 86_400);
		const one = await runPoll(ahead, settings, deps(source).deps);
		const two = await runPoll(one.state, settings, deps(source).deps);
		for (const outcome of [one, two]) {
			expect(outcome.warnings.join('\n')).toMatch(/ahead of this n8n server's clock.*Start From/s);
			expect(outcome.state.cursorSeconds).toBe(NOW_SECONDS + 86_400);
		}
		expect(source.timeRequests).toEqual([]);
	});

	it('should stay quiet about a position inside the withheld minute', async () => {
		const outcome = await runPoll(
			stateAt(NOW_SECONDS - 30),
			settings,
			deps(new ScriptedSource()).deps,
		);
		expect(outcome.warnings).toEqual([]);
	});
});

describe('Max Items per Poll is a maximum in the ticket-event modes', () => {
	const fieldChanges = (max: number): PollSettings => ({
		kind: fieldChangesKind({
			fields: [],
			toValues: [],
			includeCreate: true,
			addTicketAndUpdater: false,
		}),
		maxItemsPerPoll: max,
	});

	it('should cut a page mid-way and carry the rest to the next poll', async () => {
		const audits = Array.from({ length: 10 }, (_, i) => audit(S + 1 + i));
		const source = new ScriptedSource().onTime(timePage(audits, S + 10, true)).onTime(
			timePage(
				audits.slice(2).map((a) => ({ ...a })),
				S + 10,
				true,
			),
		);
		const one = await runPoll(stateAt(S), fieldChanges(7), deps(source).deps);
		expect(one.items).toHaveLength(6);
		expect(one.stopReason).toBe('maxItems');
		const two = await runPoll(one.state, fieldChanges(100), deps(source).deps);
		expect(source.timeRequests).toEqual([S, S + 3]);
		expect(two.items).toHaveLength(14);
		const keys = [...one.items, ...two.items].map((item) => `${item.event_id}:${item.field}`);
		expect(new Set(keys).size).toBe(20);
	});

	it('should emit at most 3 comments for a cap of 3 when a short page comes first', async () => {
		const kind = commentsKind({
			visibility: 'all',
			authors: 'any',
			skipRequester: false,
			addTicketAndAuthor: false,
		});
		const source = new ScriptedSource()
			.onTime(timePage([audit(S + 1)], S + 1, false))
			.onTime(timePage([audit(S + 2), audit(S + 3), audit(S + 4)], S + 4, true));
		const outcome = await runPoll(stateAt(S), { kind, maxItemsPerPoll: 3 }, deps(source).deps);
		expect(outcome.items).toHaveLength(3);
		expect(outcome.state.cursorSeconds).toBe(S + 3);
	});

	it('should emit one update whole when it alone holds more than the cap', async () => {
		const source = new ScriptedSource().onTime(timePage([audit(S + 1), audit(S + 2)], S + 2, true));
		const outcome = await runPoll(stateAt(S), fieldChanges(1), deps(source).deps);
		expect(outcome.items).toHaveLength(2);
		expect(outcome.items.every((item) => item.timestamp === S + 1)).toBe(true);
		expect(outcome.state.cursorSeconds).toBe(S + 1);
	});

	it('should cut a ticket page at the cap too', async () => {
		const tickets = Array.from({ length: 5 }, (_, i) => createTicket({ at: S + 1 + i }));
		const source = new ScriptedSource().onTime(timePage(tickets, S + 5, true));
		const outcome = await runPoll(
			stateAt(S),
			{ ...settings, maxItemsPerPoll: 2 },
			deps(source).deps,
		);
		expect(ids(outcome.items)).toEqual([tickets[0].id, tickets[1].id]);
		expect(outcome.state.cursorSeconds).toBe(S + 2);
	});
});

let nextAuditId = 5000;
/** An audit with one comment and two changed fields (status and priority). */
function audit(at: number): ExportRecord {
	const id = nextAuditId++;
	return {
		id,
		ticket_id: 35,
		timestamp: at,
		created_at: isoAt(at),
		updater_id: 501,
		via: 'Web form',
		event_type: 'Audit',
		child_events: [
			{ id: id * 100, event_type: 'Comment', author_id: 501, public: true, body: `c${id}` },
			{
				id: id * 100 + 1,
				event_type: 'Change',
				field_name: 'status',
				value: 'solved',
				previous_value: 'open',
			},
			{
				id: id * 100 + 2,
				event_type: 'Change',
				field_name: 'priority',
				value: 'high',
				previous_value: 'low',
			},
		],
	};
}
