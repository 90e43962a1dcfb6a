/**
 * The one rule for "wait until the window refills", from the headers as Zendesk sends them: the
 * account's budget applies it before each export request, the transport after a 429.
 */
import {
	MIN_REFILL_WAIT_MS,
	refillWaitMs,
	UNKNOWN_REFILL_SECONDS,
	type RequestKind,
} from '../../nodes/ZendeskExportTrigger/engine/pacing';
import { parseRateLimitHeaders } from '../../nodes/ZendeskExportTrigger/transport/headers';

const NOW_MS = Date.UTC(2026, 0, 1, 12, 0, 0);
const EXPORTS = 'zendesk-ratelimit-incremental-exports';
const CURSOR = 'zendesk-ratelimit-incremental-exports-cursor';
const WHOLE_WINDOW_MS = UNKNOWN_REFILL_SECONDS * 1000;

interface Row {
	headers: Record<string, string>;
	kind: RequestKind;
	/** Before a request, on an answer that was not rejected. */
	beforeMs: number;
	/** After a 429 with these headers. */
	after429Ms: number;
}

const rows: Array<[string, Row]> = [
	[
		'nothing before a request and a whole window after a 429 when there are no headers',
		{ headers: {}, kind: 'time', beforeMs: 0, after429Ms: WHOLE_WINDOW_MS },
	],
	[
		"for the spent export window's reset, not for an account window that has room",
		{
			headers: {
				[EXPORTS]: 'total=10; remaining=0; resets=12',
				'x-rate-limit-remaining': '5',
				'ratelimit-reset': '50',
			},
			kind: 'time',
			beforeMs: 12_000,
			after429Ms: 12_000,
		},
	],
	[
		'nothing while every window has room, and the longest reset mentioned after a 429',
		{
			headers: { [EXPORTS]: 'total=10; remaining=3; resets=12', 'ratelimit-reset': '50' },
			kind: 'time',
			beforeMs: 0,
			after429Ms: 50_000,
		},
	],
	[
		'the Retry-After seconds',
		{ headers: { 'Retry-After': '30' }, kind: 'time', beforeMs: 30_000, after429Ms: 30_000 },
	],
	[
		'until an HTTP-date Retry-After',
		{
			headers: { 'retry-after': 'Thu, 01 Jan 2026 12:00:20 GMT' },
			kind: 'time',
			beforeMs: 20_000,
			after429Ms: 20_000,
		},
	],
	[
		'the largest of a Retry-After line that holds a list',
		{ headers: { 'retry-after': '50, 47' }, kind: 'time', beforeMs: 50_000, after429Ms: 50_000 },
	],
	[
		'for a spent window that resets later than Retry-After says',
		{
			headers: { 'retry-after': '10', [EXPORTS]: 'total=10; remaining=0; resets=40' },
			kind: 'time',
			beforeMs: 40_000,
			after429Ms: 40_000,
		},
	],
	[
		"for the account's ratelimit-reset when x-rate-limit-remaining is 0",
		{
			headers: { 'X-Rate-Limit-Remaining': '0', 'RateLimit-Reset': '7' },
			kind: 'time',
			beforeMs: 7_000,
			after429Ms: 7_000,
		},
	],
	[
		'on ratelimit-remaining when x-rate-limit-remaining is absent',
		{
			headers: { 'ratelimit-remaining': '0', 'ratelimit-reset': '7' },
			kind: 'time',
			beforeMs: 7_000,
			after429Ms: 7_000,
		},
	],
	[
		'on x-rate-limit-remaining over ratelimit-remaining when both are sent',
		{
			headers: {
				'x-rate-limit-remaining': '5',
				'ratelimit-remaining': '0',
				'ratelimit-reset': '7',
			},
			kind: 'time',
			beforeMs: 0,
			after429Ms: 7_000,
		},
	],
	[
		'a whole window for a spent window without resets, even when another window resets sooner',
		{
			headers: { [EXPORTS]: 'total=10; remaining=0', 'ratelimit-reset': '5' },
			kind: 'time',
			beforeMs: WHOLE_WINDOW_MS,
			after429Ms: WHOLE_WINDOW_MS,
		},
	],
	[
		'as if no header were sent when they hold garbage',
		{
			headers: {
				[EXPORTS]: 'total=ten; remaining=none; resets=soon',
				'retry-after': 'later',
				'x-rate-limit-remaining': '-1',
				'ratelimit-reset': '1e3',
			},
			kind: 'time',
			beforeMs: 0,
			after429Ms: WHOLE_WINDOW_MS,
		},
	],
	[
		'at least a second for a spent window that resets "now"',
		{
			headers: { [EXPORTS]: 'total=10; remaining=0; resets=0' },
			kind: 'time',
			beforeMs: MIN_REFILL_WAIT_MS,
			after429Ms: MIN_REFILL_WAIT_MS,
		},
	],
	[
		'a fraction of a second a reset holds',
		{
			headers: { [EXPORTS]: 'total=10; remaining=0; resets=1.5' },
			kind: 'time',
			beforeMs: 1_500,
			after429Ms: 1_500,
		},
	],
	[
		'a long Retry-After whole, with no upper cap',
		{
			headers: { 'retry-after': '3600' },
			kind: 'time',
			beforeMs: 3_600_000,
			after429Ms: 3_600_000,
		},
	],
	[
		"for the cursor export's own spent window before a cursor request",
		{
			headers: { [CURSOR]: 'total=20; remaining=0; resets=7', [EXPORTS]: 'remaining=5; resets=30' },
			kind: 'cursor',
			beforeMs: 7_000,
			after429Ms: 7_000,
		},
	],
	[
		"nothing for the cursor export's spent window before a time request",
		{
			headers: { [CURSOR]: 'total=20; remaining=0; resets=7', [EXPORTS]: 'remaining=5; resets=30' },
			kind: 'time',
			beforeMs: 0,
			after429Ms: 30_000,
		},
	],
	[
		'for the export window too before a cursor request, when it resets later than the cursor one',
		{
			headers: { [CURSOR]: 'remaining=0; resets=9', [EXPORTS]: 'remaining=0; resets=40' },
			kind: 'cursor',
			beforeMs: 40_000,
			after429Ms: 40_000,
		},
	],
];

describe('refillWaitMs', () => {
	it.each(rows)('should wait %s', (_name, { headers, kind, beforeMs, after429Ms }) => {
		const rateLimit = parseRateLimitHeaders(headers, NOW_MS);
		expect({
			beforeMs: refillWaitMs(rateLimit, kind),
			after429Ms: refillWaitMs(rateLimit, kind, true),
		}).toEqual({ beforeMs, after429Ms });
	});
});
