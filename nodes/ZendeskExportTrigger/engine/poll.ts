import { Boundary } from './boundary';
import { StuckSecondError } from './errors';
import { fetchLookups } from './lookups';
import type { RateLimitReading, RequestKind } from './pacing';
import { RateBudget } from './rate-budget';
import {
	EXPORT_WITHHELD_SECONDS,
	FUTURE_TOLERANCE_SECONDS,
	TIME_PAGE_SIZE,
	type PollSettings,
} from './settings';
import type {
	CursorPage,
	ExportItem,
	ExportRecord,
	ExportSource,
	RateLimitInfo,
	Sideloads,
} from './types';
import { isoSecond, newestSecondsOf, nextCursor } from './next-cursor';
import { describeId, holdAt, readVersions, type Version } from './versions';
import { createWarnings } from './warnings';

/** Where the trigger stands between polls. Everything in it survives a restart. */
export interface EngineState {
	/** The next `start_time`: every version before it has been handled. */
	cursorSeconds: number;
	/** `id:seconds` of records (ticket versions, audits, …) at or after the cursor already handled. */
	boundaryKeys: string[];
	/** Where the current catch-up began: decides "created" and "system-only update". */
	windowStartSeconds: number;
	/** True while a backlog is being worked through across polls (cap or budget hit). */
	catchingUp: boolean;
}

export type StopReason =
	'endOfStream' | 'tooRecent' | 'notYet' | 'maxItems' | 'budget' | 'noProgress' | 'error';

export interface PollOutcome {
	/** What the poll emits, oldest first: tickets, comments, field changes, users, … */
	items: ExportItem[];
	state: EngineState;
	stopReason: StopReason;
	/** Set when a request failed; `items` and `state` then hold what came before it. */
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
	 * The account's export budget, shared with every other poll on it: a poll that ended with the
	 * window spent must not let the next one, or another workflow's, open with a 429.
	 */
	budget?: RateBudget;
	/** Without a shared budget: the last reading of an earlier poll, on `monotonicNowMs`. */
	rateLimitReading?: RateLimitReading;
}

