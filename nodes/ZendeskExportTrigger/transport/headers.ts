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
 * An HTTP date in any of the three forms HTTP allows: `Sun, 06 Nov 1994 08:49:37 GMT`,
 * `Sunday, 06-Nov-94 08:49:37 GMT` and `Sun Nov  6 08:49:37 1994`. Matched by its shape because
 * `Date.parse` accepts nearly anything ("soon, 12" is a date to it).
 */
const HTTP_DATE =
	/\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,\s*\d{1,2}[ -][a-z]{3}[ -]\d{2,4}\s+\d{2}:\d{2}:\d{2}\s+GMT\b|\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\s+[a-z]{3}\s+\d{1,2}\s+\d{2}:\d{2}:\d{2}\s+\d{4}\b/gi;

/**
 * `Retry-After` in seconds: a number of seconds or an HTTP date (turned into the seconds left from
 * `nowMs`, rounded up, never negative). A proxy may merge several into one list (`50, 47`, or a
 * header sent twice, which `headerValue` joins): the largest wait wins, since every one of them
 * must have passed. An HTTP date holds a comma of its own, so dates are taken out whole first.
 */
export function parseRetryAfterSeconds(
	text: string | undefined,
	nowMs: number,
): number | undefined {
	if (text === undefined) return undefined;
	const waitsSeconds: number[] = [];
	for (const date of text.match(HTTP_DATE) ?? []) {
		const dateMs = Date.parse(date);
		if (!Number.isNaN(dateMs)) waitsSeconds.push(Math.max(0, Math.ceil((dateMs - nowMs) / 1000)));
	}
	for (const piece of text.replace(HTTP_DATE, ',').split(',')) {
		const seconds = nonNegativeNumber(piece);
		if (seconds !== undefined) waitsSeconds.push(seconds);
	}
	return waitsSeconds.length === 0 ? undefined : Math.max(...waitsSeconds);
}

export function parseRateLimitHeaders(headers: unknown, nowMs: number): RateLimitInfo {
	const info: RateLimitInfo = {};
	// headerValue matches whole names, so the exports header never picks up the cursor one,
	// whose name it is a prefix of.
	const exports = parseParameters(headerValue(headers, 'zendesk-ratelimit-incremental-exports'));
	if (exports.remaining !== undefined) info.exportRemaining = exports.remaining;
	if (exports.resets !== undefined) info.exportResetsSeconds = exports.resets;
	const cursor = parseParameters(
		headerValue(headers, 'zendesk-ratelimit-incremental-exports-cursor'),
	);
	if (cursor.remaining !== undefined) info.cursorExportRemaining = cursor.remaining;
	if (cursor.resets !== undefined) info.cursorExportResetsSeconds = cursor.resets;
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
