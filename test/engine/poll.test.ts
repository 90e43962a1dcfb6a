import { StuckSecondError } from '../../nodes/ZendeskExportTrigger/engine';

/** A boundary key as the engine writes it: `id:generated_timestamp`. */
const versionKey = (ticket: { id: unknown; generated_timestamp: unknown }): string =>
	`${String(ticket.id)}:${String(ticket.generated_timestamp)}`;
import { createTicket } from '../helpers/tickets';
import { cursorPage, ScriptedSource, timePage, tooRecent } from '../helpers/scripted-source';
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

	describe('a second holding more tickets than a page', () => {
		const stuck = NOW_SECONDS - 3600;

		it('should step through it with the cursor export, then carry on time-based from the next second', async () => {
			const firstHalf = Array.from({ length: 1000 }, () => createTicket({ at: stuck }));
			const secondHalf = Array.from({ length: 300 }, () => createTicket({ at: stuck }));
			const later = createTicket({ at: stuck + 5 });
			const source = new ScriptedSource()
				.onTime(timePage(firstHalf, stuck, false), timePage([later], stuck + 5, true))
				.onCursor(
					cursorPage(firstHalf.slice(0, 600), 'c1', false),
					cursorPage([...firstHalf.slice(600), ...secondHalf.slice(0, 200)], 'c2', false),
					cursorPage([...secondHalf.slice(200), later], 'c3', false),
				);
			const outcome = await runPoll(stateAt(stuck), settings, deps(source).deps);
			expect(source.cursorRequests).toEqual([
				{ startTimeSeconds: stuck },
				{ cursor: 'c1' },
				{ cursor: 'c2' },
			]);
			expect(source.timeRequests).toEqual([stuck, stuck + 1]);
			expect(new Set(ids(outcome.items)).size).toBe(1301);
			expect(outcome.items).toHaveLength(1301);
			expect(outcome.state.cursorSeconds).toBe(stuck + 5);
		});

		it('should stop with a clear error without advancing when the cursor export cannot move', async () => {
			const earlier = createTicket({ at: stuck - 10 });
			const full = Array.from({ length: 1000 }, () => createTicket({ at: stuck }));
			const source = new ScriptedSource()
				.onTime(
					timePage([earlier, ...full.slice(0, 999)], stuck, false),
					timePage(full, stuck, false),
				)
				.onCursor(cursorPage(full.slice(0, 500), null, false));
			const outcome = await runPoll(stateAt(stuck - 10), settings, deps(source).deps);
			expect(failureOf(outcome)).toBeInstanceOf(StuckSecondError);
			expect((outcome.error as Error).message).toMatch(/more tickets changed in the second/);
			expect(outcome.state.cursorSeconds).toBe(stuck);
			expect(source.remainingAnswers).toBe(0);
		});

		it('should resume a half-walked second on the next poll without emitting its first half again', async () => {
			const full = Array.from({ length: 1000 }, () => createTicket({ at: stuck }));
			const rest = Array.from({ length: 10 }, () => createTicket({ at: stuck }));
			const failing = new ScriptedSource()
				.onTime(timePage(full, stuck, false))
				.onCursor(cursorPage(full, 'c1', false), new Error('socket hang up'));
			const first = await runPoll(stateAt(stuck), settings, deps(failing).deps);
			expect((failureOf(first) as Error).message).toBe('socket hang up');
			expect(first.items).toHaveLength(1000);
			expect(first.state.cursorSeconds).toBe(stuck);

			const resumed = new ScriptedSource()
				.onTime(timePage(full, stuck, false), timePage([], stuck + 1, true))
				.onCursor(cursorPage([...full, ...rest], 'c9', true));
			const second = await runPoll(first.state, settings, deps(resumed).deps);
			expect(ids(second.items)).toEqual(ids(rest));
			expect(second.state.cursorSeconds).toBe(stuck + 1);
		});

		it('should take a page that grew past 1000 on a shared second as one page', async () => {
			const grown = [
				createTicket({ at: stuck }),
				...Array.from({ length: 1400 }, () => createTicket({ at: stuck + 1 })),
			];
			const source = new ScriptedSource().onTime(
				timePage(grown, stuck + 1, false),
				timePage(grown.slice(1), stuck + 1, true),
			);
			const outcome = await runPoll(stateAt(stuck), settings, deps(source).deps);
			expect(outcome.items).toHaveLength(1401);
			expect(source.cursorRequests).toEqual([]);
			expect(outcome.state.boundaryKeys).toHaveLength(1400);
		});
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

	describe('limits', () => {
		const start = NOW_SECONDS - 3600;

		it('should stop at the page boundary once maxItemsPerPoll is reached, and continue from there next poll', async () => {
			const page1 = [createTicket({ at: start + 1 }), createTicket({ at: start + 2 })];
			const page2 = [createTicket({ at: start + 3 })];
			const source = new ScriptedSource().onTime(timePage(page1, start + 2, false));
			const first = await runPoll(
				stateAt(start),
				{ ...settings, maxItemsPerPoll: 2 },
				deps(source).deps,
			);
			expect(first.stopReason).toBe('maxItems');
			expect(first.state).toMatchObject({ cursorSeconds: start + 2, catchingUp: true });

			const next = new ScriptedSource().onTime(timePage([page1[1], ...page2], start + 3, true));
			const second = await runPoll(
				first.state,
				{ ...settings, maxItemsPerPoll: 2 },
				deps(next).deps,
			);
			expect(ids(second.items)).toEqual(ids(page2));
			expect(next.timeRequests).toEqual([start + 2]);
		});

		it('should stop before a page as full as the last one would take the poll past maxItemsPerPoll', async () => {
			const page1 = [createTicket({ at: start + 1 }), createTicket({ at: start + 2 })];
			const page2 = [createTicket({ at: start + 3 }), createTicket({ at: start + 4 })];
			const source = new ScriptedSource().onTime(
				timePage(page1, start + 2, false),
				timePage(page2, start + 4, true),
			);
			const outcome = await runPoll(
				stateAt(start),
				{ ...settings, maxItemsPerPoll: 3 },
				deps(source).deps,
			);
			expect(ids(outcome.items)).toEqual(ids(page1));
			expect(outcome.stopReason).toBe('maxItems');
			expect(source.timeRequests).toEqual([start]);
		});

		it('should wait until the export window refills when the headers say none is left', async () => {
			const source = new ScriptedSource().onTime(
				timePage([createTicket({ at: start + 1 })], start + 1, false, {
					rateLimit: { exportRemaining: 0, exportResetsSeconds: 7 },
				}),
				timePage([], start + 1, true),
			);
			const { deps: d, sleeps } = deps(source);
			await runPoll(stateAt(start), settings, d);
			expect(sleeps).toEqual([7000]);
		});

		it('should carry a spent window into the next poll instead of opening it with a request that earns a 429', async () => {
			const first = await runPoll(
				stateAt(start),
				settings,
				deps(
					new ScriptedSource().onTime(
						timePage([createTicket({ at: start + 1 })], start + 1, true, {
							rateLimit: { exportRemaining: 0, exportResetsSeconds: 9 },
						}),
					),
				).deps,
			);
			expect(first.rateLimitReading).toEqual({
				rateLimit: { exportRemaining: 0, exportResetsSeconds: 9 },
				receivedAtMs: NOW_SECONDS * 1000,
			});
			const next = deps(new ScriptedSource().onTime(timePage([], start + 1, true)), {
				nowSeconds: NOW_SECONDS + 4,
			});
			await runPoll(first.state, settings, {
				...next.deps,
				rateLimitReading: first.rateLimitReading,
			});
			expect(next.sleeps).toEqual([5000]);
		});

		it('should not wait while the export window still has room', async () => {
			const source = new ScriptedSource().onTime(
				timePage([createTicket({ at: start + 1 })], start + 1, false, {
					rateLimit: { exportRemaining: 3, exportResetsSeconds: 40, accountRemaining: 500 },
				}),
				timePage([], start + 1, true),
			);
			const { deps: d, sleeps } = deps(source);
			await runPoll(stateAt(start), settings, d);
			expect(sleeps).toEqual([]);
		});

		it('should stop before the poll budget instead of waiting past it', async () => {
			const a = createTicket({ at: start + 1 });
			const source = new ScriptedSource().onTime(
				timePage([a], start + 1, false, {
					rateLimit: { exportRemaining: 0, exportResetsSeconds: 60 },
				}),
			);
			const { deps: d, sleeps } = deps(source, { deadlineMs: NOW_SECONDS * 1000 + 30_000 });
			const outcome = await runPoll(stateAt(start), settings, d);
			expect(outcome).toMatchObject({
				stopReason: 'budget',
				state: { cursorSeconds: start + 1, catchingUp: true },
			});
			expect(ids(outcome.items)).toEqual([a.id]);
			expect(sleeps).toEqual([]);
		});
	});
});
