/**
 * Answers real Zendesk (and what sits in front of it) has given other connectors, which a clean
 * simulator never produces. Each test pins what the engine does with one of them.
 */
import { StuckSecondError } from '../../nodes/ZendeskExportTrigger/engine';
import type { Ticket } from '../../nodes/ZendeskExportTrigger/engine/types';
import { RateBudget } from '../../nodes/ZendeskExportTrigger/engine/rate-budget';
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
import { cursorPage, ScriptedSource, timePage } from '../helpers/scripted-source';
import { createTicket } from '../helpers/tickets';

watchPolls();

const start = NOW_SECONDS - 3600;
const LATEST_START = NOW_SECONDS - 61;
const YEAR_3000 = 32_503_680_000;

describe('runPoll against real-world answers', () => {
	describe('pages without end_of_stream', () => {
		it('should take a page of fewer than 1000 tickets as the end of the stream', async () => {
			const a = createTicket({ at: start + 5 });
			const source = new ScriptedSource().onTime(timePage([a], start + 5, null));
			const outcome = await runPoll(stateAt(start), settings, deps(source).deps);
			expect(outcome.stopReason).toBe('endOfStream');
			expect(outcome.state.cursorSeconds).toBe(start + 5);
			expect(source.timeRequests).toEqual([start]);
		});

		it('should keep paging after a full page that does not say it is the end', async () => {
			const full = Array.from({ length: 1000 }, (_, i) => createTicket({ at: start + 1 + i }));
			const last = createTicket({ at: start + 2000 });
			const source = new ScriptedSource().onTime(
				timePage(full, start + 1000, null),
				timePage([full[999], last], start + 2000, null),
			);
			const outcome = await runPoll(stateAt(start), settings, deps(source).deps);
			expect(outcome.items).toHaveLength(1001);
			expect(source.timeRequests).toEqual([start, start + 1000]);
		});
	});

	describe('generated_timestamp', () => {
		it('should coerce a numeric string, and lose nothing in an over-full second walked by the cursor export', async () => {
			const second = start + 10;
			const asText = (ticket: Ticket) =>
				({ ...ticket, generated_timestamp: String(second) }) as unknown as Ticket;
			const full = Array.from({ length: 1000 }, () => asText(createTicket({ at: second })));
			const rest = [asText(createTicket({ at: second })), asText(createTicket({ at: second }))];
			const after = createTicket({ at: second + 3 });
			const source = new ScriptedSource()
				.onTime(timePage(full, second, false), timePage([after], second + 3, true))
				.onCursor(cursorPage([...full, ...rest, after], 'c1', false));
			const outcome = await runPoll(stateAt(second), settings, deps(source).deps);
			expect(ids(outcome.items)).toEqual([...ids(full), ...ids(rest), after.id]);
			expect(outcome.items.every((t) => typeof t.generated_timestamp === 'number')).toBe(true);
			expect(outcome.state.cursorSeconds).toBe(second + 3);
		});

		it('should place a ticket without generated_timestamp by its updated_at, and say so by ticket id', async () => {
			const bare = createTicket({ at: start + 7 }) as Partial<Ticket>;
			delete bare.generated_timestamp;
			const source = new ScriptedSource().onTime(timePage([bare as Ticket], start + 7, true));
			const outcome = await runPoll(stateAt(start), settings, deps(source).deps);
			expect(ids(outcome.items)).toEqual([bare.id]);
			expect(outcome.state.boundaryKeys).toEqual([`${bare.id}:${start + 7}`]);
			expect(outcome.warnings.join('\n')).toContain(
				`ticket #${bare.id} with no generated_timestamp`,
			);
		});

		it('should emit a ticket with no readable time once per poll, with a warning, without moving the cursor for it', async () => {
			const broken = {
				...createTicket({ at: start }),
				generated_timestamp: 'soon',
				updated_at: 'never',
			} as unknown as Ticket;
			const good = createTicket({ at: start + 3 });
			const full = Array.from({ length: 999 }, () => createTicket({ at: start + 2 }));
			const source = new ScriptedSource().onTime(
				timePage([broken, ...full], start + 2, false),
				timePage([broken, good], start + 3, true),
			);
			const outcome = await runPoll(stateAt(start), settings, deps(source).deps);
			expect(ids(outcome.items)).toEqual([broken.id, ...ids(full), good.id]);
			expect(outcome.warnings.join('\n')).toMatch(
				new RegExp(`ticket #${broken.id} with an unreadable generated_timestamp \\("soon"\\)`),
			);
		});
	});

	describe('the cursor never moves on a guess', () => {
		it('should not move past the newest ticket of a page that is not the last, whatever its end_time says', async () => {
			const full = Array.from({ length: 1000 }, (_, i) =>
				createTicket({ at: start + 1 + (i % 10) }),
			);
			const unseen = createTicket({ at: start + 12 });
			const source = new ScriptedSource().onTime(
				timePage(full, start + 15, false),
				timePage([unseen], start + 12, true),
			);
			const outcome = await runPoll(stateAt(start), settings, deps(source).deps);
			expect(source.timeRequests).toEqual([start, start + 10]);
			expect(ids(outcome.items)).toContain(unseen.id);
		});

		it('should keep the cursor at most at now minus 61 s when a ticket is dated in the future, and say so', async () => {
			const bad = createTicket({ at: YEAR_3000 });
			const source = new ScriptedSource().onTime(timePage([bad], YEAR_3000, true));
			const outcome = await runPoll(stateAt(start), settings, deps(source).deps);
			expect(ids(outcome.items)).toEqual([bad.id]);
			expect(outcome.state.cursorSeconds).toBe(LATEST_START);
			expect(outcome.warnings.join('\n')).toMatch(/in the future/);
		});

		it('should read again on the next poll after a future end_time, and not emit the future ticket twice', async () => {
			const bad = createTicket({ at: YEAR_3000 });
			const first = await runPoll(
				stateAt(start),
				settings,
				deps(new ScriptedSource().onTime(timePage([bad], YEAR_3000, true))).deps,
			);
			const later = createTicket({ at: NOW_SECONDS + 30 });
			const next = new ScriptedSource().onTime(timePage([later, { ...bad }], YEAR_3000, true));
			const second = await runPoll(
				first.state,
				settings,
				deps(next, { nowSeconds: NOW_SECONDS + 120 }).deps,
			);
			expect(next.timeRequests).toEqual([LATEST_START]);
			expect(ids(second.items)).toEqual([later.id]);
		});

		it('should never emit versions older than the start_time asked for, as a replayed page would give', async () => {
			const old = createTicket({ at: start - 100 });
			const fresh = createTicket({ at: start + 4 });
			const source = new ScriptedSource().onTime(timePage([old, fresh], start + 4, true));
			const outcome = await runPoll(stateAt(start), settings, deps(source).deps);
			expect(ids(outcome.items)).toEqual([fresh.id]);
			expect(outcome.warnings.join('\n')).toMatch(/1 ticket versions older than that/);
		});
	});

	describe('the loop guard', () => {
		it('should stop with a warning when the same page comes back for every start_time', async () => {
			const tickets = Array.from({ length: 1000 }, (_, i) =>
				createTicket({ at: start + 1 + (i % 5) }),
			);
			const same = () =>
				timePage(
					tickets.map((t) => ({ ...t })),
					start + 5,
					false,
				);
			const source = new ScriptedSource().onTime(same(), same());
			const outcome = await runPoll(stateAt(start), settings, deps(source).deps);
			expect(outcome.stopReason).toBe('noProgress');
			expect(outcome.requestCount).toBe(2);
			expect(outcome.items).toHaveLength(1000);
			expect(outcome.warnings.join('\n')).toMatch(/did not move past/);
			source.onTime(same()); // the next poll asks once more, and stops again
			const next = await runPoll(outcome.state, settings, deps(source).deps);
			expect(source.timeRequests).toEqual([start, start + 5, start + 5]);
			expect(next.items).toEqual([]);
			expect(next.stopReason).toBe('noProgress');
		});

		it('should stop stepping through a second when the cursor export alternates between two cursors', async () => {
			const second = start + 10;
			const full = Array.from({ length: 1000 }, () => createTicket({ at: second }));
			const source = new ScriptedSource()
				.onTime(timePage(full, second, false))
				.onCursor(
					cursorPage(full.slice(0, 10), 'A', false),
					cursorPage(full.slice(0, 10), 'B', false),
					cursorPage(full.slice(0, 10), 'A', false),
				);
			const outcome = await runPoll(stateAt(second), settings, deps(source).deps);
			expect(failureOf(outcome)).toBeInstanceOf(StuckSecondError);
			expect((outcome.error as Error).message).toMatch(/cursors it had returned before/);
			expect(outcome.state.cursorSeconds).toBe(second);
		});

		it('should stop when a page that is not the last is empty', async () => {
			const source = new ScriptedSource().onTime(timePage([], start, false));
			const outcome = await runPoll(stateAt(start), settings, deps(source).deps);
			expect(outcome.stopReason).toBe('noProgress');
			expect(outcome.state.cursorSeconds).toBe(start);
		});
	});

	describe('pacing', () => {
		it('should not wait longer than the headers asked when the wall clock stepped back', async () => {
			const source = new ScriptedSource().onTime(timePage([], start, true));
			const { deps: pollDeps, sleeps } = deps(source);
			const budget = new RateBudget();
			budget.read({ exportRemaining: 0, exportResetsSeconds: 5 }, NOW_SECONDS * 1000 + 3_600_000);
			await runPoll(stateAt(start), settings, { ...pollDeps, budget });
			expect(sleeps).toEqual([5000]);
		});

		it('should hold cursor requests, and only those, on the cursor export header', async () => {
			const second = start + 10;
			const full = Array.from({ length: 1000 }, () => createTicket({ at: second }));
			const spent = { cursorExportRemaining: 0, cursorExportResetsSeconds: 7, exportRemaining: 5 };
			const source = new ScriptedSource()
				.onTime(timePage(full, second, false), timePage([], second + 1, true))
				.onCursor(
					{ ...cursorPage(full.slice(0, 500), 'c1', false), rateLimit: spent },
					{
						...cursorPage([...full.slice(500), createTicket({ at: second + 1 })], 'c2', false),
						rateLimit: spent,
					},
				);
			const { deps: pollDeps, sleeps } = deps(source);
			const outcome = await runPoll(stateAt(second), settings, pollDeps);
			expect(outcome.stopReason).toBe('endOfStream');
			expect(sleeps).toEqual([7000]);
		});
	});
});
