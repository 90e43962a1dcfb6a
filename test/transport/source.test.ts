import nock from 'nock';
import { inspect } from 'node:util';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, JsonObject } from 'n8n-workflow';

import {
	createExportSource,
	isRetriableError,
	resolveOrigin,
	type ExportQuery,
	type ZendeskCredentialType,
} from '../../nodes/ZendeskExportTrigger/transport';
import { createFakePollContext, type FakePollContext } from '../helpers/fake-poll-context';
import {
	apiTokenCredentials,
	createTicket,
	cursorPageBody,
	EMAIL,
	fakeClock,
	oauth2Credentials,
	ORIGIN,
	SECRETS,
	timePageBody,
} from '../helpers/transport-fixtures';

const TIME_PATH = '/api/v2/incremental/tickets.json';
const CURSOR_PATH = '/api/v2/incremental/tickets/cursor.json';
const MINUTE_MS = 60_000;

const FULL_QUERY: ExportQuery = {
	include: ['users', 'groups', 'metric_sets'],
	excludeDeleted: true,
	supportTypeScope: 'all',
	perPage: 500,
};
const PLAIN_QUERY: ExportQuery = { include: [], excludeDeleted: false, supportTypeScope: 'agent' };

function setup(
	options: {
		credentialType?: ZendeskCredentialType;
		query?: ExportQuery;
		random?: () => number;
		origin?: string;
		baseUrl?: string;
	} = {},
) {
	const credentialType = options.credentialType ?? 'zendeskExportApi';
	const extra: ICredentialDataDecryptedObject =
		options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl };
	const ctx = createFakePollContext({
		credentialType,
		credentials:
			credentialType === 'zendeskExportApi' ? apiTokenCredentials(extra) : oauth2Credentials(extra),
		mode: 'trigger',
	});
	const clock = fakeClock();
	const source = createExportSource(ctx, {
		credentialType,
		origin: options.origin ?? ORIGIN,
		query: options.query ?? PLAIN_QUERY,
		sleep: clock.sleep,
		nowMs: clock.nowMs,
		random: options.random ?? (() => 0.5),
	});
	return { ctx, clock, source, deadline: (ms = 10 * MINUTE_MS) => clock.nowMs() + ms };
}

async function rejectionOf(promise: Promise<unknown>): Promise<NodeApiError> {
	try {
		await promise;
	} catch (error) {
		return error as NodeApiError;
	}
	throw new Error('expected the promise to be rejected');
}

const basicHeader = Buffer.from(`${EMAIL}/token:${SECRETS.apiToken}`).toString('base64');

/** Every place a secret could leak from a thrown error or the log. */
function expectNoSecrets(error: unknown, ctx: FakePollContext): void {
	const error_ = error as NodeApiError;
	const places = [
		JSON.stringify(error),
		inspect(error, { showHidden: true, depth: 20 }),
		String(error_.message),
		String(error_.description),
		ctx.logger.text(),
	];
	for (const text of places) {
		for (const secret of [...Object.values(SECRETS), basicHeader]) {
			expect(text).not.toContain(secret);
		}
		expect(text).not.toMatch(/Bearer|Basic [A-Za-z0-9+/=]{8,}|authorization/i);
	}
}

beforeAll(() => {
	nock.disableNetConnect();
});

afterEach(() => {
	nock.cleanAll();
});

afterAll(() => {
	nock.enableNetConnect();
	// Leave no interceptor behind for the next test file in this jest worker.
	nock.restore();
});

