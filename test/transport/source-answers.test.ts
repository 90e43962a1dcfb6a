/**
 * Answers the export source reads: a start time Zendesk finds too recent (in each of its shapes),
 * and answers that are not JSON. (Errors a person must fix: source-fix-errors.test.ts.)
 */
import nock from 'nock';
import { inspect } from 'node:util';

import { isRetriableError } from '../../nodes/ZendeskExportTrigger/transport';
import { guardNock, ORIGIN, timePageBody } from '../helpers/transport-fixtures';
import {
	CURSOR_PATH,
	expectScriptDone,
	rejectionOf,
	setup,
	TIME_PATH,
} from '../helpers/transport-source';

guardNock();

describe('createExportSource: start time too recent', () => {
	it('should return tooRecent for a 400 StartTimeTooRecent', async () => {
		const { source, deadline } = setup();
		nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.reply(
				400,
				{ error: 'StartTimeTooRecent', description: 'Start time must be more than a minute ago' },
				{ 'X-Rate-Limit-Remaining': '42' },
			);
		await expect(source.timePage(Math.floor(Date.now() / 1000), deadline())).resolves.toEqual({
			kind: 'tooRecent',
			rateLimit: { accountRemaining: 42 },
		});
		expectScriptDone();
	});

	it('should return tooRecent for a 422 "Too recent start_time"', async () => {
		const { source, deadline } = setup();
		nock(ORIGIN).get(TIME_PATH).query(true).reply(422, {
			error: 'InvalidValue',
			description: 'Too recent start_time. Use a start_time older than 1 minute',
		});
		await expect(source.timePage(1, deadline())).resolves.toEqual({
			kind: 'tooRecent',
			rateLimit: {},
		});
		expectScriptDone();
	});

	// Every shape goes through n8n-core's real request helper with json: true. There a text body
	// reaches the transport as a string, also when it is labelled JSON (axios parses leniently);
	// it never came as a Buffer or a parse error.
	it.each([
		[
			'a text/plain 400',
			400,
			'Too recent start_time. Use a start_time older than 1 minute',
			{ 'Content-Type': 'text/plain' },
		],
		[
			'a text/plain 422',
			422,
			'Too recent start_time. Use a start_time older than 1 minute',
			{ 'Content-Type': 'text/plain; charset=utf-8' },
		],
		[
			'a plain text labelled JSON',
			400,
			'Too recent start_time. Use a start_time older than 1 minute',
			{ 'Content-Type': 'application/json' },
		],
		['a JSON error string (400)', 400, { error: 'Too recent start_time' }, {}],
		['a JSON error string (422)', 422, { error: 'Too recent start_time' }, {}],
		[
			'the StartTimeTooRecent code with a description',
			400,
			{
				error: 'StartTimeTooRecent',
				description: 'Too recent start_time. Use a start_time older than 1 minute',
			},
			{},
		],
		[
			'an InvalidValue with details on start_time (422)',
			422,
			{
				error: 'InvalidValue',
				details: { start_time: [{ description: 'Start time is too recent' }] },
			},
			{},
		],
		[
			'an InvalidValue with details on start_time (400)',
			400,
			{
				error: 'InvalidValue',
				details: {
					start_time: [
						{ error: 'InvalidValue', description: 'is too recent, use one older than a minute' },
					],
				},
			},
			{},
		],
	])('should return tooRecent for %s', async (_label, status, body, headers) => {
		const { source, clock, deadline } = setup();
		nock(ORIGIN).get(TIME_PATH).query(true).reply(status, body, headers);
		await expect(source.timePage(1, deadline())).resolves.toEqual({
			kind: 'tooRecent',
			rateLimit: {},
		});
		expect(clock.sleeps).toEqual([]);
		expectScriptDone();
	});

	it('should not take an InvalidValue about another field for a too-recent start time', async () => {
		const { source, deadline } = setup();
		nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.reply(422, {
				error: 'InvalidValue',
				details: { per_page: [{ description: 'must be at most 1000' }] },
			});
		const error = await rejectionOf(source.timePage(1, deadline()));
		expect(error.message).toBe('Zendesk rejected the request (422)');
		expect(isRetriableError(error)).toBe(false);
		expectScriptDone();
	});

	it('should fail a too-recent answer of the cursor export as retriable, never as an end of stream', async () => {
		const { source, deadline } = setup();
		nock(ORIGIN).get(CURSOR_PATH).query(true).reply(400, { error: 'StartTimeTooRecent' });
		const failure = await source
			.cursorPage({ startTimeSeconds: 1 }, deadline())
			.catch((e: unknown) => e);
		expect(isRetriableError(failure)).toBe(true);
		expect((failure as Error).message).toMatch(/cursor export/);
		expectScriptDone();
	});

	it('should treat another 400 as an error that is not retried', async () => {
		const { source, clock, deadline } = setup();
		nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.reply(400, { error: 'InvalidValue', description: 'include: last_audits is not a sideload' });
		const error = await rejectionOf(source.timePage(1, deadline()));
		expect(error.message).toBe('Zendesk rejected the request (400)');
		expect(error.description).toContain('last_audits is not a sideload');
		expect(isRetriableError(error)).toBe(false);
		expect(clock.sleeps).toEqual([]);
		expectScriptDone();
	});
});

