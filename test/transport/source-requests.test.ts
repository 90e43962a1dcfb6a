/**
 * The export source's requests: HTTP errors thrown for n8n, the deadline, origins it refuses,
 * URLs in answers it refuses, and which errors are retriable.
 */
import nock from 'nock';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { JsonObject } from 'n8n-workflow';

import { createExportSource, isRetriableError } from '../../nodes/ZendeskExportTrigger/transport';
import { createFakePollContext } from '../helpers/fake-poll-context';
import {
	apiTokenCredentials,
	cursorPageBody,
	fakeClock,
	guardNock,
	ORIGIN,
	timePageBody,
} from '../helpers/transport-fixtures';
import {
	CURSOR_PATH,
	expectScriptDone,
	PLAIN_QUERY,
	rejectionOf,
	setup,
	TIME_PATH,
} from '../helpers/transport-source';

guardNock();

describe('createExportSource: requests', () => {
	it('should let HTTP errors throw so n8n can refresh OAuth tokens, and bound the timeout by the deadline', async () => {
		const { ctx, source, deadline } = setup();
		const spy = jest.spyOn(ctx.helpers, 'httpRequestWithAuthentication');
		nock(ORIGIN).get(TIME_PATH).query(true).reply(200, timePageBody());
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
		expectScriptDone();
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
		nock(ORIGIN).get(TIME_PATH).query(true).times(2).reply(503, { error: 'Unavailable' });
		const error = await rejectionOf(source.timePage(1, clock.nowMs() + 10_000));
		expect(error.message).toBe(
			'Gave up on Zendesk after trying for 12 s (2 attempts): Zendesk answered 503',
		);
		expect(error.description).toMatch(
			/^No time was left before this poll's deadline for another try\./,
		);
		expect(isRetriableError(error)).toBe(true);
		expectScriptDone();
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

describe('createExportSource: URLs in answers', () => {
	it('should refuse a next_page on another origin', async () => {
		const { source, deadline } = setup();
		nock(ORIGIN)
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
		expectScriptDone();
	});

	it('should refuse an after_url on another origin', async () => {
		const { source, deadline } = setup();
		nock(ORIGIN)
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
		expectScriptDone();
	});

	it('should refuse a next_page that is not a URL', async () => {
		const { source, deadline } = setup();
		nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.reply(200, timePageBody({ next_page: '//evil.example/x' }));
		const error = await rejectionOf(source.timePage(1, deadline()));
		expect(error.message).toMatch(/an address that is not a URL/);
		expectScriptDone();
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
