import { Boundary } from './boundary';
import { StuckSecondError } from './errors';
import { createTicketFilter } from './filters';
import {
	nextReading,
	nextRequestNotBeforeMs,
	type RateLimitReading,
	type RequestKind,
} from './pacing';
import {
	EXPORT_WITHHELD_SECONDS,
	FUTURE_TOLERANCE_SECONDS,
	TIME_PAGE_SIZE,
	type PollSettings,
} from './settings';
import { createSideloadAttacher } from './sideloads';
import type { CursorPage, ExportSource, RateLimitInfo, Sideloads, Ticket } from './types';
import { isoSecond, newestSecondsOf, nextCursor } from './next-cursor';
import { holdAt, readVersions, type Version } from './versions';
import { createWarnings } from './warnings';

/** Where the trigger stands between polls. Everything in it survives a restart. */
export interface EngineState {
	/** The next `start_time`: every version before it has been handled. */
	cursorSeconds: number;
	/** `id:generated_timestamp` of versions at or after the cursor already handled. */
	boundaryKeys: string[];
	/** Where the current catch-up began: decides "created" and "system-only update". */
	windowStartSeconds: number;
	/** True while a backlog is being worked through across polls (cap or budget hit). */
	catchingUp: boolean;
}

export type StopReason =
	'endOfStream' | 'tooRecent' | 'notYet' | 'maxTickets' | 'budget' | 'noProgress' | 'error';

export interface PollOutcome {
	tickets: Ticket[];
	state: EngineState;
	stopReason: StopReason;
	/** Set when a request failed; `tickets` and `state` then hold what came before it. */
	error?: unknown;
	/** What the answers held that a person should know about (bad rows, a page that did not move). */
	warnings: string[];
	requestCount: number;
	/** What the last response said about the rate limit; hand it to the next poll. */
	rateLimitReading?: RateLimitReading;
}

export interface PollDeps {
	source: ExportSource;
	/** Wall-clock epoch ms: decides which seconds Zendesk can already return. */
	nowMs: () => number;
	/** A clock that never steps back, for pacing; `nowMs` when not given. */
	monotonicNowMs?: () => number;
	sleep: (ms: number) => Promise<void>;
	/** Epoch ms (on `nowMs`) by which the poll must have returned. */
	deadlineMs: number;
	/**
	 * The last reading of an earlier poll on the same account, on `monotonicNowMs`: a poll that
	 * ended with the window spent must not open the next one with a request that earns a 429.
	 */
	rateLimitReading?: RateLimitReading;
}

/**
 * One poll: page through the time-based export from the cursor until the end of the stream, the
 * ticket cap, the deadline, or a page that does not move. The cursor only ever moves to the end of
 * a page that was handled in full, never past the newest version a page held unless it was the
 * last page, and never past now − 61 s: a failure or a bad answer loses nothing after it.
 */
