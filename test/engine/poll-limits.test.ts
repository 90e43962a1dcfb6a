/**
 * runPoll on a second holding more tickets than a page (the cursor export), and within its limits:
 * maxItemsPerPoll, the export window and the poll budget.
 */
import { StuckSecondError } from '../../nodes/ZendeskExportTrigger/engine';
import { RateBudget } from '../../nodes/ZendeskExportTrigger/engine/rate-budget';
import { createTicket } from '../helpers/tickets';
import { cursorPage, ScriptedSource, timePage } from '../helpers/scripted-source';
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
			const budget = new RateBudget();
			const first = await runPoll(stateAt(start), settings, {
				...deps(
					new ScriptedSource().onTime(
						timePage([createTicket({ at: start + 1 })], start + 1, true, {
							rateLimit: { exportRemaining: 0, exportResetsSeconds: 9 },
						}),
					),
				).deps,
				budget,
			});
			const next = deps(new ScriptedSource().onTime(timePage([], start + 1, true)), {
				nowSeconds: NOW_SECONDS + 4,
			});
			await runPoll(first.state, settings, { ...next.deps, budget });
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