describe('createExportSource: answers that are not JSON', () => {
	const html =
		'<!DOCTYPE html><html><body>Zendesk is down for maintenance SENTINEL-HTML</body></html>';

	it('should retry a 503 HTML page and give up with a retriable error that names it', async () => {
		const { source, deadline } = setup({ random: () => 0 });
		nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.times(2)
			.reply(503, html, { 'Content-Type': 'text/html' });
		const error = await rejectionOf(source.timePage(1, deadline(2_000)));
		expect(error.message).toBe(
			'Gave up on Zendesk after trying for 1 s (2 attempts): Zendesk answered 503 with an HTML page instead of JSON',
		);
		expect(isRetriableError(error)).toBe(true);
		expect(JSON.stringify(error)).not.toContain('SENTINEL-HTML');
		expect(inspect(error, { showHidden: true, depth: 20 })).not.toContain('SENTINEL-HTML');
		expectScriptDone();
	});

	it('should retry a truncated JSON body, then return the next good answer', async () => {
		const { source, clock, deadline } = setup();
		nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.reply(200, '{"tickets":[{"id":1,"generated_timestamp":17', {
				'Content-Type': 'application/json',
			})
			.get(TIME_PATH)
			.query(true)
			.reply(200, timePageBody());
		await expect(source.timePage(1, deadline())).resolves.toMatchObject({ kind: 'page' });
		expect(clock.sleeps).toHaveLength(1);
		expectScriptDone();
	});

	it('should give up on truncated JSON with a retriable error that names it without the body', async () => {
		const { source, deadline } = setup();
		const truncated = '{"tickets":[{"id":1,"subject":"SENTINEL-TRUNCATED';
		nock(ORIGIN)
			.get(CURSOR_PATH)
			.query(true)
			.reply(200, truncated, { 'Content-Type': 'application/json' });
		const error = await rejectionOf(source.cursorPage({ cursor: 'abc' }, deadline(1_500)));
		expect(error.message).toBe(
			'Gave up on Zendesk after trying for 0 s (1 attempt): Zendesk answered with JSON that breaks off or is malformed (a truncated response)',
		);
		expect(isRetriableError(error)).toBe(true);
		expect(JSON.stringify(error)).not.toContain('SENTINEL-TRUNCATED');
		expect(String(error.description)).not.toContain('SENTINEL-TRUNCATED');
		expectScriptDone();
	});

	it('should treat a 200 HTML page (a proxy or captive portal) as retriable', async () => {
		const { source, deadline } = setup();
		nock(ORIGIN).get(TIME_PATH).query(true).reply(200, html, { 'Content-Type': 'text/html' });
		const error = await rejectionOf(source.timePage(1, deadline(1_500)));
		expect(error.message).toMatch(/Zendesk answered with an HTML page$/);
		expect(isRetriableError(error)).toBe(true);
		expect(JSON.stringify(error)).not.toContain('SENTINEL-HTML');
		expectScriptDone();
	});
});
