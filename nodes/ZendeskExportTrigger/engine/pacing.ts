import type { RateLimitInfo } from './types';

/** When a limit is spent and Zendesk did not say when it refills, wait out a whole window. */
const UNKNOWN_RESET_SECONDS = 60;

/**
 * How long to wait before the next export request, from what the last response's headers said.
 * Requests go out back to back while the window has room, and pause exactly until it refills when
 * it does not: that spends the 10-per-minute budget fully without ever earning a 429.
 */
export function delayBeforeNextRequestMs(rateLimit: RateLimitInfo | undefined): number {
	if (!rateLimit) return 0;
	let waitSeconds = 0;
	if (rateLimit.exportRemaining !== undefined && rateLimit.exportRemaining <= 0) {
		waitSeconds = Math.max(waitSeconds, rateLimit.exportResetsSeconds ?? UNKNOWN_RESET_SECONDS);
	}
	if (rateLimit.accountRemaining !== undefined && rateLimit.accountRemaining <= 0) {
		waitSeconds = Math.max(waitSeconds, rateLimit.accountResetsSeconds ?? UNKNOWN_RESET_SECONDS);
	}
	return Math.max(0, waitSeconds) * 1000;
}

/** The rate-limit headers of the last export response, and when it arrived. */
export interface RateLimitReading {
	rateLimit: RateLimitInfo;
	receivedAtMs: number;
}

/** Epoch ms before which the next export request should not go out. */
export function nextRequestNotBeforeMs(reading: RateLimitReading | undefined): number {
	if (!reading) return 0;
	return reading.receivedAtMs + delayBeforeNextRequestMs(reading.rateLimit);
}
