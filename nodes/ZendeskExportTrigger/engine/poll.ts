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
import { RateBudget } from './rate-budget';
import {
	EXPORT_WITHHELD_SECONDS,
	FUTURE_TOLERANCE_SECONDS,
	TIME_PAGE_SIZE,
	type PollSettings,
} from './settings';
import type { CursorPage, ExportRecord, RateLimitInfo, TimePage } from './types';
import { isoSecond, nextCursor } from './next-cursor';
import { describeId, holdAt, readVersions, type Version } from './versions';
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
	const { source, nowMs, sleep, deadlineMs } = deps;
	const { kind } = settings;
	const monotonicNowMs = deps.monotonicNowMs ?? nowMs;
	const clock = { nowMs, monotonicNowMs, sleep };
	const budget = deps.budget ?? new RateBudget(deps.rateLimitReading);
	// A backlog worked through across polls keeps the window it began with, so "created" and
	// "system-only update" mean the same in its last poll as in its first.
	const windowStartSeconds = initial.catchingUp
		? initial.windowStartSeconds
		: initial.cursorSeconds;
	const boundary = new Boundary(initial.boundaryKeys);
	const warnings = createWarnings();
	const emitter = new PageEmitter({
		kind,
		source,
		deadlineMs,
		boundary,
		windowStartSeconds,
		maxItemsPerPoll: settings.maxItemsPerPoll,
		warn: warnings.add,
	});
	let cursorSeconds = initial.cursorSeconds;
	let stalledAnswers = initial.stalledAnswers ?? 0;
	let requestCount = 0;

	/** One export request through the account's budget; undefined when its wait passes the deadline. */
	const send = async <T extends { rateLimit: RateLimitInfo }>(
		requestKind: RequestKind,
		request: () => Promise<T>,
	): Promise<T | undefined> => {
		const answer = await budget.request(requestKind, clock, deadlineMs, request);
		if (answer !== undefined) requestCount++;
		return answer;
	};

	const finish = (stopReason: StopReason, error?: unknown): PollOutcome => ({
		items: emitter.items,
		state: {
			cursorSeconds,
			boundaryKeys: boundary.keys(),
			windowStartSeconds,
			catchingUp: ['maxItems', 'budget', 'error', 'noProgress'].includes(stopReason),
			stalledAnswers,
		},
		stopReason,
		error,
		warnings: warnings.list(),
		requestCount,
		rateLimitReading: budget.reading,
	});

	/** Moves the cursor; the boundary then holds what was handled at or after it. */
	const moveTo = (seconds: number, handled: readonly Version[]): void => {
		if (seconds !== cursorSeconds) stalledAnswers = 0;
		cursorSeconds = seconds;
		holdLowerBoundsAt(handled, seconds);
		boundary.advance(seconds, handled);
	};

	/** Reads a page's versions and warns about any dated after the server's clock. */
	const versionsOf = (records: ExportRecord[]): Version[] => {
		const versions = readVersions(records, kind.placement, kind.noun, warnings.add);
		const nowSeconds = Math.floor(nowMs() / 1000);
		for (const version of versions) {
			if (version.seconds > nowSeconds + FUTURE_TOLERANCE_SECONDS) {
				warnings.add(
					`Zendesk sent ${kind.noun} ${describeId(version.record)} dated ${isoSecond(version.seconds)}, in the future; it is emitted once, and the trigger's position moves only as far as the newest ${kind.noun} it can trust.`,
				);
			}
		}
		return versions;
	};

	/** Walks one over-full second with the cursor export, then leaves the cursor just past it. */
	const stepThroughSecond = async (second: number): Promise<StopReason | 'passed'> => {
		let page: CursorPage | undefined;
		const cursorsSeen = new Set<string>();
		for (;;) {
			const position = page?.afterCursor
				? { cursor: page.afterCursor }
				: { startTimeSeconds: second };
			page = await send('cursor', () => source.cursorPage(position, deadlineMs));
			if (page === undefined) return 'budget';
			const versions = versionsOf(page.records);
			const { handled, leftOver } = await emitter.emitNew(versions, page.sideloads, second, second);
			boundary.advance(second, handled);
			if (leftOver.length) return 'maxItems';
			const passedTheSecond = versions.some((version) => version.seconds > second);
			if (passedTheSecond || page.endOfStream) {
				moveTo(second + 1, []);
				return 'passed';
			}
			if (emitter.items.length >= settings.maxItemsPerPoll) return 'maxItems';
			if (!page.afterCursor) {
				throw new StuckSecondError(second, 'it returned no cursor to continue from');
			}
			if (cursorsSeen.has(page.afterCursor)) {
				throw new StuckSecondError(second, 'it kept returning cursors it had returned before');
			}
			cursorsSeen.add(page.afterCursor);
		}
	};

	/**
	 * A page that is not the last and does not move the cursor. A full page of the cursor's own
	 * second is an over-full second, walked by the cursor export. Anything else is an answer that
	 * contradicts itself: it is asked again at the next polls, and the third time in a row the
	 * trigger follows the end_time Zendesk named, so no answer stalls the trigger for good when it
	 * says where the export goes on.
	 */
	const stayedAtCursor = async (
		answer: TimePage,
		page: EmittedPage,
		newestSeconds: number,
		nowSeconds: number,
	): Promise<StopReason | 'moved'> => {
		boundary.advance(cursorSeconds, page.handled);
		const overFullSecond = page.handled.length >= TIME_PAGE_SIZE && newestSeconds === cursorSeconds;
		if (!overFullSecond) {
			stalledAnswers++;
			const followSeconds = followableEndSeconds(answer.endTimeSeconds, cursorSeconds, nowSeconds);
			if (followSeconds === undefined || stalledAnswers < STALLED_ANSWERS_BEFORE_FOLLOWING) {
				warnings.add(stalledWarning(cursorSeconds, stalledAnswers, followSeconds));
				return 'noProgress';
			}
			warnings.add(followedWarning(cursorSeconds, followSeconds));
			moveTo(followSeconds, page.handled);
			return 'moved';
		}
		if (kind.hasCursorExport) {
			const stepped = await stepThroughSecond(cursorSeconds);
			return stepped === 'passed' ? 'moved' : stepped;
		}
		// No cursor export: Zendesk documents that a time page holds every record of a shared
		// second, past 1,000, so this page was the whole second.
		moveTo(cursorSeconds + 1, []);
		return 'moved';
	};

	try {
		for (;;) {
			const nowSeconds = Math.floor(nowMs() / 1000);
			const latestStartSeconds = nowSeconds - EXPORT_WITHHELD_SECONDS;
			if (cursorSeconds > latestStartSeconds) {
				const ahead = positionAheadWarning(cursorSeconds, nowSeconds);
				if (ahead !== undefined) warnings.add(ahead);
				return finish('notYet');
			}
			const from = cursorSeconds;
			const answer = await send('time', () => source.timePage(from, deadlineMs));
			if (answer === undefined) return finish('budget');
			if (answer.kind === 'tooRecent') return finish('tooRecent');

			const endOfStream = answer.endOfStream ?? answer.records.length < TIME_PAGE_SIZE;
			const emittedBefore = emitter.items.length;
			const page = await emitter.emitNew(versionsOf(answer.records), answer.sideloads, from);
			const newestSeconds = newestTrustedSecondsOf(page.handled, from, latestStartSeconds);
			if (page.leftOver.length) {
				moveTo(resumeSecondsOf(page.leftOver, newestSeconds, from), page.handled);
				return finish('maxItems');
			}
			if (answer.endTimeSeconds !== null && answer.endTimeSeconds > latestStartSeconds + 120) {
				warnings.add(
					`Zendesk's page gave an end_time of ${isoSecond(answer.endTimeSeconds)}, in the future; the trigger's position stays at most a minute behind now.`,
				);
			}
			const nextSeconds = nextCursor(
				{ endTimeSeconds: answer.endTimeSeconds, endOfStream, newestSeconds },
				from,
				latestStartSeconds,
			);
			if (nextSeconds === from && !endOfStream) {
				const stayed = await stayedAtCursor(answer, page, newestSeconds, nowSeconds);
				if (stayed !== 'moved') return finish(stayed);
			} else {
				moveTo(nextSeconds, page.handled);
			}
			if (endOfStream) return finish('endOfStream');
			// Stop before a page as full as this one (at least one item) would pass the maximum: a
			// page read only to be cut after a few items costs a whole export request.
			const pageItems = Math.max(emitter.items.length - emittedBefore, 1);
			if (emitter.items.length + pageItems > settings.maxItemsPerPoll) return finish('maxItems');
		}
	} catch (error) {
		return finish('error', error);
	}
}

/**
 * Where a poll cut by the maximum carries on: no later than the oldest version it left over (a
 * broken page need not be in order), nor than the newest it could trust; the boundary keeps the
 * handled versions at that second, so the next poll emits only the rest.
 */
function resumeSecondsOf(
	leftOver: readonly Version[],
	newestSeconds: number,
	from: number,
): number {
	let resumeSeconds = newestSeconds;
	for (const { seconds } of leftOver) {
		if (seconds < resumeSeconds) resumeSeconds = seconds;
	}
	return Math.max(from, resumeSeconds);
}

/**
 * A version placed only by its fallback field may really sit anywhere up to the new cursor, and so
 * come back in the next page: the boundary keeps it until the cursor moves past that second.
 */
function holdLowerBoundsAt(handled: readonly Version[], cursorSeconds: number): void {
	for (const version of handled) {
		if (version.placedBy === 'lowerBound' && version.seconds < cursorSeconds) {
			holdAt(version, cursorSeconds);
		}
	}
}