export async function runPoll(
	initial: EngineState,
	settings: PollSettings,
	deps: PollDeps,
): Promise<PollOutcome> {
	const { source, nowMs, sleep, deadlineMs } = deps;
	const monotonicNowMs = deps.monotonicNowMs ?? nowMs;
	const windowStartSeconds = initial.catchingUp
		? initial.windowStartSeconds
		: initial.cursorSeconds;
	const boundary = new Boundary(initial.boundaryKeys);
	const accept = createTicketFilter(settings, windowStartSeconds);
	const warnings = createWarnings();
	const emitted: Ticket[] = [];
	/** Versions that cannot be placed in time are emitted once per poll at most. */
	const unplacedIds = new Set<unknown>();
	let cursorSeconds = initial.cursorSeconds;
	let requestCount = 0;
	let rateLimitReading = deps.rateLimitReading;
	const read = (rateLimit: RateLimitInfo) => {
		rateLimitReading = nextReading(rateLimitReading, rateLimit, monotonicNowMs());
	};

	const finish = (stopReason: StopReason, error?: unknown): PollOutcome => ({
		tickets: emitted,
		state: {
			cursorSeconds,
			boundaryKeys: boundary.keys(),
			windowStartSeconds,
			catchingUp: ['maxTickets', 'budget', 'error', 'noProgress'].includes(stopReason),
		},
		stopReason,
		error,
		warnings: warnings.list(),
		requestCount,
		rateLimitReading,
	});

	/** Waits out the rate limit; false when that would run past the deadline. */
	const paceNextRequest = async (kind: RequestKind): Promise<boolean> => {
		const waitMs = Math.max(
			0,
			nextRequestNotBeforeMs(rateLimitReading, monotonicNowMs(), kind) - monotonicNowMs(),
		);
		if (nowMs() + waitMs >= deadlineMs) return false;
		if (waitMs > 0) await sleep(waitMs);
		return true;
	};

	/**
	 * Emits the new, accepted versions of a page that are at or after `fromSeconds` (an older one
	 * is a replay: a cache or proxy serving an earlier answer) and, when `onlySecond` is given,
	 * stops at the first version after that second. Returns the versions it handled.
	 */
	const handle = (
		versions: Version[],
		sideloads: Sideloads,
		fromSeconds: number,
		onlySecond?: number,
	): Version[] => {
		const attach = createSideloadAttacher(sideloads);
		// The boundary only knows earlier pages; a broken page may list one version twice.
		const secondsById = new Map<unknown, number>();
		const handled: Version[] = [];
		let replayedCount = 0;
		for (const version of versions) {
			if (version.seconds < fromSeconds) {
				if (version.placedBy === 'generatedTimestamp') {
					replayedCount++;
					continue;
				}
				// A version placed by updated_at is in a page that starts at fromSeconds, so that is
				// a better lower bound for its real generated_timestamp.
				if (version.placedBy === 'updatedAt') holdAt(version, fromSeconds);
			}
			if (onlySecond !== undefined && version.seconds > onlySecond) break;
			handled.push(version);
			if (secondsById.get(version.ticket.id) === version.seconds) continue;
			secondsById.set(version.ticket.id, version.seconds);
			if (Number.isNaN(version.seconds)) {
				if (unplacedIds.has(version.ticket.id)) continue;
				unplacedIds.add(version.ticket.id);
			} else if (!boundary.isNew(version)) continue;
			if (!accept(version.ticket)) continue;
			attach(version.ticket);
			emitted.push(version.ticket);
		}
		if (replayedCount > 0) {
			warnings.add(
				`Zendesk's page for ${isoSecond(fromSeconds)} held ${replayedCount} ticket versions older than that; they were already handled and are skipped (a cache or proxy may be replaying an earlier answer).`,
			);
		}
		return handled;
	};

	/** Reads a page's versions and warns about any dated after the server's clock. */
	const versionsOf = (tickets: Ticket[]): Version[] => {
		const versions = readVersions(tickets, warnings.add);
		const nowSeconds = Math.floor(nowMs() / 1000);
		for (const version of versions) {
			if (version.seconds > nowSeconds + FUTURE_TOLERANCE_SECONDS) {
				warnings.add(
					`Zendesk sent ticket #${String(version.ticket.id)} dated ${isoSecond(version.seconds)}, in the future; it is emitted, and the trigger's position stays at most a minute behind now.`,
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
			if (!(await paceNextRequest('cursor'))) return 'budget';
			page = await source.cursorPage(
				page?.afterCursor ? { cursor: page.afterCursor } : { startTimeSeconds: second },
				deadlineMs,
			);
			requestCount++;
			read(page.rateLimit);
			const versions = versionsOf(page.tickets);
			const handled = handle(versions, page.sideloads, second, second);
			boundary.advance(second, handled);
			const passedTheSecond = versions.some((version) => version.seconds > second);
			if (passedTheSecond || page.endOfStream) {
				cursorSeconds = second + 1;
				boundary.advance(cursorSeconds, []);
				return 'passed';
			}
			if (emitted.length >= settings.maxTicketsPerPoll) return 'maxTickets';
			if (!page.afterCursor) {
				throw new StuckSecondError(second, 'it returned no cursor to continue from');
			}
			if (cursorsSeen.has(page.afterCursor)) {
				throw new StuckSecondError(second, 'it kept returning cursors it had returned before');
			}
			cursorsSeen.add(page.afterCursor);
		}
	};

	try {
		for (;;) {
			const latestStartSeconds = Math.floor(nowMs() / 1000) - EXPORT_WITHHELD_SECONDS;
			if (cursorSeconds > latestStartSeconds) return finish('notYet');
			if (!(await paceNextRequest('time'))) return finish('budget');

			const answer = await source.timePage(cursorSeconds, deadlineMs);
			requestCount++;
			read(answer.rateLimit);
			if (answer.kind === 'tooRecent') return finish('tooRecent');

			const endOfStream = answer.endOfStream ?? answer.tickets.length < TIME_PAGE_SIZE;
			const versions = versionsOf(answer.tickets);
			const handled = handle(versions, answer.sideloads, cursorSeconds);
			const newestSeconds = newestSecondsOf(handled, cursorSeconds);
			const nextSeconds = nextCursor(
				{ endTimeSeconds: answer.endTimeSeconds, endOfStream, newestSeconds },
				cursorSeconds,
				latestStartSeconds,
			);
			if (answer.endTimeSeconds !== null && answer.endTimeSeconds > latestStartSeconds + 120) {
				warnings.add(
					`Zendesk's page gave an end_time of ${isoSecond(answer.endTimeSeconds)}, in the future; the trigger's position stays at most a minute behind now.`,
				);
			}
			if (nextSeconds === cursorSeconds && !endOfStream) {
				boundary.advance(cursorSeconds, handled);
				// Only a full page of the cursor's own second is an over-full second; any other page
				// that does not move is a broken answer, and stepping past it would be a guess.
				if (handled.length < TIME_PAGE_SIZE || newestSeconds !== cursorSeconds) {
					return finish(noProgress(warnings, cursorSeconds));
				}
				const stepped = await stepThroughSecond(cursorSeconds);
				if (stepped !== 'passed') return finish(stepped);
			} else {
				cursorSeconds = nextSeconds;
				holdLowerBoundsAt(handled, cursorSeconds);
				boundary.advance(cursorSeconds, handled);
			}
			if (endOfStream) return finish('endOfStream');
			if (emitted.length >= settings.maxTicketsPerPoll) return finish('maxTickets');
		}
	} catch (error) {
		return finish('error', error);
	}
}

function noProgress(
	warnings: ReturnType<typeof createWarnings>,
	cursorSeconds: number,
): StopReason {
	warnings.add(
		`Zendesk's answers did not move past ${isoSecond(cursorSeconds)}, so this poll stopped early; the next poll tries again from there.`,
	);
	return 'noProgress';
}

/**
 * A version placed only by its updated_at may really sit anywhere up to the new cursor, and so
 * come back in the next page: the boundary keeps it until the cursor moves past that second.
 */
function holdLowerBoundsAt(handled: Version[], cursorSeconds: number): void {
	for (const version of handled) {
		if (version.placedBy === 'updatedAt' && version.seconds < cursorSeconds) {
			holdAt(version, cursorSeconds);
		}
	}
}
