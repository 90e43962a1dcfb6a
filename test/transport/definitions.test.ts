/**
 * The definitions lists Simplify reads (ticket fields, groups) over n8n's real request helpers
 * (nock): Zendesk's cursor pagination followed to its end and no further than a bound, the same
 * retries and redaction as the export pages, and no request nobody scripted.
 */
import nock from 'nock';

import { DEFINITION_PAGES_MAX } from '../../nodes/ZendeskExportTrigger/transport/exports';
import { RETRY_MAX_ATTEMPTS } from '../../nodes/ZendeskExportTrigger/transport/retry';
import { EMAIL, guardNock, ORIGIN, SECRETS } from '../helpers/transport-fixtures';
import { expectNoSecrets, expectScriptDone, rejectionOf, setup } from '../helpers/transport-source';

const guard = guardNock();

const FIELDS_PATH = '/api/v2/ticket_fields.json';
const GROUPS_PATH = '/api/v2/groups.json';

/** One page of a cursor-paginated list, as Zendesk answers it. */
function listPage(key: string, ids: number[], afterCursor: string | null) {
	return {
		[key]: ids.map((id) => ({ id, title: `Field ${id}`, name: `Group ${id}` })),
		meta: { has_more: afterCursor !== null, after_cursor: afterCursor, before_cursor: null },
		links: { next: afterCursor === null ? null : `${ORIGIN}${FIELDS_PATH}?page[after]=x` },
	};
}

