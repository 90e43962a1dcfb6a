/**
 * Zendesk's rate-limit headers, read into the engine's `RateLimitInfo`. Pure: headers in, numbers
 * out. Header names may arrive in any case, as a plain object or axios' header object, and a
 * value may be a list.
 */
import type { RateLimitInfo } from '../engine/types';

/** The value of one header, whatever the case of its name; lists are joined with ", ". */
export function headerValue(headers: unknown, name: string): string | undefined {
	if (typeof headers !== 'object' || headers === null) return undefined;
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() !== wanted || value === undefined || value === null) continue;
		return Array.isArray(value) ? value.map(String).join(', ') : String(value);
	}
	return undefined;
}

/** A count or a number of seconds: digits only (a decimal fraction is accepted and kept). */
function nonNegativeNumber(text: string | undefined): number | undefined {
	if (text === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(text)) return undefined;
	return Number(text);
}

/** `total=10; remaining=9; resets=2` → { total: 10, remaining: 9, resets: 2 } */
function parseParameters(text: string | undefined): Record<string, number> {
	const parameters: Record<string, number> = {};
	for (const part of (text ?? '').split(/[;,]/)) {
		const [key, value] = part.split('=');
		const parsed = nonNegativeNumber(value);
		if (key !== undefined && parsed !== undefined) parameters[key.trim().toLowerCase()] = parsed;
	}
	return parameters;
}

/**
 * `Retry-After` in seconds: either a number of seconds or an HTTP date, which is turned into the
 * seconds left from `nowMs` (rounded up, never negative).
 */
export function parseRetryAfterSeconds(
	text: string | undefined,
	nowMs: number,
): number | undefined {
	if (text === undefined) return undefined;
	const seconds = nonNegativeNumber(text);
	if (seconds !== undefined) return seconds;
	const dateMs = Date.parse(text);
	if (Number.isNaN(dateMs)) return undefined;
	return Math.max(0, Math.ceil((dateMs - nowMs) / 1000));
}

export function parseRateLimitHeaders(headers: unknown, nowMs: number): RateLimitInfo {
	const info: RateLimitInfo = {};
	const exports = parseParameters(headerValue(headers, 'zendesk-ratelimit-incremental-exports'));
	if (exports.remaining !== undefined) info.exportRemaining = exports.remaining;
	if (exports.resets !== undefined) info.exportResetsSeconds = exports.resets;
	const accountRemaining =
		nonNegativeNumber(headerValue(headers, 'x-rate-limit-remaining')) ??
		nonNegativeNumber(headerValue(headers, 'ratelimit-remaining'));
	if (accountRemaining !== undefined) info.accountRemaining = accountRemaining;
	const accountResets = nonNegativeNumber(headerValue(headers, 'ratelimit-reset'));
	if (accountResets !== undefined) info.accountResetsSeconds = accountResets;
	const retryAfter = parseRetryAfterSeconds(headerValue(headers, 'retry-after'), nowMs);
	if (retryAfter !== undefined) info.retryAfterSeconds = retryAfter;
	return info;
}
