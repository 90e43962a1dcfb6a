import type { RateLimitInfo } from './types';

/** When a limit is spent and Zendesk did not say when it refills, wait out a whole window. */
const UNKNOWN_RESET_SECONDS = 60;

export type RequestKind = 'time' | 'cursor';

/**
 * How long to wait before the next export request, from what the last response's headers said.
 * Requests go out back to back while the window has room, and pause exactly until it refills when
 * it does not: that spends the 10-per-minute budget fully without ever earning a 429. The cursor
 * export has a header of its own; it only holds back cursor requests.
 */
export function delayBeforeNextRequestMs(
	rateLimit: RateLimitInfo | undefined,
	kind: RequestKind = 'time',
): number {
	if (!rateLimit) return 0;
	const waitSeconds = Math.max(
		0,
		spentWaitSeconds(rateLimit.exportRemaining, rateLimit.exportResetsSeconds),
		spentWaitSeconds(rateLimit.accountRemaining, rateLimit.accountResetsSeconds),
		kind === 'cursor'
			? spentWaitSeconds(rateLimit.cursorExportRemaining, rateLimit.cursorExportResetsSeconds)
			: 0,
	);
	return waitSeconds * 1000;
}

function spentWaitSeconds(
	remaining: number | undefined,
	resetsSeconds: number | undefined,
): number {
	if (remaining === undefined || remaining > 0) return 0;
	return resetsSeconds ?? UNKNOWN_RESET_SECONDS;
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
 * Monotonic ms before which the next export request should not go out. A reading that claims to
 * come from the future (another clock, or a clock that stepped) counts as received now, so the wait
 * is never longer than the headers asked for.
 */
export function nextRequestNotBeforeMs(
	reading: RateLimitReading | undefined,
	nowMs: number,
	kind: RequestKind = 'time',
): number {
	if (!reading) return 0;
	const notBefore = (rateLimit: RateLimitInfo, receivedAtMs: number) =>
		Math.min(receivedAtMs, nowMs) + delayBeforeNextRequestMs(rateLimit, kind);
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
