import nock from 'nock';
import { inspect } from 'node:util';
import { NodeApiError } from 'n8n-workflow';

import { isRetriableError } from '../../nodes/ZendeskExportTrigger/transport';
import { guardNock, ORIGIN, SECRETS, timePageBody } from '../helpers/transport-fixtures';
import {
	CURSOR_PATH,
	expectNoSecrets,
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

describe('createExportSource: errors a person must fix', () => {
	// n8n-core re-sends a request once after a 401 (it re-runs the credential's pre-authentication).
	it.each([
		['a plain error', { error: "Couldn't authenticate you" }],
		[
			'an OAuth-style error',
			{ error: 'invalid_token', error_description: 'The access token is invalid' },
		],
	])(
		'should say Zendesk rejected the API token credentials for a 401 with %s',
		async (_label, body) => {
			const { source, clock, deadline } = setup();
			nock(ORIGIN).get(TIME_PATH).query(true).times(2).reply(401, body);
			const error = await rejectionOf(source.timePage(1, deadline()));
			expect(error).toBeInstanceOf(NodeApiError);
			expect(error.message).toBe('Zendesk rejected the credentials (401)');
			expect(error.description).toMatch(/Check the email address and the API token/);
			expect(error.httpCode).toBe('401');
			expect(isRetriableError(error)).toBe(false);
			expect(clock.sleeps).toEqual([]);
			expectScriptDone();
		},
	);

	it('should say Zendesk rejected the OAuth credentials when a 401 outlives the token refresh', async () => {
		const { source, ctx, deadline } = setup({ credentialType: 'zendeskExportOAuth2Api' });
		nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.reply(401, { error: 'invalid_token', error_description: 'The access token is invalid' })
			.post('/oauth/tokens')
			.reply(200, { access_token: SECRETS.newAccessToken, refresh_token: SECRETS.newRefreshToken })
			.get(TIME_PATH)
			.query(true)
			.reply(401, { error: 'invalid_token', error_description: 'The access token is invalid' });
		const error = await rejectionOf(source.timePage(1, deadline()));
		expect(error.message).toBe('Zendesk rejected the credentials (401)');
		expect(error.description).toMatch(/^Reconnect the Zendesk Export OAuth2 credential/);
		expect(error.description).toContain(
			'Zendesk said: "invalid_token: The access token is invalid"',
		);
		expect(isRetriableError(error)).toBe(false);
		expectNoSecrets(error, ctx);
		expectScriptDone();
	});

	it('should ask to reconnect when Zendesk refuses to refresh the OAuth token', async () => {
		const { source, deadline } = setup({ credentialType: 'zendeskExportOAuth2Api' });
		nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.reply(401, { error: 'invalid_token' })
			.post('/oauth/tokens')
			.reply(400, { error: 'invalid_grant', error_description: 'The refresh token is revoked' });
		const error = await rejectionOf(source.timePage(1, deadline()));
		expect(error.message).toMatch(/needs to be reconnected/);
		expect(isRetriableError(error)).toBe(false);
		expectScriptDone();
	});

	it('should say the export is only open to admins for a 403 with a nested error', async () => {
		const { source, deadline } = setup();
		nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.reply(403, {
				error: {
					title: 'Forbidden',
					message:
						'You do not have access to this page. Please contact the account owner of this help desk for further help.',
				},
			});
		const error = await rejectionOf(source.timePage(1, deadline()));
		expect(error.message).toBe(
			'Zendesk refused access: the incremental export is only open to Zendesk admins (403)',
		);
		expect(error.description).toMatch(/^Connect with an admin account\./);
		expect(error.description).toContain('You do not have access to this page');
		expect(isRetriableError(error)).toBe(false);
		expectScriptDone();
	});

	it('should ask for the read scope for a 403 about missing scopes', async () => {
		const { source, deadline } = setup({ credentialType: 'zendeskExportOAuth2Api' });
		nock(ORIGIN).get(TIME_PATH).query(true).reply(403, {
			error: 'Forbidden',
			description: 'You are missing the following required scopes: read',
		});
		const error = await rejectionOf(source.timePage(1, deadline()));
		expect(error.message).toBe(
			'The OAuth token lacks the "read" scope Zendesk needs for the export (403)',
		);
		expect(error.description).toMatch(
			/Add the read scope to the OAuth client .* reconnect the credential/,
		);
		expect(isRetriableError(error)).toBe(false);
		expectScriptDone();
	});

	it.each([
		['a JSON body', { error: 'RecordNotFound', description: 'Not found' }],
		['an HTML page', '<html><body><h1>Oops! This help center no longer exists</h1></body></html>'],
	])(
		'should say there is no Zendesk account at this subdomain for a 404 with %s',
		async (_label, body) => {
			const { source, deadline } = setup();
			nock(ORIGIN).get(CURSOR_PATH).query(true).reply(404, body);
			const error = await rejectionOf(source.cursorPage({ startTimeSeconds: 1 }, deadline()));
			expect(error.message).toBe('There is no Zendesk account at this subdomain (404)');
			expect(error.description).toMatch(/Check the subdomain of the credential/);
			expect(`${error.message} ${error.description}`).not.toContain('Oops');
			expect(isRetriableError(error)).toBe(false);
			expectScriptDone();
		},
	);
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
