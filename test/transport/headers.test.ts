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

	it("should read the cursor export's limit from zendesk-ratelimit-incremental-exports-cursor", () => {
		const info = parseRateLimitHeaders(
			{ 'Zendesk-RateLimit-incremental-exports-cursor': 'total=10; remaining=9; resets=2' },
			NOW_MS,
		);
		expect(info).toEqual({ cursorExportRemaining: 9, cursorExportResetsSeconds: 2 });
	});

	it('should keep the export header and the cursor export header apart, one name being a prefix of the other', () => {
		const info = parseRateLimitHeaders(
			{
				'ZENDESK-RATELIMIT-INCREMENTAL-EXPORTS-CURSOR': 'total=10; remaining=3; resets=30',
				'zendesk-ratelimit-incremental-exports': 'total=10; remaining=7; resets=50',
			},
			NOW_MS,
		);
		expect(info).toEqual({
			exportRemaining: 7,
			exportResetsSeconds: 50,
			cursorExportRemaining: 3,
			cursorExportResetsSeconds: 30,
		});
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

	it('should take the largest wait of a list on one header line', () => {
		expect(parseRetryAfterSeconds('50, 47', NOW_MS)).toBe(50);
	});

	it('should take the largest wait of a header sent as an array of values', () => {
		expect(parseRateLimitHeaders({ 'Retry-After': ['47', '50', '3'] }, NOW_MS)).toEqual({
			retryAfterSeconds: 50,
		});
	});

	it('should read an HTTP date, whose own comma does not make it a list', () => {
		const date = new Date(NOW_MS + 30_000).toUTCString();
		expect(date).toContain(',');
		expect(parseRetryAfterSeconds(date, NOW_MS)).toBe(30);
	});

	it('should take the largest wait of a list mixing HTTP dates and seconds', () => {
		const inAMinute = new Date(NOW_MS + 60_000).toUTCString();
		const inTwoMinutes = new Date(NOW_MS + 120_000).toUTCString();
		expect(parseRetryAfterSeconds(`${inAMinute}, 90, ${inTwoMinutes}`, NOW_MS)).toBe(120);
		expect(parseRateLimitHeaders({ 'retry-after': ['5', inAMinute] }, NOW_MS)).toEqual({
			retryAfterSeconds: 60,
		});
	});

	it('should ignore pieces of a list that are neither seconds nor a date', () => {
		expect(parseRetryAfterSeconds('soon, 12, -3', NOW_MS)).toBe(12);
	});
});