describe('resolveOrigin', () => {
	it('should return the Zendesk origin of a pasted subdomain', async () => {
		const ctx = createFakePollContext({
			credentialType: 'zendeskExportApi',
			credentials: apiTokenCredentials({ subdomain: 'https://Acme.zendesk.com/' }),
			mode: 'trigger',
		});
		await expect(resolveOrigin(ctx, 'zendeskExportApi')).resolves.toBe(ORIGIN);
	});

	it('should return the API Base URL when one is set', async () => {
		const ctx = createFakePollContext({
			credentialType: 'zendeskExportOAuth2Api',
			credentials: oauth2Credentials({ baseUrl: 'http://127.0.0.1:4567/' }),
			mode: 'trigger',
		});
		await expect(resolveOrigin(ctx, 'zendeskExportOAuth2Api')).resolves.toBe(
			'http://127.0.0.1:4567',
		);
	});

	it('should throw a NodeOperationError naming the field for a bad subdomain', async () => {
		const ctx = createFakePollContext({
			credentialType: 'zendeskExportApi',
			credentials: apiTokenCredentials({ subdomain: 'support.acme.com' }),
			mode: 'trigger',
		});
		const error = await rejectionOf(resolveOrigin(ctx, 'zendeskExportApi'));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(/The Zendesk subdomain has dots beyond \.zendesk\.com/);
		expect(error.description).toMatch(/correct its Subdomain field/);
	});

	it('should throw a NodeOperationError for a base URL that is not http or https', async () => {
		const ctx = createFakePollContext({
			credentialType: 'zendeskExportApi',
			credentials: apiTokenCredentials({ baseUrl: 'file:///etc/passwd' }),
			mode: 'trigger',
		});
		const error = await rejectionOf(resolveOrigin(ctx, 'zendeskExportApi'));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(/must start with http:\/\/ or https:\/\//);
		expect(error.description).toMatch(/API Base URL field/);
	});
});

describe('createExportSource: time export', () => {
	it('should ask for start_time with include, exclude_deleted, support_type_scope and per_page', async () => {
		const { source, deadline } = setup({ query: FULL_QUERY });
		const scope = nock(ORIGIN)
			.get(TIME_PATH)
			.query({
				start_time: '1700000000',
				include: 'users,groups,metric_sets',
				exclude_deleted: 'true',
				support_type_scope: 'all',
				per_page: '500',
			})
			.reply(200, timePageBody());
		await source.timePage(1_700_000_000, deadline());
		scope.done();
	});

	it('should leave include, exclude_deleted and per_page out when they are not set', async () => {
		const { source, deadline } = setup({ query: PLAIN_QUERY });
		const scope = nock(ORIGIN)
			.get(TIME_PATH)
			.query({ start_time: '0', support_type_scope: 'agent' })
			.reply(200, timePageBody());
		await source.timePage(0, deadline());
		scope.done();
	});

	it('should map tickets, end_time, end_of_stream, sideloads and rate-limit headers into a page', async () => {
		const { source, deadline } = setup();
		const tickets = [
			createTicket({ id: 1 }),
			createTicket({ id: 2, generated_timestamp: 1_700_000_005 }),
		];
		const users = [{ id: 7, name: 'Ada' }];
		const groups = [{ id: 8, name: 'Support' }];
		const scope = nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.reply(
				200,
				timePageBody({
					tickets,
					users,
					groups,
					count: 2,
					end_time: 1_700_000_005,
					end_of_stream: false,
				}),
				{
					'Zendesk-RateLimit-Incremental-Exports': 'total=10; remaining=8; resets=40',
					'X-Rate-Limit-Remaining': '650',
				},
			);
		const page = await source.timePage(1_700_000_000, deadline());
		expect(page).toEqual({
			kind: 'page',
			tickets,
			endTimeSeconds: 1_700_000_005,
			endOfStream: false,
			sideloads: { users, groups },
			rateLimit: { exportRemaining: 8, exportResetsSeconds: 40, accountRemaining: 650 },
		});
		scope.done();
	});

	it('should map a missing end_time on an empty page to null', async () => {
		const { source, deadline } = setup();
		const scope = nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.reply(200, { tickets: [], count: 0, end_time: null, end_of_stream: true, next_page: null });
		await expect(source.timePage(1_700_000_000, deadline())).resolves.toMatchObject({
			kind: 'page',
			tickets: [],
			endTimeSeconds: null,
			endOfStream: true,
		});
		scope.done();
	});

	it('should send every request to the API Base URL when one is set', async () => {
		const { source, deadline } = setup({
			baseUrl: 'http://127.0.0.1:4567',
			origin: 'http://127.0.0.1:4567',
		});
		const scope = nock('http://127.0.0.1:4567')
			.get(TIME_PATH)
			.query(true)
			.reply(
				200,
				timePageBody({ next_page: 'http://127.0.0.1:4567/api/v2/incremental/tickets.json' }),
			);
		await expect(source.timePage(1, deadline())).resolves.toMatchObject({ kind: 'page' });
		scope.done();
	});
});

describe('createExportSource: cursor export', () => {
	it('should start the cursor export from start_time with the same query options', async () => {
		const { source, deadline } = setup({ query: FULL_QUERY });
		const scope = nock(ORIGIN)
			.get(CURSOR_PATH)
			.query({
				start_time: '1700000000',
				include: 'users,groups,metric_sets',
				exclude_deleted: 'true',
				support_type_scope: 'all',
				per_page: '500',
			})
			.reply(200, cursorPageBody({ end_of_stream: false }));
		const page = await source.cursorPage({ startTimeSeconds: 1_700_000_000 }, deadline());
		expect(page).toEqual({
			tickets: [createTicket()],
			afterCursor: 'MTcwMDAwMDAwMC4wfHwxfA==',
			endOfStream: false,
			sideloads: {},
			rateLimit: {},
		});
		scope.done();
	});

	it('should continue the cursor export from a cursor', async () => {
		const { source, deadline } = setup();
		const users = [{ id: 7 }];
		const scope = nock(ORIGIN)
			.get(CURSOR_PATH)
			.query({ cursor: 'abc==', support_type_scope: 'agent' })
			.reply(200, cursorPageBody({ after_cursor: 'def==', users }));
		await expect(source.cursorPage({ cursor: 'abc==' }, deadline())).resolves.toMatchObject({
			afterCursor: 'def==',
			endOfStream: true,
			sideloads: { users },
		});
		scope.done();
	});

	it('should map an absent after_cursor to null', async () => {
		const { source, deadline } = setup();
		const scope = nock(ORIGIN)
			.get(CURSOR_PATH)
			.query(true)
			.reply(200, cursorPageBody({ tickets: [], after_cursor: null, after_url: null }));
		await expect(source.cursorPage({ startTimeSeconds: 5 }, deadline())).resolves.toMatchObject({
			tickets: [],
			afterCursor: null,
		});
		scope.done();
	});
});

describe('createExportSource: retries', () => {
	it('should wait Retry-After seconds after a 429, then return the page', async () => {
		const { source, clock, deadline } = setup();
		const scope = nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.reply(429, { error: 'TooManyRequests' }, { 'Retry-After': '7' })
			.get(TIME_PATH)
			.query(true)
			.reply(200, timePageBody(), { 'X-Rate-Limit-Remaining': '9' });
		const page = await source.timePage(1, deadline());
		expect(clock.sleeps).toEqual([7_000]);
		expect(page).toMatchObject({ kind: 'page', rateLimit: { accountRemaining: 9 } });
		scope.done();
	});

	it('should back off exponentially with jitter after 5xx answers, then return the page', async () => {
		const { source, clock, deadline } = setup({ random: () => 0.25 });
		const scope = nock(ORIGIN)
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
		scope.done();
	});

	it('should retry a 504 gateway timeout', async () => {
		const { source, clock, deadline } = setup();
		const scope = nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.reply(504, 'Gateway Timeout')
			.get(TIME_PATH)
			.query(true)
			.reply(200, timePageBody());
		await expect(source.timePage(1, deadline())).resolves.toMatchObject({ kind: 'page' });
		expect(clock.sleeps).toHaveLength(1);
		scope.done();
	});

	it('should retry after the connection is reset', async () => {
		const { source, clock, deadline } = setup();
		const scope = nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
			.get(TIME_PATH)
			.query(true)
			.reply(200, timePageBody());
		await expect(source.timePage(1, deadline())).resolves.toMatchObject({ kind: 'page' });
		expect(clock.sleeps).toEqual([750]);
		scope.done();
	});

	it('should retry after a request times out', async () => {
		const { source, clock, deadline } = setup();
		const scope = nock(ORIGIN)
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
		scope.done();
	});

	it('should give up at the deadline with a retriable error that says how long it tried', async () => {
		const { source, clock, deadline } = setup({ random: () => 0 });
		const scope = nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.times(5)
			.reply(503, { error: 'Unavailable' });
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
		scope.done();
	});

	it('should give up at once when Retry-After would pass the deadline', async () => {
		const { source, clock, deadline } = setup();
		const scope = nock(ORIGIN)
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
		scope.done();
	});

	it('should give up with a retriable error after the maximum number of attempts', async () => {
		const { source, clock, deadline } = setup();
		const scope = nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.times(8)
			.reply(429, {}, { 'Retry-After': '1' });
		const error = await rejectionOf(source.timePage(1, deadline(24 * 60 * MINUTE_MS)));
		expect(clock.sleeps).toHaveLength(7);
		expect(error.message).toMatch(/^Gave up on Zendesk after trying for 7 s \(8 attempts\)/);
		expect(isRetriableError(error)).toBe(true);
		scope.done();
	});

	it('should log each retry at debug level', async () => {
		const { ctx, source, deadline } = setup();
		const scope = nock(ORIGIN)
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
		scope.done();
	});
});

describe('createExportSource: requests', () => {
	it('should let HTTP errors throw so n8n can refresh OAuth tokens, and bound the timeout by the deadline', async () => {
		const { ctx, source, deadline } = setup();
		const spy = jest.spyOn(ctx.helpers, 'httpRequestWithAuthentication');
		const scope = nock(ORIGIN).get(TIME_PATH).query(true).reply(200, timePageBody());
		await source.timePage(1, deadline(30_000));
		expect(spy).toHaveBeenCalledTimes(1);
		const [credentialType, options] = spy.mock.calls[0];
		expect(credentialType).toBe('zendeskExportApi');
		expect(options).toMatchObject({
			method: 'GET',
			url: `${ORIGIN}${TIME_PATH}`,
			json: true,
			returnFullResponse: true,
			timeout: 30_000,
		});
		expect(options).not.toHaveProperty('ignoreHttpStatusErrors');
		scope.done();
	});

	it('should not send a request when less than a second is left before the deadline', async () => {
		const { source, deadline } = setup();
		const error = await rejectionOf(source.timePage(1, deadline(999)));
		expect(error.message).toBe(
			"No time was left before this poll's deadline to ask Zendesk for a page",
		);
		expect(isRetriableError(error)).toBe(true);
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('should give up with the last failure when a wait overran the deadline', async () => {
		const ctx = createFakePollContext({
			credentialType: 'zendeskExportApi',
			credentials: apiTokenCredentials(),
			mode: 'trigger',
		});
		const clock = fakeClock();
		const source = createExportSource(ctx, {
			credentialType: 'zendeskExportApi',
			origin: ORIGIN,
			query: PLAIN_QUERY,
			nowMs: clock.nowMs,
			random: () => 0,
			// A sleep that wakes up 5 s late, as on a busy machine.
			sleep: async (ms) => {
				await clock.sleep(ms);
				clock.advance(5_000);
			},
		});
		const scope = nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.times(2)
			.reply(503, { error: 'Unavailable' });
		const error = await rejectionOf(source.timePage(1, clock.nowMs() + 10_000));
		expect(error.message).toBe(
			'Gave up on Zendesk after trying for 12 s (2 attempts): Zendesk answered 503',
		);
		expect(error.description).toMatch(
			/^No time was left before this poll's deadline for another try\./,
		);
		expect(isRetriableError(error)).toBe(true);
		scope.done();
	});

	it('should refuse an origin that is not a plain origin', () => {
		const ctx = createFakePollContext({
			credentialType: 'zendeskExportApi',
			credentials: apiTokenCredentials(),
			mode: 'trigger',
		});
		expect(() =>
			createExportSource(ctx, {
				credentialType: 'zendeskExportApi',
				origin: `${ORIGIN}/api/v2`,
				query: PLAIN_QUERY,
			}),
		).toThrow(NodeOperationError);
	});
});

describe('createExportSource: start time too recent', () => {
	it('should return tooRecent for a 400 StartTimeTooRecent', async () => {
		const { source, deadline } = setup();
		const scope = nock(ORIGIN)
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
		scope.done();
	});

	it('should return tooRecent for a 422 "Too recent start_time"', async () => {
		const { source, deadline } = setup();
		const scope = nock(ORIGIN).get(TIME_PATH).query(true).reply(422, {
			error: 'InvalidValue',
			description: 'Too recent start_time. Use a start_time older than 1 minute',
		});
		await expect(source.timePage(1, deadline())).resolves.toEqual({
			kind: 'tooRecent',
			rateLimit: {},
		});
		scope.done();
	});

	it('should fail a too-recent answer of the cursor export as retriable, never as an end of stream', async () => {
		const { source, deadline } = setup();
		const scope = nock(ORIGIN)
			.get(CURSOR_PATH)
			.query(true)
			.reply(400, { error: 'StartTimeTooRecent' });
		const failure = await source
			.cursorPage({ startTimeSeconds: 1 }, deadline())
			.catch((e: unknown) => e);
		expect(isRetriableError(failure)).toBe(true);
		expect((failure as Error).message).toMatch(/cursor export/);
		scope.done();
	});

	it('should treat another 400 as an error that is not retried', async () => {
		const { source, clock, deadline } = setup();
		const scope = nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.reply(400, { error: 'InvalidValue', description: 'include: last_audits is not a sideload' });
		const error = await rejectionOf(source.timePage(1, deadline()));
		expect(error.message).toBe('Zendesk rejected the request (400)');
		expect(error.description).toContain('last_audits is not a sideload');
		expect(isRetriableError(error)).toBe(false);
		expect(clock.sleeps).toEqual([]);
		scope.done();
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
			const scope = nock(ORIGIN).get(TIME_PATH).query(true).times(2).reply(401, body);
			const error = await rejectionOf(source.timePage(1, deadline()));
			expect(error).toBeInstanceOf(NodeApiError);
			expect(error.message).toBe('Zendesk rejected the credentials (401)');
			expect(error.description).toMatch(/Check the email address and the API token/);
			expect(error.httpCode).toBe('401');
			expect(isRetriableError(error)).toBe(false);
			expect(clock.sleeps).toEqual([]);
			scope.done();
		},
	);

	it('should say Zendesk rejected the OAuth credentials when a 401 outlives the token refresh', async () => {
		const { source, ctx, deadline } = setup({ credentialType: 'zendeskExportOAuth2Api' });
		const scope = nock(ORIGIN)
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
		scope.done();
	});

	it('should ask to reconnect when Zendesk refuses to refresh the OAuth token', async () => {
		const { source, deadline } = setup({ credentialType: 'zendeskExportOAuth2Api' });
		const scope = nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.reply(401, { error: 'invalid_token' })
			.post('/oauth/tokens')
			.reply(400, { error: 'invalid_grant', error_description: 'The refresh token is revoked' });
		const error = await rejectionOf(source.timePage(1, deadline()));
		expect(error.message).toMatch(/needs to be reconnected/);
		expect(isRetriableError(error)).toBe(false);
		scope.done();
	});

	it('should say the export is only open to admins for a 403 with a nested error', async () => {
		const { source, deadline } = setup();
		const scope = nock(ORIGIN)
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
			'Zendesk refused the request (403): the incremental export is only open to admins',
		);
		expect(error.description).toMatch(/Connect with the account of a Zendesk admin/);
		expect(error.description).toContain('You do not have access to this page');
		expect(isRetriableError(error)).toBe(false);
		scope.done();
	});

	it('should ask for the read scope for a 403 about missing scopes', async () => {
		const { source, deadline } = setup({ credentialType: 'zendeskExportOAuth2Api' });
		const scope = nock(ORIGIN).get(TIME_PATH).query(true).reply(403, {
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
		scope.done();
	});

	it.each([
		['a JSON body', { error: 'RecordNotFound', description: 'Not found' }],
		['an HTML page', '<html><body><h1>Oops! This help center no longer exists</h1></body></html>'],
	])(
		'should say there is no Zendesk account at this subdomain for a 404 with %s',
		async (_label, body) => {
			const { source, deadline } = setup();
			const scope = nock(ORIGIN).get(CURSOR_PATH).query(true).reply(404, body);
			const error = await rejectionOf(source.cursorPage({ startTimeSeconds: 1 }, deadline()));
			expect(error.message).toBe('There is no Zendesk account at this subdomain (404)');
			expect(error.description).toMatch(/Check the subdomain of the credential/);
			expect(`${error.message} ${error.description}`).not.toContain('Oops');
			expect(isRetriableError(error)).toBe(false);
			scope.done();
		},
	);
});

describe('createExportSource: answers that are not JSON', () => {
	const html =
		'<!DOCTYPE html><html><body>Zendesk is down for maintenance SENTINEL-HTML</body></html>';

	it('should retry a 503 HTML page and give up with a retriable error that names it', async () => {
		const { source, deadline } = setup({ random: () => 0 });
		const scope = nock(ORIGIN)
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
		scope.done();
	});

	it('should retry a truncated JSON body, then return the next good answer', async () => {
		const { source, clock, deadline } = setup();
		const scope = nock(ORIGIN)
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
		scope.done();
	});

	it('should give up on truncated JSON with a retriable error that names it without the body', async () => {
		const { source, deadline } = setup();
		const truncated = '{"tickets":[{"id":1,"subject":"SENTINEL-TRUNCATED';
		const scope = nock(ORIGIN)
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
		scope.done();
	});

	it('should treat a 200 HTML page (a proxy or captive portal) as retriable', async () => {
		const { source, deadline } = setup();
		const scope = nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.reply(200, html, { 'Content-Type': 'text/html' });
		const error = await rejectionOf(source.timePage(1, deadline(1_500)));
		expect(error.message).toMatch(/Zendesk answered with an HTML page$/);
		expect(isRetriableError(error)).toBe(true);
		expect(JSON.stringify(error)).not.toContain('SENTINEL-HTML');
		scope.done();
	});
});

describe('createExportSource: URLs in answers', () => {
	it('should refuse a next_page on another origin', async () => {
		const { source, deadline } = setup();
		const scope = nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.reply(
				200,
				timePageBody({ next_page: 'https://evil.example/api/v2/incremental/tickets.json' }),
			);
		const error = await rejectionOf(source.timePage(1, deadline()));
		expect(error.message).toBe(
			`Zendesk's answer points "next_page" to https://evil.example, not to ${ORIGIN}`,
		);
		expect(isRetriableError(error)).toBe(false);
		scope.done();
	});

	it('should refuse an after_url on another origin', async () => {
		const { source, deadline } = setup();
		const scope = nock(ORIGIN)
			.get(CURSOR_PATH)
			.query(true)
			.reply(
				200,
				cursorPageBody({
					after_url: 'http://acme.zendesk.com/api/v2/incremental/tickets/cursor.json',
				}),
			);
		const error = await rejectionOf(source.cursorPage({ cursor: 'abc' }, deadline()));
		expect(error.message).toBe(
			`Zendesk's answer points "after_url" to http://acme.zendesk.com, not to ${ORIGIN}`,
		);
		scope.done();
	});

	it('should refuse a next_page that is not a URL', async () => {
		const { source, deadline } = setup();
		const scope = nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.reply(200, timePageBody({ next_page: '//evil.example/x' }));
		const error = await rejectionOf(source.timePage(1, deadline()));
		expect(error.message).toMatch(/an address that is not a URL/);
		scope.done();
	});
});

describe('createExportSource: secrets', () => {
	it('should keep the API token out of errors and logs', async () => {
		const { source, ctx, deadline } = setup({ random: () => 0 });
		const scope = nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.reply(503, { error: 'Unavailable' })
			.get(TIME_PATH)
			.query(true)
			.times(2)
			.reply(401, { error: "Couldn't authenticate you" });
		const error = await rejectionOf(source.timePage(1, deadline()));
		expect(error.message).toBe('Zendesk rejected the credentials (401)');
		expect(ctx.logger.lines.length).toBeGreaterThan(0);
		expectNoSecrets(error, ctx);
		scope.done();
	});

	it('should keep the OAuth tokens and client secret out of errors and logs after a refresh', async () => {
		const { source, ctx, deadline } = setup({
			credentialType: 'zendeskExportOAuth2Api',
			random: () => 0,
		});
		const scope = nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.reply(401, { error: 'invalid_token' })
			.post('/oauth/tokens')
			.reply(200, { access_token: SECRETS.newAccessToken, refresh_token: SECRETS.newRefreshToken })
			.get(TIME_PATH)
			.query(true)
			.times(2)
			.reply(503, '<html>down</html>');
		const error = await rejectionOf(source.timePage(1, deadline(1_800)));
		expect(isRetriableError(error)).toBe(true);
		expectNoSecrets(error, ctx);
		scope.done();
	});

	it('should keep secrets out of a network error', async () => {
		const { source, ctx, deadline } = setup({ random: () => 0 });
		const scope = nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.times(2)
			.replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
		const error = await rejectionOf(source.timePage(1, deadline(1_800)));
		expect(error.message).toBe(
			'Gave up on Zendesk after trying for 1 s (2 attempts): Could not reach Zendesk: the connection to Zendesk was reset',
		);
		expectNoSecrets(error, ctx);
		scope.done();
	});
});

describe('isRetriableError', () => {
	const node = createFakePollContext({
		credentialType: 'zendeskExportApi',
		credentials: apiTokenCredentials(),
		mode: 'trigger',
	}).getNode();
	const axiosLike = (status: number) =>
		Object.assign(new Error(`Request failed with status code ${status}`), {
			isAxiosError: true,
			response: { status, headers: {}, data: {} },
		});

	it.each([429, 500, 502, 503, 504])(
		'should call an unclassified n8n error with status %d retriable',
		(status) => {
			expect(
				isRetriableError(new NodeApiError(node, axiosLike(status) as unknown as JsonObject)),
			).toBe(true);
		},
	);

	it.each([400, 401, 403, 404])(
		'should not call an unclassified n8n error with status %d retriable',
		(status) => {
			expect(
				isRetriableError(new NodeApiError(node, axiosLike(status) as unknown as JsonObject)),
			).toBe(false);
		},
	);

	it('should call an unclassified connection reset retriable', () => {
		const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
		expect(isRetriableError(new NodeApiError(node, reset as unknown as JsonObject))).toBe(true);
	});

	it('should not call a configuration error retriable', () => {
		expect(isRetriableError(new NodeOperationError(node, 'The Zendesk subdomain is empty'))).toBe(
			false,
		);
		expect(isRetriableError(new Error('boom'))).toBe(false);
		expect(isRetriableError(undefined)).toBe(false);
	});
});
