/**
 * transport/lists.ts over n8n's real request helpers (nock): cursor pages of 100 with the list's
 * own query, the account limit's 429 waited out by its headers, and a deleted view or a view the
 * user cannot see said in the list's own words, with no secret in them.
 */
import nock from 'nock';
import {
	createListSource,
	SUSPENDED_TICKETS,
	viewTicketsEndpoint,
} from '../../nodes/ZendeskExportTrigger/transport/lists';
import { createFakePollContext } from '../helpers/fake-poll-context';
import { apiTokenCredentials, fakeClock, guardNock, ORIGIN } from '../helpers/transport-fixtures';
import { expectNoSecrets, expectScriptDone, rejectionOf } from '../helpers/transport-source';

guardNock();

function setup(endpoint = SUSPENDED_TICKETS) {
	const ctx = createFakePollContext({
		credentialType: 'zendeskExportApi',
		credentials: apiTokenCredentials(),
		mode: 'trigger',
	});
	const clock = fakeClock();
	const source = createListSource(ctx, {
		credentialType: 'zendeskExportApi',
		origin: ORIGIN,
		endpoint,
		sleep: clock.sleep,
		nowMs: clock.nowMs,
		random: () => 0.5,
	});
	return { ctx, clock, source, deadline: () => clock.nowMs() + 10 * 60_000 };
}

describe('createListSource', () => {
	it('should ask for suspended tickets newest first, 100 a page, and follow the after cursor', async () => {
		const { source, deadline } = setup();
		const query = { sort_by: 'created_at', sort_order: 'desc', 'page[size]': 100 };
		nock(ORIGIN)
			.get('/api/v2/suspended_tickets.json')
			.query(query)
			.reply(200, { suspended_tickets: [{ id: 2 }], meta: { has_more: true, after_cursor: 'xyz' } })
			.get('/api/v2/suspended_tickets.json')
			.query({ ...query, 'page[after]': 'xyz' })
			.reply(200, {
				suspended_tickets: [{ id: 1 }],
				meta: { has_more: false, after_cursor: 'end' },
			});
		const first = await source.page(null, deadline());
		expect(first).toMatchObject({ records: [{ id: 2 }], afterCursor: 'xyz' });
		const second = await source.page('xyz', deadline());
		expect(second).toMatchObject({ records: [{ id: 1 }], afterCursor: null });
		expectScriptDone();
	});

	it("should wait for the account's window to refill after a 429, then read the page", async () => {
		const { source, clock, deadline } = setup(viewTicketsEndpoint(42));
		nock(ORIGIN)
			.get('/api/v2/views/42/tickets.json')
			.query(true)
			.reply(429, {}, { 'x-rate-limit-remaining': '0', 'ratelimit-reset': '17' })
			.get('/api/v2/views/42/tickets.json')
			.query({ 'page[size]': 100 })
			.reply(
				200,
				{ tickets: [{ id: 5 }], meta: { has_more: false } },
				{ 'x-rate-limit-remaining': '699' },
			);
		const page = await source.page(null, deadline());
		expect(page.records).toEqual([{ id: 5 }]);
		expect(page.rateLimit.accountRemaining).toBe(699);
		expect(clock.sleeps).toEqual([17_000]);
		expectScriptDone();
	});

	it('should say a view is gone on 404 and that the user cannot see it on 403, without secrets', async () => {
		const { source, ctx, deadline } = setup(viewTicketsEndpoint(42));
		nock(ORIGIN)
			.get('/api/v2/views/42/tickets.json')
			.query(true)
			.reply(404, { error: 'RecordNotFound' })
			.get('/api/v2/views/42/tickets.json')
			.query(true)
			.reply(403, { error: 'Forbidden' });
		const gone = await rejectionOf(source.page(null, deadline()));
		expect(gone.message).toBe('Zendesk has no view 42 (404)');
		expect(gone.description).toMatch(/Pick the view again/);
		const hidden = await rejectionOf(source.page(null, deadline()));
		expect(hidden.message).toBe('Zendesk refused to show the tickets of view 42 (403)');
		expectNoSecrets(gone, ctx);
		expectNoSecrets(hidden, ctx);
		expectScriptDone();
	});
});
