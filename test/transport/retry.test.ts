import {
	backoffMs,
	formatDuration,
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
