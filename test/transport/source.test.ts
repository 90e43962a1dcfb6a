/**
 * The export source: the origin it resolves, and the time-based and cursor exports it asks for
 * and maps into pages. (Requests, URLs in answers, retriable errors: source-requests.test.ts.)
 */
import nock from 'nock';
import { NodeOperationError } from 'n8n-workflow';

import { resolveOrigin } from '../../nodes/ZendeskExportTrigger/transport';
import { createFakePollContext } from '../helpers/fake-poll-context';
import {
	apiTokenCredentials,
	createTicket,
	cursorPageBody,
	guardNock,
	oauth2Credentials,
	ORIGIN,
	timePageBody,
} from '../helpers/transport-fixtures';
import {
	CURSOR_PATH,
	expectScriptDone,
	FULL_QUERY,
	PLAIN_QUERY,
	rejectionOf,
	setup,
	TIME_PATH,
} from '../helpers/transport-source';

guardNock();

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
		nock(ORIGIN)
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
		expectScriptDone();
	});

	it('should leave include, exclude_deleted and per_page out when they are not set', async () => {
		const { source, deadline } = setup({ query: PLAIN_QUERY });
		nock(ORIGIN)
			.get(TIME_PATH)
			.query({ start_time: '0', support_type_scope: 'agent' })
			.reply(200, timePageBody());
		await source.timePage(0, deadline());
		expectScriptDone();
	});

	it('should map tickets, end_time, end_of_stream, sideloads and rate-limit headers into a page', async () => {
		const { source, deadline } = setup();
		const tickets = [
			createTicket({ id: 1 }),
			createTicket({ id: 2, generated_timestamp: 1_700_000_005 }),
		];
		const users = [{ id: 7, name: 'Ada' }];
		const groups = [{ id: 8, name: 'Support' }];
		nock(ORIGIN)
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
			records: tickets,
			endTimeSeconds: 1_700_000_005,
			endOfStream: false,
			sideloads: { users, groups },
			rateLimit: { exportRemaining: 8, exportResetsSeconds: 40, accountRemaining: 650 },
		});
		expectScriptDone();
	});

	it('should map a missing end_time on an empty page to null', async () => {
		const { source, deadline } = setup();
		nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.reply(200, { tickets: [], count: 0, end_time: null, end_of_stream: true, next_page: null });
		await expect(source.timePage(1_700_000_000, deadline())).resolves.toMatchObject({
			kind: 'page',
			records: [],
			endTimeSeconds: null,
			endOfStream: true,
		});
		expectScriptDone();
	});

	it.each([
		['absent', undefined],
		['a string', 'true'],
		['a number', 1],
		['null', null],
	])(
		'should report endOfStream as null when end_of_stream is %s, and leave the meaning to the engine',
		async (_label, endOfStream) => {
			const { source, deadline } = setup();
			const body = timePageBody({ end_of_stream: endOfStream });
			if (endOfStream === undefined) delete body.end_of_stream;
			nock(ORIGIN).get(TIME_PATH).query(true).reply(200, body);
			await expect(source.timePage(1_700_000_000, deadline())).resolves.toMatchObject({
				kind: 'page',
				endOfStream: null,
			});
			expectScriptDone();
		},
	);

	it('should send every request to the API Base URL when one is set', async () => {
		const { source, deadline } = setup({
			baseUrl: 'http://127.0.0.1:4567',
			origin: 'http://127.0.0.1:4567',
		});
		nock('http://127.0.0.1:4567')
			.get(TIME_PATH)
			.query(true)
			.reply(
				200,
				timePageBody({ next_page: 'http://127.0.0.1:4567/api/v2/incremental/tickets.json' }),
			);
		await expect(source.timePage(1, deadline())).resolves.toMatchObject({ kind: 'page' });
		expectScriptDone();
	});
});

describe('createExportSource: cursor export', () => {
	it('should start the cursor export from start_time with the same query options', async () => {
		const { source, deadline } = setup({ query: FULL_QUERY });
		nock(ORIGIN)
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
			records: [createTicket()],
			afterCursor: 'MTcwMDAwMDAwMC4wfHwxfA==',
			endOfStream: false,
			sideloads: {},
			rateLimit: {},
		});
		expectScriptDone();
	});

	it('should continue the cursor export from a cursor', async () => {
		const { source, deadline } = setup();
		const users = [{ id: 7 }];
		nock(ORIGIN)
			.get(CURSOR_PATH)
			.query({ cursor: 'abc==', support_type_scope: 'agent' })
			.reply(200, cursorPageBody({ after_cursor: 'def==', users }));
		await expect(source.cursorPage({ cursor: 'abc==' }, deadline())).resolves.toMatchObject({
			afterCursor: 'def==',
			endOfStream: true,
			sideloads: { users },
		});
		expectScriptDone();
	});

	it('should map an absent after_cursor to null', async () => {
		const { source, deadline } = setup();
		nock(ORIGIN)
			.get(CURSOR_PATH)
			.query(true)
			.reply(200, cursorPageBody({ tickets: [], after_cursor: null, after_url: null }));
		await expect(source.cursorPage({ startTimeSeconds: 5 }, deadline())).resolves.toMatchObject({
			records: [],
			afterCursor: null,
		});
		expectScriptDone();
	});
});
