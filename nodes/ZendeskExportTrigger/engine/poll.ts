import { Boundary } from './boundary';
import { StuckSecondError } from './errors';
import type { RequestKind } from './pacing';
import { PageEmitter, type EmittedPage } from './page-emitter';
import type { EngineState, PollDeps, PollOutcome, StopReason } from './poll-types';
import {
	followableEndSeconds,
	followedWarning,
	newestTrustedSecondsOf,
	positionAheadWarning,
	STALLED_ANSWERS_BEFORE_FOLLOWING,
	stalledWarning,
} from './position-checks';
import { RateBudget, type BudgetClock } from './rate-budget';
import {
	EXPORT_WITHHELD_SECONDS,
	FUTURE_TOLERANCE_SECONDS,
	TIME_PAGE_SIZE,
	type PollSettings,
} from './settings';
import type { CursorPage, ExportRecord, RateLimitInfo, TimePage } from './types';
import { isoSecond, nextCursor } from './next-cursor';
import { describeId, readVersions, type Version } from './versions';
import { holdLowerBoundsAt, resumeSecondsOf } from './cursor-moves';
import { createWarnings } from './warnings';

export type { EngineState, PollDeps, PollOutcome, StopReason } from './poll-types';

/**
 * One poll: page through a time-based export from the cursor until the end of the stream, the
 * item cap, the deadline, or a page that does not move. The cursor only ever moves to where every
 * version before it was emitted: never past the newest trustworthy record a page held unless it was
 * the last page, never past a record the cap left for the next poll, and never past now − 61 s. A
 * failure or a bad answer loses nothing after it.
 */
export async function runPoll(
	initial: EngineState,
	settings: PollSettings,
	deps: PollDeps,
): Promise<PollOutcome> {
	return new Poll(initial, settings, deps).run();
}

/**
 * The state of one poll as named steps. Its position (cursor, boundary, stalled count) only moves
 * through `moveTo`, so every step that moves it also keeps the boundary in step with it.
 */
class Poll {
	private cursorSeconds: number;
	private stalledAnswers: number;
	private requestCount = 0;
	private readonly windowStartSeconds: number;
	private readonly boundary: Boundary;
	private readonly warnings = createWarnings();
	private readonly emitter: PageEmitter;
	private readonly budget: RateBudget;
	private readonly clock: BudgetClock;

	constructor(
		initial: EngineState,
		private readonly settings: PollSettings,
		private readonly deps: PollDeps,
	) {
		this.cursorSeconds = initial.cursorSeconds;
		this.stalledAnswers = initial.stalledAnswers ?? 0;
		// A backlog worked through across polls keeps the window it began with, so "created" and
		// "system-only update" mean the same in its last poll as in its first.
		this.windowStartSeconds = initial.catchingUp
			? initial.windowStartSeconds
			: initial.cursorSeconds;
		this.boundary = new Boundary(initial.boundaryKeys);
		// Without the account's shared budget (a poll on its own) the poll paces only itself.
		this.budget = deps.budget ?? new RateBudget();
		const { nowMs, sleep } = deps;
		this.clock = { nowMs, monotonicNowMs: deps.monotonicNowMs ?? nowMs, sleep };
		this.emitter = new PageEmitter({
			kind: settings.kind,
			source: deps.source,
			deadlineMs: deps.deadlineMs,
			boundary: this.boundary,
			windowStartSeconds: this.windowStartSeconds,
			maxItemsPerPoll: settings.maxItemsPerPoll,
			warn: this.warnings.add,
		});
	}

	async run(): Promise<PollOutcome> {
		try {
			for (;;) {
				const stopReason = await this.readTimePage();
				if (stopReason !== undefined) return this.finish(stopReason);
			}
		} catch (error) {
			return this.finish('error', error);
		}
	}

