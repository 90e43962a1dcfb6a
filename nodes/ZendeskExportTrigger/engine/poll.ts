import { Boundary } from './boundary';
import { StuckSecondError } from './errors';
import { createTicketFilter } from './filters';
import { nextRequestNotBeforeMs, type RateLimitReading } from './pacing';
import { EXPORT_WITHHELD_SECONDS, type PollSettings } from './settings';
import { createSideloadAttacher } from './sideloads';
import type { CursorPage, ExportSource, RateLimitInfo, Sideloads, Ticket, TimePage } from './types';

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

export type StopReason = 'endOfStream' | 'tooRecent' | 'notYet' | 'maxTickets' | 'budget' | 'error';

export interface PollOutcome {
	tickets: Ticket[];
	state: EngineState;
	stopReason: StopReason;
	/** Set when a request failed; `tickets` and `state` then hold what came before it. */
	error?: unknown;
	requestCount: number;
	/** What the last response said about the rate limit; hand it to the next poll. */
	rateLimitReading?: RateLimitReading;
}

export interface PollDeps {
	source: ExportSource;
	nowMs: () => number;
	sleep: (ms: number) => Promise<void>;
	/** Epoch ms by which the poll must have returned. */
	deadlineMs: number;
	/**
	 * The last reading of an earlier poll on the same account: a poll that ended with the window
	 * spent must not open the next one with a request that earns a 429.
	 */
	rateLimitReading?: RateLimitReading;
}

/**
 * One poll: page through the time-based export from the cursor until the end of the stream, the
 * ticket cap or the deadline. The cursor only ever moves to the end of a page that was handled in
 * full, so a failure keeps what came before it and loses nothing after it.
 */
export async function runPoll(
	initial: EngineState,
	settings: PollSettings,
	deps: PollDeps,
): Promise<PollOutcome> {
	const { source, nowMs, sleep, deadlineMs } = deps;
	const windowStartSeconds = initial.catchingUp
		? initial.windowStartSeconds
		: initial.cursorSeconds;
	const boundary = new Boundary(initial.boundaryKeys);
	const accept = createTicketFilter(settings, windowStartSeconds);
	const emitted: Ticket[] = [];
	let cursorSeconds = initial.cursorSeconds;
	let requestCount = 0;
	let rateLimitReading = deps.rateLimitReading;
	const read = (rateLimit: RateLimitInfo) => {
		rateLimitReading = { rateLimit, receivedAtMs: nowMs() };
	};

	const stateNow = (catchingUp: boolean): EngineState => ({
		cursorSeconds,
		boundaryKeys: boundary.keys(),
		windowStartSeconds,
		catchingUp,
	});
	const finish = (stopReason: StopReason, error?: unknown): PollOutcome => ({
		tickets: emitted,
		state: stateNow(
			stopReason === 'maxTickets' || stopReason === 'budget' || stopReason === 'error',
		),
		stopReason,
		error,
		requestCount,
		rateLimitReading,
	});

	/** Waits out the rate limit; false when that would run past the deadline. */
	const paceNextRequest = async (): Promise<boolean> => {
		const waitMs = Math.max(0, nextRequestNotBeforeMs(rateLimitReading) - nowMs());
		if (nowMs() + waitMs >= deadlineMs) return false;
		if (waitMs > 0) await sleep(waitMs);
		return true;
	};

	/** Emits the new, accepted tickets of a page; returns how many it handled (all, or up to `onlySecond`'s end). */
	const handle = (tickets: Ticket[], sideloads: Sideloads, onlySecond?: number): number => {
		const attach = createSideloadAttacher(sideloads);
		// The boundary only knows earlier pages; a broken page may list one version twice.
		const secondsById = new Map<number, number>();
		for (let index = 0; index < tickets.length; index++) {
			const ticket = tickets[index];
			if (onlySecond !== undefined && ticket.generated_timestamp !== onlySecond) return index;
			if (secondsById.get(ticket.id) === ticket.generated_timestamp) continue;
			secondsById.set(ticket.id, ticket.generated_timestamp);
			if (!boundary.isNew(ticket) || !accept(ticket)) continue;
			attach(ticket);
			emitted.push(ticket);
		}
		return tickets.length;
	};

	/** Walks one over-full second with the cursor export, then leaves the cursor just past it. */
	const stepThroughSecond = async (second: number): Promise<StopReason | 'passed'> => {
		let page: CursorPage | undefined;
		let previousCursor: string | null = null;
		for (;;) {
			if (!(await paceNextRequest())) return 'budget';
			page = await source.cursorPage(
				page?.afterCursor ? { cursor: page.afterCursor } : { startTimeSeconds: second },
				deadlineMs,
			);
			requestCount++;
			read(page.rateLimit);
			const handledCount = handle(page.tickets, page.sideloads, second);
			boundary.advance(second, page.tickets.slice(0, handledCount));
			if (handledCount < page.tickets.length || page.endOfStream) {
				cursorSeconds = second + 1;
				boundary.advance(cursorSeconds, []);
				return 'passed';
			}
			if (emitted.length >= settings.maxTicketsPerPoll) return 'maxTickets';
			if (!page.afterCursor || page.afterCursor === previousCursor) {
				throw new StuckSecondError(second, 'it returned no cursor to continue from');
			}
			previousCursor = page.afterCursor;
		}
	};

	try {
		for (;;) {
			const latestStartSeconds = Math.floor(nowMs() / 1000) - EXPORT_WITHHELD_SECONDS;
			if (cursorSeconds > latestStartSeconds) return finish('notYet');
			if (!(await paceNextRequest())) return finish('budget');

			const answer = await source.timePage(cursorSeconds, deadlineMs);
			requestCount++;
			read(answer.rateLimit);
			if (answer.kind === 'tooRecent') return finish('tooRecent');

			handle(answer.tickets, answer.sideloads);
			const nextSeconds = nextCursor(answer, cursorSeconds, latestStartSeconds);
			if (nextSeconds === cursorSeconds && !answer.endOfStream) {
				boundary.advance(cursorSeconds, answer.tickets);
				const stepped = await stepThroughSecond(cursorSeconds);
				if (stepped !== 'passed') return finish(stepped);
			} else {
				cursorSeconds = nextSeconds;
				boundary.advance(cursorSeconds, answer.tickets);
			}
			if (answer.endOfStream) return finish('endOfStream');
			if (emitted.length >= settings.maxTicketsPerPoll) return finish('maxTickets');
		}
	} catch (error) {
		return finish('error', error);
	}
}

/**
 * Where the next page starts. `end_time` is Zendesk's word for it, but on an empty page it may be
 * the start, a later time or null: never move backwards, and never forward past a time that is
 * both newer than anything this page held and inside the withheld last minute.
 */
export function nextCursor(
	page: TimePage,
	cursorSeconds: number,
	latestStartSeconds: number,
): number {
	let newestSeenSeconds = cursorSeconds;
	for (const ticket of page.tickets) {
		if (ticket.generated_timestamp > newestSeenSeconds)
			newestSeenSeconds = ticket.generated_timestamp;
	}
	const proposedSeconds = page.endTimeSeconds ?? newestSeenSeconds;
	const ceilingSeconds = Math.max(newestSeenSeconds, latestStartSeconds);
	return Math.max(cursorSeconds, Math.min(proposedSeconds, ceilingSeconds));
}
