/** How long to wait between attempts. Pure; the caller owns the clock and the randomness. */
import type { RateLimitInfo } from '../engine/types';

/** First backoff ceiling; doubles with every failed attempt. */
export const RETRY_BASE_MS = 1_000;
/** Largest backoff ceiling, whatever the attempt. */
export const RETRY_MAX_BACKOFF_MS = 60_000;
/** Attempts per page before giving up even when the deadline is far away. */
export const RETRY_MAX_ATTEMPTS = 8;
/** Longest a single request may take; an export page of 1000 tickets with sideloads is slow. */
export const REQUEST_TIMEOUT_MS = 120_000;
/** A request is not sent with less time than this left before the caller's deadline. */
export const MIN_REQUEST_TIME_MS = 1_000;

/**
 * The wait after a 429 that came without Retry-After and whose headers tell no reset either.
 * The export window is a minute long, so a minute is always enough; backing off by seconds would
 * only spend more requests of a window that is already spent.
 */
export const RATE_LIMIT_DEFAULT_WAIT_MS = 60_000;
/** A reset of 0 s on a 429 means "any moment now": wait at least this long anyway. */
export const RATE_LIMIT_MIN_WAIT_MS = 1_000;

export type ExportEndpoint = 'time' | 'cursor';

/**
 * How long to wait after a 429 without Retry-After, from the rate-limit headers: the reset of
 * every window the headers call spent (remaining=0), else of every window they mention, the
 * longest one; the safe default when they say nothing. The windows are this export's own limit
 * (the cursor export has its own header, else it shares the export one) and the account's.
 */
export function rateLimitWaitMs(rateLimit: RateLimitInfo, endpoint: ExportEndpoint): number {
	const useCursor = endpoint === 'cursor' && rateLimit.cursorExportResetsSeconds !== undefined;
	const windows = [
		useCursor
			? {
					remaining: rateLimit.cursorExportRemaining,
					resetsSeconds: rateLimit.cursorExportResetsSeconds,
				}
			: { remaining: rateLimit.exportRemaining, resetsSeconds: rateLimit.exportResetsSeconds },
		{ remaining: rateLimit.accountRemaining, resetsSeconds: rateLimit.accountResetsSeconds },
	].filter((window) => window.resetsSeconds !== undefined);
	const spent = windows.filter((window) => window.remaining === 0);
	const chosen = spent.length > 0 ? spent : windows;
	if (chosen.length === 0) return RATE_LIMIT_DEFAULT_WAIT_MS;
	const resetsSeconds = Math.max(...chosen.map((window) => window.resetsSeconds ?? 0));
	return Math.max(RATE_LIMIT_MIN_WAIT_MS, Math.ceil(resetsSeconds * 1000));
}

/**
 * Exponential backoff with "equal jitter": half of the ceiling is fixed, the other half random,
 * so parallel pollers spread out yet every wait is at least half the ceiling.
 * `attempt` counts failed attempts from 1; `random` is in [0, 1).
 */
export function backoffMs(attempt: number, random: number): number {
	const ceiling = Math.min(RETRY_MAX_BACKOFF_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempt - 1));
	const jitter = Math.min(Math.max(random, 0), 1);
	return Math.round(ceiling / 2 + (ceiling / 2) * jitter);
}

/** 950 → "1 s", 95_000 → "1 min 35 s". */
export function formatDuration(ms: number): string {
	const seconds = Math.max(0, Math.round(ms / 1000));
	if (seconds < 60) return `${seconds} s`;
	const minutes = Math.floor(seconds / 60);
	const rest = seconds % 60;
	return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}