	/** One time page from the cursor: emits its new versions and moves on; a reason stops the poll. */
	private async readTimePage(): Promise<StopReason | undefined> {
		const nowSeconds = Math.floor(this.deps.nowMs() / 1000);
		// Zendesk withholds the last minute: no start_time after this is answered yet.
		const latestStartSeconds = nowSeconds - EXPORT_WITHHELD_SECONDS;
		if (this.cursorSeconds > latestStartSeconds) {
			const ahead = positionAheadWarning(this.cursorSeconds, nowSeconds);
			if (ahead !== undefined) this.warnings.add(ahead);
			return 'notYet';
		}
		const from = this.cursorSeconds;
		const { source, deadlineMs } = this.deps;
		const answer = await this.send('time', () => source.timePage(from, deadlineMs));
		if (answer === undefined) return 'budget';
		if (answer.kind === 'tooRecent') return 'tooRecent';

		const endOfStream = answer.endOfStream ?? answer.records.length < this.pageSize;
		const emittedBefore = this.emitter.items.length;
		const versions = this.versionsOf(answer.records);
		const page = await this.emitter.emitNew(versions, answer.sideloads, from);
		const clock = { nowSeconds, latestStartSeconds };
		const moved = await this.moveAfterTimePage(answer, page, from, endOfStream, clock);
		if (moved !== 'moved') return moved;
		if (endOfStream) return 'endOfStream';
		// Stop before a page as full as this one (at least one item) would pass the maximum: a
		// page read only to be cut after a few items costs a whole export request.
		const pageItems = Math.max(this.emitter.items.length - emittedBefore, 1);
		const total = this.emitter.items.length + pageItems;
		return total > this.settings.maxItemsPerPoll ? 'maxItems' : undefined;
	}

	/** Moves the cursor as far as the time page vouches for; a reason when the poll stops there. */
	private async moveAfterTimePage(
		answer: TimePage,
		page: EmittedPage,
		from: number,
		endOfStream: boolean,
		{ nowSeconds, latestStartSeconds }: { nowSeconds: number; latestStartSeconds: number },
	): Promise<StopReason | 'moved'> {
		const newestSeconds = newestTrustedSecondsOf(page.handled, from, latestStartSeconds);
		if (page.leftOver.length) {
			this.moveTo(resumeSecondsOf(page.leftOver, newestSeconds, from), page.handled);
			return 'maxItems';
		}
		if (answer.endTimeSeconds !== null && answer.endTimeSeconds > latestStartSeconds + 120) {
			this.warnings.add(
				`Zendesk's page gave an end_time of ${isoSecond(answer.endTimeSeconds)}, in the future; the trigger's position stays at most a minute behind now.`,
			);
		}
		const nextSeconds = nextCursor(
			{ endTimeSeconds: answer.endTimeSeconds, endOfStream, newestSeconds },
			from,
			latestStartSeconds,
		);
		if (nextSeconds === from && !endOfStream) {
			return this.stayedAtCursor(answer, page, newestSeconds, nowSeconds);
		}
		this.moveTo(nextSeconds, page.handled);
		return 'moved';
	}

	/**
	 * A page that is not the last and does not move the cursor. A full page of the cursor's own
	 * second is an over-full second, walked by the cursor export. Anything else is an answer that
	 * contradicts itself: it is asked again at the next polls, and the third time in a row the
	 * trigger follows the end_time Zendesk named, so no answer stalls the trigger for good when it
	 * says where the export goes on.
	 */
	private async stayedAtCursor(
		answer: TimePage,
		page: EmittedPage,
		newestSeconds: number,
		nowSeconds: number,
	): Promise<StopReason | 'moved'> {
		const { cursorSeconds } = this;
		this.boundary.advance(cursorSeconds, page.handled);
		const overFullSecond = page.handled.length >= this.pageSize && newestSeconds === cursorSeconds;
		if (!overFullSecond) {
			this.stalledAnswers++;
			const followSeconds = followableEndSeconds(answer.endTimeSeconds, cursorSeconds, nowSeconds);
			if (followSeconds === undefined || this.stalledAnswers < STALLED_ANSWERS_BEFORE_FOLLOWING) {
				this.warnings.add(stalledWarning(cursorSeconds, this.stalledAnswers, followSeconds));
				return 'noProgress';
			}
			this.warnings.add(followedWarning(cursorSeconds, followSeconds));
			this.moveTo(followSeconds, page.handled);
			return 'moved';
		}
		if (this.settings.kind.hasCursorExport) return this.stepThroughSecond(cursorSeconds);
		// No cursor export: Zendesk documents that a time page holds every record of a shared
		// second, past 1,000, so this page was the whole second.
		this.moveTo(cursorSeconds + 1, []);
		return 'moved';
	}

