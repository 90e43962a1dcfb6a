import nock from 'nock';
import { NodeApiError } from 'n8n-workflow';

import { isRetriableError } from '../../nodes/ZendeskExportTrigger/transport';
import { cursorPageBody, guardNock, ORIGIN, timePageBody } from '../helpers/transport-fixtures';
import {
	CURSOR_PATH,
	expectScriptDone,
	MINUTE_MS,
	rejectionOf,
	setup,
	TIME_PATH,
} from '../helpers/transport-source';

guardNock();

describe('createExportSource: retries', () => {
	it('should wait Retry-After seconds after a 429, then return the page', async () => {
		const { source, clock, deadline } = setup();
		nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.reply(429, { error: 'TooManyRequests' }, { 'Retry-After': '7' })
			.get(TIME_PATH)
			.query(true)
			.reply(200, timePageBody(), { 'X-Rate-Limit-Remaining': '9' });
		const page = await source.timePage(1, deadline());
		expect(clock.sleeps).toEqual([7_000]);
		expect(page).toMatchObject({ kind: 'page', rateLimit: { accountRemaining: 9 } });
		expectScriptDone();
	});

	it('should back off exponentially with jitter after 5xx answers, then return the page', async () => {
		const { source, clock, deadline } = setup({ random: () => 0.25 });
		nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.reply(503, { error: 'ServiceUnavailable' })
			.get(TIME_PATH)
			.query(true)
			.reply(502, { error: 'BadGateway' })
			.get(TIME_PATH)
			.query(true)
			.reply(500, { error: 'InternalServerError' })
			.get(TIME_PATH)
			.query(true)
			.reply(200, timePageBody());
		await expect(source.timePage(1, deadline())).resolves.toMatchObject({ kind: 'page' });
		// Ceilings 1 s, 2 s, 4 s: half fixed plus a quarter of the other half.
		expect(clock.sleeps).toEqual([625, 1_250, 2_500]);
		expectScriptDone();
	});

	it('should retry a 504 gateway timeout', async () => {
		const { source, clock, deadline } = setup();
		nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.reply(504, 'Gateway Timeout')
			.get(TIME_PATH)
			.query(true)
			.reply(200, timePageBody());
		await expect(source.timePage(1, deadline())).resolves.toMatchObject({ kind: 'page' });
		expect(clock.sleeps).toHaveLength(1);
		expectScriptDone();
	});

	it('should retry after the connection is reset', async () => {
		const { source, clock, deadline } = setup();
		nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
			.get(TIME_PATH)
			.query(true)
			.reply(200, timePageBody());
		await expect(source.timePage(1, deadline())).resolves.toMatchObject({ kind: 'page' });
		expect(clock.sleeps).toEqual([750]);
		expectScriptDone();
	});

	it('should retry after a request times out', async () => {
		const { source, clock, deadline } = setup();
		nock(ORIGIN)
			.get(CURSOR_PATH)
			.query(true)
			.replyWithError(
				Object.assign(new Error('timeout of 60000ms exceeded'), { code: 'ECONNABORTED' }),
			)
			.get(CURSOR_PATH)
			.query(true)
			.replyWithError(Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' }))
			.get(CURSOR_PATH)
			.query(true)
			.reply(200, cursorPageBody());
		await expect(source.cursorPage({ cursor: 'abc' }, deadline())).resolves.toMatchObject({
			endOfStream: true,
		});
		expect(clock.sleeps).toHaveLength(2);
		expectScriptDone();
	});

	it('should give up at the deadline with a retriable error that says how long it tried', async () => {
		const { source, clock, deadline } = setup({ random: () => 0 });
		nock(ORIGIN).get(TIME_PATH).query(true).times(5).reply(503, { error: 'Unavailable' });
		const error = await rejectionOf(source.timePage(1, deadline(10_000)));
		// Waits of 0.5, 1, 2 and 4 s fit before the deadline; the next (8 s) would not.
		expect(clock.sleeps).toEqual([500, 1_000, 2_000, 4_000]);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(
			'Gave up on Zendesk after trying for 8 s (5 attempts): Zendesk answered 503',
		);
		expect(error.description).toMatch(/The next retry \(8 s\) would pass this poll's deadline/);
		expect(error.httpCode).toBe('503');
		expect(isRetriableError(error)).toBe(true);
		expectScriptDone();
	});

	it('should give up at once when Retry-After would pass the deadline', async () => {
		const { source, clock, deadline } = setup();
		nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.reply(429, { error: 'TooManyRequests' }, { 'retry-after': '120' });
		const error = await rejectionOf(source.timePage(1, deadline(MINUTE_MS)));
		expect(clock.sleeps).toEqual([]);
		expect(error.message).toBe(
			'Gave up on Zendesk after trying for 0 s (1 attempt): Zendesk is rate limiting the export (429)',
		);
		expect(error.description).toMatch(/Zendesk asked to wait \(2 min\)/);
		expect(isRetriableError(error)).toBe(true);
		expectScriptDone();
	});

	it('should give up with a retriable error after the maximum number of attempts', async () => {
		const { source, clock, deadline } = setup();
		nock(ORIGIN).get(TIME_PATH).query(true).times(8).reply(429, {}, { 'Retry-After': '1' });
		const error = await rejectionOf(source.timePage(1, deadline(24 * 60 * MINUTE_MS)));
		expect(clock.sleeps).toHaveLength(7);
		expect(error.message).toMatch(/^Gave up on Zendesk after trying for 7 s \(8 attempts\)/);
		expect(isRetriableError(error)).toBe(true);
		expectScriptDone();
	});

	it('should log each retry at debug level', async () => {
		const { ctx, source, deadline } = setup();
		nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.reply(429, {}, { 'Retry-After': '3' })
			.get(TIME_PATH)
			.query(true)
			.reply(200, timePageBody());
		await source.timePage(1, deadline());
		expect(ctx.logger.lines).toEqual([
			expect.objectContaining({
				level: 'debug',
				message: expect.stringMatching(/429.*retrying in 3000 ms \(attempt 1\)/),
			}),
		]);
		expectScriptDone();
	});
});

describe('createExportSource: 429 without Retry-After', () => {
	const TOO_MANY = { error: 'TooManyRequests' };

	it('should wait until the export window resets, as its header says', async () => {
		const { source, clock, deadline } = setup();
		nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.reply(429, TOO_MANY, {
				'Zendesk-RateLimit-Incremental-Exports': 'total=10; remaining=0; resets=37',
			})
			.get(TIME_PATH)
			.query(true)
			.reply(200, timePageBody());
		await expect(source.timePage(1, deadline())).resolves.toMatchObject({ kind: 'page' });
		expect(clock.sleeps).toEqual([37_000]);
		expectScriptDone();
	});

	it("should wait for the cursor export's own window on the cursor export", async () => {
		const { source, clock, deadline } = setup();
		nock(ORIGIN)
			.get(CURSOR_PATH)
			.query(true)
			.reply(429, TOO_MANY, {
				'zendesk-ratelimit-incremental-exports': 'total=10; remaining=4; resets=5',
				'Zendesk-RateLimit-Incremental-Exports-Cursor': 'total=10; remaining=0; resets=23',
			})
			.get(CURSOR_PATH)
			.query(true)
			.reply(200, cursorPageBody());
		await expect(source.cursorPage({ cursor: 'abc' }, deadline())).resolves.toMatchObject({
			endOfStream: true,
		});
		expect(clock.sleeps).toEqual([23_000]);
		expectScriptDone();
	});

	it('should wait until the account window resets when the account limit is the spent one', async () => {
		const { source, clock, deadline } = setup();
		nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.reply(429, TOO_MANY, {
				'zendesk-ratelimit-incremental-exports': 'total=10; remaining=6; resets=12',
				'x-rate-limit-remaining': '0',
				'ratelimit-reset': '44',
			})
			.get(TIME_PATH)
			.query(true)
			.reply(200, timePageBody());
		await source.timePage(1, deadline());
		expect(clock.sleeps).toEqual([44_000]);
		expectScriptDone();
	});

	it('should wait a full minute when no header says when the window resets', async () => {
		const { source, clock, deadline } = setup();
		nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.reply(429, TOO_MANY)
			.get(TIME_PATH)
			.query(true)
			.reply(429, TOO_MANY)
			.get(TIME_PATH)
			.query(true)
			.reply(200, timePageBody());
		await expect(source.timePage(1, deadline())).resolves.toMatchObject({ kind: 'page' });
		// Not 0.75 s, 1.5 s, … into a window that is already spent.
		expect(clock.sleeps).toEqual([MINUTE_MS, MINUTE_MS]);
		expectScriptDone();
	});

	it('should give up at once with a retriable error when that wait would pass the deadline', async () => {
		const { source, clock, deadline } = setup();
		nock(ORIGIN).get(TIME_PATH).query(true).reply(429, TOO_MANY);
		const error = await rejectionOf(source.timePage(1, deadline(30_000)));
		expect(clock.sleeps).toEqual([]);
		expect(error.message).toBe(
			'Gave up on Zendesk after trying for 0 s (1 attempt): Zendesk is rate limiting the export (429)',
		);
		expect(error.description).toMatch(
			/^The wait for the rate-limit window to reset \(1 min\) would pass this poll's deadline\./,
		);
		expect(isRetriableError(error)).toBe(true);
		expectScriptDone();
	});

	it('should wait the longest of a Retry-After list sent on one line', async () => {
		const { source, clock, deadline } = setup();
		nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.reply(429, TOO_MANY, { 'Retry-After': '50, 47' })
			.get(TIME_PATH)
			.query(true)
			.reply(200, timePageBody());
		await source.timePage(1, deadline());
		expect(clock.sleeps).toEqual([50_000]);
		expectScriptDone();
	});

	it('should wait until an HTTP-date Retry-After, whose comma is not a list', async () => {
		const { source, clock, deadline } = setup();
		const retryAt = new Date(clock.nowMs() + 42_000).toUTCString();
		nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.reply(429, TOO_MANY, { 'Retry-After': retryAt })
			.get(TIME_PATH)
			.query(true)
			.reply(200, timePageBody());
		await source.timePage(1, deadline());
		expect(clock.sleeps).toEqual([42_000]);
		expectScriptDone();
	});
});
