import type { RateLimitInfo } from './types';

/** When a window is spent and Zendesk did not say when it refills, wait out a whole one (a minute). */
export const UNKNOWN_REFILL_SECONDS = 60;
/** The shortest wait for a spent window: `resets=0` is rounded down and may still mean most of a second. */
export const MIN_REFILL_WAIT_MS = 1_000;

export type RequestKind = 'time' | 'cursor';

/**
 * Milliseconds until the windows a request of `kind` counts against have room again, read from one
 * answer's headers; 0 when none is spent. The one rule for both places that wait: the account's
 * budget before each export request (nothing `rejected`), and the transport after a 429 (`rejected`:
 * some window is spent, whatever the headers say). Every header that names a wait counts and the
 * longest wins: a spent window's `resets` (a whole minute when it gives none) and Retry-After. After
 * a 429 whose headers name no wait, the longest reset they mention, else a whole minute: backing off
 * by seconds would only spend more requests of a window that is already spent.
 *
 * Where the two rules this replaces differed, the longer wait was kept, since a wait too short earns
 * another 429 while one too long only costs a little time: a cursor request counts against the export
 * window as well as its own (Zendesk does not say the cursor export is outside it), a spent window
 * without `resets` waits a minute even when another window gives a shorter reset, Retry-After does
 * not cut short a longer reset, and no wait is shorter than a second or than the header's fraction.
 */
export function refillWaitMs(
	rateLimit: RateLimitInfo,
	kind: RequestKind,
	rejected = false,
): number {
	const windows = windowsOf(rateLimit, kind);
	const waitsSeconds = windows
		.filter((window) => window.remaining !== undefined && window.remaining <= 0)
		.map((window) => window.resetsSeconds ?? UNKNOWN_REFILL_SECONDS);
	if (rateLimit.retryAfterSeconds !== undefined) waitsSeconds.push(rateLimit.retryAfterSeconds);
	if (rejected && waitsSeconds.length === 0) {
		const mentioned = windows.flatMap(({ resetsSeconds }) => resetsSeconds ?? []);
		waitsSeconds.push(mentioned.length > 0 ? Math.max(...mentioned) : UNKNOWN_REFILL_SECONDS);
	}
	if (waitsSeconds.length === 0) return 0;
	return Math.max(MIN_REFILL_WAIT_MS, Math.ceil(Math.max(...waitsSeconds) * 1000));
}

/**
 * The windows a request counts against: the exports' and the account's, and for a cursor request
 * the cursor export's own as well; a time request is never held by the cursor header.
 */
function windowsOf(
	rateLimit: RateLimitInfo,
	kind: RequestKind,
): Array<{ remaining?: number; resetsSeconds?: number }> {
	const windows = [
		{ remaining: rateLimit.exportRemaining, resetsSeconds: rateLimit.exportResetsSeconds },
		{ remaining: rateLimit.accountRemaining, resetsSeconds: rateLimit.accountResetsSeconds },
	];
	if (kind === 'cursor') {
		windows.push({
			remaining: rateLimit.cursorExportRemaining,
			resetsSeconds: rateLimit.cursorExportResetsSeconds,
		});
	}
	return windows;
}

/**
 * The rate-limit headers of the last export response, and when it arrived on a monotonic clock:
 * a wall clock stepped back by NTP or a restored VM must not hold every poll on the account back.
 * `cursor` keeps the last reading that carried the cursor export's own header.
 */
export interface RateLimitReading {
	rateLimit: RateLimitInfo;
	receivedAtMs: number;
	cursor?: { rateLimit: RateLimitInfo; receivedAtMs: number };
}

/**
 * Monotonic ms before which the next export request should not go out. Requests go out back to back
 * while the window has room, and pause until it refills when it does not: that spends the
 * 10-per-minute budget fully without earning a 429. A reading that claims to come from the future
 * (another clock, or a clock that stepped) counts as received now, so the wait is never longer than
 * the headers asked for.
 */
export function nextRequestNotBeforeMs(
	reading: RateLimitReading | undefined,
	nowMs: number,
	kind: RequestKind = 'time',
): number {
	if (!reading) return 0;
	const notBefore = (rateLimit: RateLimitInfo, receivedAtMs: number) =>
		Math.min(receivedAtMs, nowMs) + refillWaitMs(rateLimit, kind);
	const general = notBefore(reading.rateLimit, reading.receivedAtMs);
	if (kind !== 'cursor' || !reading.cursor) return general;
	return Math.max(general, notBefore(reading.cursor.rateLimit, reading.cursor.receivedAtMs));
}

/** The reading after a new response: the cursor export's own header is kept until a newer one. */
export function nextReading(
	previous: RateLimitReading | undefined,
	rateLimit: RateLimitInfo,
	receivedAtMs: number,
): RateLimitReading {
	const hasCursorHeader =
		rateLimit.cursorExportRemaining !== undefined ||
		rateLimit.cursorExportResetsSeconds !== undefined;
	const cursor = hasCursorHeader ? { rateLimit, receivedAtMs } : previous?.cursor;
	return cursor ? { rateLimit, receivedAtMs, cursor } : { rateLimit, receivedAtMs };
}