	/** Walks one over-full second with the cursor export, then leaves the cursor just past it. */
	private async stepThroughSecond(second: number): Promise<StopReason | 'moved'> {
		const { source, deadlineMs } = this.deps;
		let page: CursorPage | undefined;
		const cursorsSeen = new Set<string>();
		for (;;) {
			const position = page?.afterCursor
				? { cursor: page.afterCursor }
				: { startTimeSeconds: second };
			page = await this.send('cursor', () => source.cursorPage(position, deadlineMs));
			if (page === undefined) return 'budget';
			const versions = this.versionsOf(page.records);
			const emitted = await this.emitter.emitNew(versions, page.sideloads, second, second);
			const { handled, leftOver } = emitted;
			this.boundary.advance(second, handled);
			if (leftOver.length) return 'maxItems';
			const passedTheSecond = versions.some((version) => version.seconds > second);
			if (passedTheSecond || page.endOfStream) {
				this.moveTo(second + 1, []);
				return 'moved';
			}
			if (this.emitter.items.length >= this.settings.maxItemsPerPoll) return 'maxItems';
			if (!page.afterCursor) {
				throw new StuckSecondError(second, 'it returned no cursor to continue from');
			}
			if (cursorsSeen.has(page.afterCursor)) {
				throw new StuckSecondError(second, 'it kept returning cursors it had returned before');
			}
			cursorsSeen.add(page.afterCursor);
		}
	}

	/** One export request through the account's budget; undefined when its wait passes the deadline. */
	private async send<T extends { rateLimit: RateLimitInfo }>(
		requestKind: RequestKind,
		request: () => Promise<T>,
	): Promise<T | undefined> {
		const answer = await this.budget.request(
			requestKind,
			this.clock,
			this.deps.deadlineMs,
			request,
		);
		if (answer !== undefined) this.requestCount++;
		return answer;
	}

	/** The export's page size: 1,000, or the kind's own (metric events). */
	private get pageSize(): number {
		return this.settings.kind.timePageSize ?? TIME_PAGE_SIZE;
	}

	/** Moves the cursor; the boundary then holds what was handled at or after it. */
	private moveTo(seconds: number, handled: readonly Version[]): void {
		if (seconds !== this.cursorSeconds) this.stalledAnswers = 0;
		this.cursorSeconds = seconds;
		holdLowerBoundsAt(handled, seconds);
		this.boundary.advance(seconds, handled);
	}

	/** Reads a page's versions and warns about any dated after the server's clock. */
	private versionsOf(records: ExportRecord[]): Version[] {
		const { kind } = this.settings;
		const warn = this.warnings.add;
		const versions = readVersions(records, kind.placement, kind.noun, warn);
		const nowSeconds = Math.floor(this.deps.nowMs() / 1000);
		for (const version of versions) {
			if (!kind.datedAhead && version.seconds > nowSeconds + FUTURE_TOLERANCE_SECONDS) {
				warn(
					`Zendesk sent ${kind.noun} ${describeId(version.record)} dated ${isoSecond(version.seconds)}, in the future; it is emitted once, and the trigger's position moves only as far as the newest ${kind.noun} it can trust.`,
				);
			}
		}
		return versions;
	}

	private finish(stopReason: StopReason, error?: unknown): PollOutcome {
		return {
			items: this.emitter.items,
			state: {
				cursorSeconds: this.cursorSeconds,
				boundaryKeys: this.boundary.keys(),
				windowStartSeconds: this.windowStartSeconds,
				catchingUp: ['maxItems', 'budget', 'error', 'noProgress'].includes(stopReason),
				stalledAnswers: this.stalledAnswers,
			},
			stopReason,
			error,
			warnings: this.warnings.list(),
			requestCount: this.requestCount,
		};
	}
}