/**
 * One poll: page through a time-based export from the cursor until the end of the stream, the
 * item cap, the deadline, or a page that does not move. The cursor only ever moves to the end of
 * a page that was handled in full, never past the newest record a page held unless it was the
 * last page, and never past now − 61 s: a failure or a bad answer loses nothing after it.
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
	const windowStartSeconds = initial.catchingUp
		? initial.windowStartSeconds
		: initial.cursorSeconds;
	const boundary = new Boundary(initial.boundaryKeys);
	const warnings = createWarnings();
	const emitted: ExportItem[] = [];
	/** Records that cannot be placed in time are emitted once per poll at most. */
	const unplacedIds = new Set<unknown>();
	let cursorSeconds = initial.cursorSeconds;
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
		items: emitted,
		state: {
			cursorSeconds,
			boundaryKeys: boundary.keys(),
			windowStartSeconds,
			catchingUp: ['maxItems', 'budget', 'error', 'noProgress'].includes(stopReason),
		},
		stopReason,
		error,
		warnings: warnings.list(),
		requestCount,
		rateLimitReading: budget.reading,
	});

	/**
	 * Emits the items of a page's new records that are at or after `fromSeconds` (an older one is a
	 * replay: a cache or proxy serving an earlier answer) and, when `onlySecond` is given, stops at
	 * the first record after that second. Returns the versions it handled.
	 */
	const handle = async (
		versions: Version[],
		sideloads: Sideloads,
		fromSeconds: number,
		onlySecond?: number,
	): Promise<Version[]> => {
		const fresh: ExportRecord[] = [];
		// The boundary only knows earlier pages; a broken page may list one version twice.
		const secondsById = new Map<unknown, number>();
		const handled: Version[] = [];
		let replayedCount = 0;
		for (const version of versions) {
			if (version.seconds < fromSeconds) {
				if (version.placedBy === 'exact') {
					replayedCount++;
					continue;
				}
				// A version placed by its fallback is in a page that starts at fromSeconds, so that is
				// a better lower bound for its real place.
				if (version.placedBy === 'lowerBound') holdAt(version, fromSeconds);
			}
			if (onlySecond !== undefined && version.seconds > onlySecond) break;
			handled.push(version);
			if (secondsById.get(version.record.id) === version.seconds) continue;
			secondsById.set(version.record.id, version.seconds);
			if (Number.isNaN(version.seconds)) {
				if (unplacedIds.has(version.record.id)) continue;
				unplacedIds.add(version.record.id);
			} else if (!boundary.isNew(version)) continue;
			fresh.push(version.record);
		}
		// Looked up for new records only: a poll that rereads the cursor's second asks nothing more.
		const lookups = await fetchLookups(kind, fresh, source, deadlineMs);
		const expand = kind.expanderFor({ sideloads, windowStartSeconds, lookups, warn: warnings.add });
		for (const record of fresh) expand(record, emitted);
		if (replayedCount > 0) {
			warnings.add(
				`Zendesk's page for ${isoSecond(fromSeconds)} held ${replayedCount} ${kind.noun} versions older than that; they were already handled and are skipped (a cache or proxy may be replaying an earlier answer).`,
			);
		}
		return handled;
	};

	/** Reads a page's versions and warns about any dated after the server's clock. */
	const versionsOf = (records: ExportRecord[]): Version[] => {
		const versions = readVersions(records, kind.placement, kind.noun, warnings.add);
		const nowSeconds = Math.floor(nowMs() / 1000);
		for (const version of versions) {
			if (version.seconds > nowSeconds + FUTURE_TOLERANCE_SECONDS) {
				warnings.add(
					`Zendesk sent ${kind.noun} ${describeId(version.record)} dated ${isoSecond(version.seconds)}, in the future; it is emitted, and the trigger's position stays at most a minute behind now.`,
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
			const handled = await handle(versions, page.sideloads, second, second);
			boundary.advance(second, handled);
			const passedTheSecond = versions.some((version) => version.seconds > second);
			if (passedTheSecond || page.endOfStream) {
				cursorSeconds = second + 1;
				boundary.advance(cursorSeconds, []);
				return 'passed';
			}
			if (emitted.length >= settings.maxItemsPerPoll) return 'maxItems';
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
			const from = cursorSeconds;
			const answer = await send('time', () => source.timePage(from, deadlineMs));
			if (answer === undefined) return finish('budget');
			if (answer.kind === 'tooRecent') return finish('tooRecent');

			const endOfStream = answer.endOfStream ?? answer.records.length < TIME_PAGE_SIZE;
			const versions = versionsOf(answer.records);
			const emittedBefore = emitted.length;
			const handled = await handle(versions, answer.sideloads, cursorSeconds);
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
				if (kind.hasCursorExport) {
					const stepped = await stepThroughSecond(cursorSeconds);
					if (stepped !== 'passed') return finish(stepped);
				} else {
					// No cursor export: Zendesk documents that a time page holds every record of a
					// shared second, past 1,000, so this page was the whole second.
					cursorSeconds += 1;
					boundary.advance(cursorSeconds, []);
				}
			} else {
				cursorSeconds = nextSeconds;
				holdLowerBoundsAt(handled, cursorSeconds);
				boundary.advance(cursorSeconds, handled);
			}
			if (endOfStream) return finish('endOfStream');
			// "Max" is a maximum: stop before a page as full as this one (at least one item) would pass it.
			const pageItems = Math.max(emitted.length - emittedBefore, 1);
			if (emitted.length + pageItems > settings.maxItemsPerPoll) return finish('maxItems');
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
 * A version placed only by its fallback field may really sit anywhere up to the new cursor, and so
 * come back in the next page: the boundary keeps it until the cursor moves past that second.
 */
function holdLowerBoundsAt(handled: Version[], cursorSeconds: number): void {
	for (const version of handled) {
		if (version.placedBy === 'lowerBound' && version.seconds < cursorSeconds) {
			holdAt(version, cursorSeconds);
		}
	}
}