describe('createExportSource: definitions', () => {
	it('should follow page[after] until has_more is false and return every record', async () => {
		const { source, deadline } = setup();
		nock(ORIGIN)
			.get(FIELDS_PATH)
			.query({ 'page[size]': '100' })
			.reply(200, listPage('ticket_fields', [1, 2], 'c1'))
			.get(FIELDS_PATH)
			.query({ 'page[size]': '100', 'page[after]': 'c1' })
			.reply(200, listPage('ticket_fields', [3], 'c2'))
			.get(FIELDS_PATH)
			.query({ 'page[size]': '100', 'page[after]': 'c2' })
			.reply(200, listPage('ticket_fields', [4], null));
		const fields = await source.definitions!('ticketFields', deadline());
		expect(fields.map((field) => field.id)).toEqual([1, 2, 3, 4]);
		expectScriptDone();
	});

	it('should read groups from the groups list under its own key', async () => {
		const { source, deadline } = setup();
		nock(ORIGIN)
			.get(GROUPS_PATH)
			.query({ 'page[size]': '100' })
			.reply(200, listPage('groups', [4001, 4002], null));
		const groups = await source.definitions!('groups', deadline());
		expect(groups.map((group) => group.name)).toEqual(['Group 4001', 'Group 4002']);
		expectScriptDone();
	});

	it(`should stop after ${DEFINITION_PAGES_MAX} pages of a list that always says it has more`, async () => {
		const { source, deadline } = setup();
		let served = 0;
		nock(ORIGIN)
			.get(FIELDS_PATH)
			.query(true)
			.times(DEFINITION_PAGES_MAX)
			.reply(200, () => {
				served++;
				return listPage('ticket_fields', [served], `c${served}`);
			});
		const fields = await source.definitions!('ticketFields', deadline());
		// One request more would find no interceptor, and guardNock would fail the test.
		expect(served).toBe(DEFINITION_PAGES_MAX);
		expect(fields).toHaveLength(DEFINITION_PAGES_MAX);
		expectScriptDone();
	});

	it('should stop when a page names the cursor it was asked with', async () => {
		const { source, deadline } = setup();
		nock(ORIGIN)
			.get(FIELDS_PATH)
			.query({ 'page[size]': '100' })
			.reply(200, listPage('ticket_fields', [1], 'same'))
			.get(FIELDS_PATH)
			.query({ 'page[size]': '100', 'page[after]': 'same' })
			.reply(200, listPage('ticket_fields', [2], 'same'));
		const fields = await source.definitions!('ticketFields', deadline());
		expect(fields.map((field) => field.id)).toEqual([1, 2]);
		expectScriptDone();
	});

	it('should retry a 503 and then return the list', async () => {
		const { source, clock, deadline } = setup();
		nock(ORIGIN)
			.get(FIELDS_PATH)
			.query(true)
			.reply(503, { error: 'ServiceUnavailable' })
			.get(FIELDS_PATH)
			.query(true)
			.reply(200, listPage('ticket_fields', [7001], null));
		const fields = await source.definitions!('ticketFields', deadline());
		expect(fields.map((field) => field.id)).toEqual([7001]);
		expect(clock.sleeps).toHaveLength(1);
		expectScriptDone();
	});

	it('should retry a 503 on a later page from that page, not from the start', async () => {
		const { source, deadline } = setup();
		nock(ORIGIN)
			.get(FIELDS_PATH)
			.query({ 'page[size]': '100' })
			.reply(200, listPage('ticket_fields', [1], 'c1'))
			.get(FIELDS_PATH)
			.query({ 'page[size]': '100', 'page[after]': 'c1' })
			.reply(503, { error: 'ServiceUnavailable' })
			.get(FIELDS_PATH)
			.query({ 'page[size]': '100', 'page[after]': 'c1' })
			.reply(200, listPage('ticket_fields', [2], null));
		const fields = await source.definitions!('ticketFields', deadline());
		expect(fields.map((field) => field.id)).toEqual([1, 2]);
		expectScriptDone();
	});

	it('should keep the API token a 401 body echoes out of the thrown error and the log', async () => {
		const { source, ctx, deadline } = setup();
		// n8n-core sends the request a second time after a 401.
		nock(ORIGIN)
			.get(FIELDS_PATH)
			.query(true)
			.times(2)
			.reply(401, {
				error: "Couldn't authenticate you",
				description: `The token ${SECRETS.apiToken} for ${EMAIL}/token is not valid`,
			});
		const error = await rejectionOf(source.definitions!('ticketFields', deadline()));
		expect(error.message).toBe('Zendesk rejected the credentials (401)');
		expectNoSecrets(error, ctx);
		expectScriptDone();
	});

	it('should fail a list answered without its records key rather than return nothing', async () => {
		const { source, deadline } = setup({ random: () => 0 });
		nock(ORIGIN)
			.get(GROUPS_PATH)
			.query(true)
			.times(RETRY_MAX_ATTEMPTS)
			.reply(200, listPage('ticket_fields', [1], null));
		const error = await rejectionOf(source.definitions!('groups', deadline()));
		expect(error.message).toMatch(/"groups" list/);
		expectScriptDone();
	});
});

describe('createExportSource: definitions requests nobody scripted', () => {
	it('should fail, and be caught, when the list asks for a page nobody scripted', async () => {
		const { source, deadline } = setup({ random: () => 0 });
		nock(ORIGIN)
			.get(FIELDS_PATH)
			.query({ 'page[size]': '100' })
			.reply(200, listPage('ticket_fields', [1], 'c1'));
		// The transport retries the unmatched request as a network failure, then gives up.
		await expect(source.definitions!('ticketFields', deadline(5_000))).rejects.toThrow();
		expect(guard.unmatched.length).toBeGreaterThan(0);
		expect(guard.unmatched[0]).toContain('page%5Bafter%5D=c1');
		guard.unmatched.length = 0;
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('should leave a scripted page pending when the list stops early, so a test sees it', async () => {
		const { source, deadline } = setup();
		nock(ORIGIN)
			.get(FIELDS_PATH)
			.query({ 'page[size]': '100' })
			.reply(200, listPage('ticket_fields', [1], null))
			.get(FIELDS_PATH)
			.query({ 'page[size]': '100', 'page[after]': 'c1' })
			.reply(200, listPage('ticket_fields', [2], null));
		await source.definitions!('ticketFields', deadline());
		expect(nock.pendingMocks()).toHaveLength(1);
	});
});
