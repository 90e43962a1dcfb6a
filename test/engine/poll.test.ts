/**
 * runPoll: following pages, the boundary second within and across polls, the 61-second floor on
 * start_time, empty pages and failing pages. (Crowded seconds and limits: poll-limits.test.ts.)
 */
import { createTicket } from '../helpers/tickets';
import { ScriptedSource, timePage, tooRecent } from '../helpers/scripted-source';
import {
	deps,
	failureOf,
	ids,
	NOW_SECONDS,
	runPoll,
	settings,
	stateAt,
	watchPolls,
} from '../helpers/engine-harness';

/** A boundary key as the engine writes it: `id:generated_timestamp`. */
const versionKey = (ticket: { id: unknown; generated_timestamp: unknown }): string =>
	`${String(ticket.id)}:${String(ticket.generated_timestamp)}`;

watchPolls();

describe('runPoll', () => {
	it('should follow pages until end_of_stream and move the cursor to the last end_time', async () => {
		const start = NOW_SECONDS - 3600;
		const a = createTicket({ at: start + 10 });
		const b = createTicket({ at: start + 20 });
		const c = createTicket({ at: start + 30 });
		const source = new ScriptedSource().onTime(
			timePage([a, b], start + 20, false),
			timePage([b, c], start + 30, true),
		);
		const outcome = await runPoll(stateAt(start), settings, deps(source).deps);
		expect(source.timeRequests).toEqual([start, start + 20]);
		expect(ids(outcome.items)).toEqual([a.id, b.id, c.id]);
		expect(outcome.state.cursorSeconds).toBe(start + 30);
		expect(outcome.stopReason).toBe('endOfStream');
	});

	it('should drop the boundary second a page repeats, keyed by id and generated_timestamp', async () => {
		const start = NOW_SECONDS - 3600;
		const a = createTicket({ at: start + 20 });
		const source = new ScriptedSource().onTime(
			timePage([a], start + 20, false),
			timePage([{ ...a }], start + 20, true),
		);
		const outcome = await runPoll(stateAt(start), settings, deps(source).deps);
		expect(ids(outcome.items)).toEqual([a.id]);
	});

	it('should drop the boundary second across polls through the saved boundary keys', async () => {
		const start = NOW_SECONDS - 3600;
		const a = createTicket({ at: start + 20 });
		const b = createTicket({ at: start + 40 });
		const first = await runPoll(
			stateAt(start),
			settings,
			deps(new ScriptedSource().onTime(timePage([a], start + 20, true))).deps,
		);
		expect(first.state.boundaryKeys).toEqual([versionKey(a)]);
		const second = await runPoll(
			first.state,
			settings,
			deps(new ScriptedSource().onTime(timePage([{ ...a }, b], start + 40, true))).deps,
		);
		expect(ids(second.items)).toEqual([b.id]);
		expect(second.state.boundaryKeys).toEqual([versionKey(b)]);
	});

	it('should keep only the last second in the boundary keys', async () => {
		const start = NOW_SECONDS - 3600;
		const tickets = [10, 11, 12, 12].map((offset) => createTicket({ at: start + offset }));
		const source = new ScriptedSource().onTime(timePage(tickets, start + 12, true));
		const outcome = await runPoll(stateAt(start), settings, deps(source).deps);
		expect(outcome.state.boundaryKeys.sort()).toEqual(
			[tickets[2], tickets[3]].map(versionKey).sort(),
		);
	});

	it('should emit a ticket again when it changed between pages, in its new version', async () => {
		const start = NOW_SECONDS - 3600;
		const before = createTicket({ at: start + 10 });
		const after = { ...before, generated_timestamp: start + 50, subject: 'Still on fire' };
		const source = new ScriptedSource().onTime(
			timePage([before], start + 10, false),
			timePage([after], start + 50, true),
		);
		const outcome = await runPoll(stateAt(start), settings, deps(source).deps);
		expect(outcome.items.map((t) => t.subject)).toEqual(['Printer on fire', 'Still on fire']);
	});

	it('should emit a ticket version once when a broken page lists it twice', async () => {
		const start = NOW_SECONDS - 3600;
		const a = createTicket({ at: start + 10 });
		const b = createTicket({ at: start + 20 });
		const source = new ScriptedSource().onTime(
			timePage([a, b, { ...a }, { ...b }], start + 20, true),
		);
		const outcome = await runPoll(stateAt(start), settings, deps(source).deps);
		expect(ids(outcome.items)).toEqual([a.id, b.id]);
	});

	it('should not send a start_time newer than now minus 61 seconds', async () => {
		const source = new ScriptedSource();
		const outcome = await runPoll(stateAt(NOW_SECONDS - 60), settings, deps(source).deps);
		expect(source.timeRequests).toEqual([]);
		expect(outcome.stopReason).toBe('notYet');
		expect(outcome.state.cursorSeconds).toBe(NOW_SECONDS - 60);
	});

	it('should send a start_time of exactly now minus 61 seconds', async () => {
		const source = new ScriptedSource().onTime(timePage([], NOW_SECONDS - 61, true));
		await runPoll(stateAt(NOW_SECONDS - 61), settings, deps(source).deps);
		expect(source.timeRequests).toEqual([NOW_SECONDS - 61]);
	});

	it('should treat the too-recent answer as nothing new yet', async () => {
		const start = NOW_SECONDS - 100;
		const source = new ScriptedSource().onTime(tooRecent);
		const outcome = await runPoll(stateAt(start), settings, deps(source).deps);
		expect(outcome).toMatchObject({ stopReason: 'tooRecent', items: [], error: undefined });
		expect(outcome.state.cursorSeconds).toBe(start);
	});

	describe('end_time on an empty page', () => {
		const start = NOW_SECONDS - 3600;
		it.each([
			['the start time', start, start],
			['null', null, start],
			['an earlier time', start - 500, start],
			['a later time inside the allowed range', NOW_SECONDS - 100, NOW_SECONDS - 100],
			['a time inside the withheld minute', NOW_SECONDS - 10, NOW_SECONDS - 61],
		])(
			'should handle %s without moving backwards or into the last minute',
			async (_, end, expected) => {
				const source = new ScriptedSource().onTime(timePage([], end, true));
				const outcome = await runPoll(stateAt(start), settings, deps(source).deps);
				expect(outcome.state.cursorSeconds).toBe(expected);
			},
		);
	});

	describe('failures', () => {
		const start = NOW_SECONDS - 3600;

		it('should keep what earlier pages gave and leave the cursor at the last complete page', async () => {
			const a = createTicket({ at: start + 10 });
			const failure = new Error('Zendesk answered 503');
			const source = new ScriptedSource().onTime(timePage([a], start + 10, false), failure);
			const outcome = await runPoll(stateAt(start), settings, deps(source).deps);
			expect(ids(outcome.items)).toEqual([a.id]);
			expect(failureOf(outcome)).toBe(failure);
			expect(outcome.state.cursorSeconds).toBe(start + 10);
			expect(outcome.state.boundaryKeys).toEqual([versionKey(a)]);
		});

		it('should leave the cursor unchanged when the first page fails', async () => {
			const failure = new Error('Zendesk rejected the credentials');
			const source = new ScriptedSource().onTime(failure);
			const outcome = await runPoll(stateAt(start, ['7:1']), settings, deps(source).deps);
			expect(outcome.items).toEqual([]);
			expect(failureOf(outcome)).toBe(failure);
			expect(outcome.state).toMatchObject({ cursorSeconds: start, boundaryKeys: ['7:1'] });
		});
	});
});
