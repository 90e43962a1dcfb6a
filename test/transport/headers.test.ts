import {
	headerValue,
	parseRateLimitHeaders,
	parseRetryAfterSeconds,
} from '../../nodes/ZendeskExportTrigger/transport/headers';

const NOW_MS = Date.parse('2026-11-28T12:00:00Z');

describe('parseRateLimitHeaders', () => {
	it('should read the incremental export limit from zendesk-ratelimit-incremental-exports', () => {
		const info = parseRateLimitHeaders(
			{ 'zendesk-ratelimit-incremental-exports': 'total=10; remaining=9; resets=2' },
			NOW_MS,
		);
		expect(info).toEqual({ exportRemaining: 9, exportResetsSeconds: 2 });
	});

	it('should read the account limit from x-rate-limit-remaining and ratelimit-reset', () => {
		const info = parseRateLimitHeaders(
			{ 'x-rate-limit': '700', 'x-rate-limit-remaining': '699', 'ratelimit-reset': '41' },
			NOW_MS,
		);
		expect(info).toEqual({ accountRemaining: 699, accountResetsSeconds: 41 });
	});

	it('should fall back to ratelimit-remaining when x-rate-limit-remaining is absent', () => {
		expect(parseRateLimitHeaders({ 'ratelimit-remaining': '12' }, NOW_MS)).toEqual({
			accountRemaining: 12,
		});
	});

	it('should read Retry-After given in seconds', () => {
		expect(parseRateLimitHeaders({ 'retry-after': '37' }, NOW_MS)).toEqual({
			retryAfterSeconds: 37,
		});
	});

	it('should read Retry-After given as an HTTP date, in seconds from now', () => {
		const header = { 'Retry-After': new Date(NOW_MS + 90_500).toUTCString() };
		expect(parseRateLimitHeaders(header, NOW_MS)).toEqual({ retryAfterSeconds: 90 });
	});

	it('should read header names in any case', () => {
		const info = parseRateLimitHeaders(
			{
				'Zendesk-RateLimit-Incremental-Exports': 'total=30; remaining=0; resets=17',
				'X-Rate-Limit-Remaining': '5',
				'RateLimit-Reset': '3',
				'RETRY-AFTER': '17',
			},
			NOW_MS,
		);
		expect(info).toEqual({
			exportRemaining: 0,
			exportResetsSeconds: 17,
			accountRemaining: 5,
			accountResetsSeconds: 3,
			retryAfterSeconds: 17,
		});
	});

	it('should ignore values that are not numbers', () => {
		const info = parseRateLimitHeaders(
			{
				'zendesk-ratelimit-incremental-exports': 'total=ten; remaining=; resets=-1',
				'x-rate-limit-remaining': 'lots',
				'retry-after': 'soon',
			},
			NOW_MS,
		);
		expect(info).toEqual({});
	});

	it('should return no information when there are no headers', () => {
		expect(parseRateLimitHeaders(undefined, NOW_MS)).toEqual({});
	});
});

describe('headerValue', () => {
	it('should join a header sent several times', () => {
		expect(headerValue({ 'Retry-After': ['5', '6'] }, 'retry-after')).toBe('5, 6');
	});
});

describe('parseRetryAfterSeconds', () => {
	it('should never return a negative wait for a date in the past', () => {
		expect(parseRetryAfterSeconds(new Date(NOW_MS - 60_000).toUTCString(), NOW_MS)).toBe(0);
	});
});
