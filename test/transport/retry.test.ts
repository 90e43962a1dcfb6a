import {
	backoffMs,
	formatDuration,
	RATE_LIMIT_DEFAULT_WAIT_MS,
	RATE_LIMIT_MIN_WAIT_MS,
	rateLimitWaitMs,
	RETRY_BASE_MS,
	RETRY_MAX_BACKOFF_MS,
} from '../../nodes/ZendeskExportTrigger/transport/retry';

describe('backoffMs', () => {
	it('should double the ceiling with every attempt', () => {
		expect([1, 2, 3, 4].map((attempt) => backoffMs(attempt, 1))).toEqual([
			RETRY_BASE_MS,
			2 * RETRY_BASE_MS,
			4 * RETRY_BASE_MS,
			8 * RETRY_BASE_MS,
		]);
	});

	it('should keep at least half of the ceiling and add a random share of the other half', () => {
		expect(backoffMs(3, 0)).toBe(2_000);
		expect(backoffMs(3, 0.5)).toBe(3_000);
		expect(backoffMs(3, 0.999)).toBe(3_998);
	});

	it('should never wait longer than the largest backoff', () => {
		expect(backoffMs(30, 1)).toBe(RETRY_MAX_BACKOFF_MS);
	});
});

describe('formatDuration', () => {
	it.each([
		[400, '0 s'],
		[7_500, '8 s'],
		[60_000, '1 min'],
		[95_000, '1 min 35 s'],
	])('should write %d ms as %j', (ms, text) => {
		expect(formatDuration(ms)).toBe(text);
	});
});

describe('rateLimitWaitMs', () => {
	it('should wait for the window the headers call spent, not for one that still has room', () => {
		expect(
			rateLimitWaitMs(
				{
					exportRemaining: 0,
					exportResetsSeconds: 12,
					accountRemaining: 5,
					accountResetsSeconds: 50,
				},
				'time',
			),
		).toBe(12_000);
	});

	it('should wait for the longest reset when no window is called spent', () => {
		expect(rateLimitWaitMs({ exportResetsSeconds: 12, accountResetsSeconds: 50 }, 'time')).toBe(
			50_000,
		);
	});

	it("should read the cursor export's window on the cursor export, and the export one otherwise", () => {
		const rateLimit = {
			exportRemaining: 0,
			exportResetsSeconds: 40,
			cursorExportRemaining: 0,
			cursorExportResetsSeconds: 9,
		};
		expect(rateLimitWaitMs(rateLimit, 'cursor')).toBe(9_000);
		expect(rateLimitWaitMs(rateLimit, 'time')).toBe(40_000);
		expect(rateLimitWaitMs({ exportRemaining: 0, exportResetsSeconds: 40 }, 'cursor')).toBe(40_000);
	});

	it('should wait the safe default when the headers tell no reset', () => {
		expect(rateLimitWaitMs({ exportRemaining: 0 }, 'time')).toBe(RATE_LIMIT_DEFAULT_WAIT_MS);
		expect(RATE_LIMIT_DEFAULT_WAIT_MS).toBe(60_000);
	});

	it('should wait at least a second when a window resets now', () => {
		expect(rateLimitWaitMs({ exportRemaining: 0, exportResetsSeconds: 0 }, 'time')).toBe(
			RATE_LIMIT_MIN_WAIT_MS,
		);
	});
});
