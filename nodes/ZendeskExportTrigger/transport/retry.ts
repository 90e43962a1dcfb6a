/**
 * How long to wait between attempts. Pure; the caller owns the clock and the randomness. The wait
 * after a 429 is the engine's `refillWaitMs` (engine/pacing.ts), the rule the account's budget
 * paces requests with, so the two never disagree.
 */

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
