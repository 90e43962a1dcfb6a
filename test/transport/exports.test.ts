/**
 * The exports beyond tickets and the lookups, over n8n's real request helpers (nock): each asks
 * the right path with the right query, reads its own list, and a broken or failing answer is
 * reported as for tickets, with no secret in it.
 */
import nock from 'nock';
import { RETRY_MAX_ATTEMPTS } from '../../nodes/ZendeskExportTrigger/transport/retry';
import { guardNock, ORIGIN } from '../helpers/transport-fixtures';
import { expectNoSecrets, expectScriptDone, rejectionOf, setup } from '../helpers/transport-source';

guardNock();

const page = (key: string, records: object[]) => ({
	[key]: records,
	count: records.length,
	end_time: 1_700_000_010,
	end_of_stream: true,
	next_page: null,
});

describe('createExportSource: exports beyond tickets', () => {
	it('should read ticket events with the comments included and the support type scope', async () => {
		const { source, deadline } = setup({
			exportName: 'ticketEvents',
			query: { include: ['comment_events'], excludeDeleted: false, supportTypeScope: 'all' },
		});
		nock(ORIGIN)
			.get('/api/v2/incremental/ticket_events.json')
			.query({ start_time: 1_700_000_000, include: 'comment_events', support_type_scope: 'all' })
			.reply(200, page('ticket_events', [{ id: 9, ticket_id: 1, timestamp: 1_700_000_010 }]));
		const answer = await source.timePage(1_700_000_000, deadline());
		expect(answer).toMatchObject({
			kind: 'page',
			records: [{ id: 9 }],
			endTimeSeconds: 1_700_000_010,
		});
		expectScriptDone();
	});

	it('should read users from the users cursor export when stepping through a second', async () => {
		const { source, deadline } = setup({
			exportName: 'users',
			query: { include: [], excludeDeleted: false },
		});
		nock(ORIGIN)
			.get('/api/v2/incremental/users/cursor.json')
			.query({ start_time: 1_700_000_000 })
			.reply(200, {
				users: [{ id: 5 }],
				after_cursor: 'abc',
				after_url: null,
				end_of_stream: false,
			});
		const answer = await source.cursorPage({ startTimeSeconds: 1_700_000_000 }, deadline());
		expect(answer).toMatchObject({ records: [{ id: 5 }], afterCursor: 'abc', endOfStream: false });
		expectScriptDone();
	});

	it('should refuse a cursor page for organizations, which have no cursor export', async () => {
		const { source, deadline } = setup({ exportName: 'organizations' });
		const error = await rejectionOf(source.cursorPage({ startTimeSeconds: 1 }, deadline()));
		expect(error.message).toMatch(/no cursor export for organizations/);
	});

	it('should name the list it expected when an answer lacks it', async () => {
		const { source, deadline } = setup({ exportName: 'organizations' });
		nock(ORIGIN)
			.get('/api/v2/incremental/organizations.json')
			.query(true)
			.times(RETRY_MAX_ATTEMPTS)
			.reply(200, page('tickets', []));
		const error = await rejectionOf(source.timePage(1_700_000_000, deadline()));
		expect(error.message).toMatch(/JSON without the "organizations" list/);
	});
});

describe('createExportSource: lookups', () => {
	it('should look users up by id on users/show_many and read the users list', async () => {
		const { source, deadline } = setup({ exportName: 'ticketEvents' });
		nock(ORIGIN)
			.get('/api/v2/users/show_many.json')
			.query({ ids: '501,7001' })
			.reply(200, {
				users: [
					{ id: 501, role: 'end-user' },
					{ id: 7001, role: 'agent' },
				],
			});
		const users = await source.lookup!('users', [501, 7001], deadline());
		expect(users.map((user) => user.role)).toEqual(['end-user', 'agent']);
		expectScriptDone();
	});

	it('should fail a lookup refused with 403 in plain words and without the token', async () => {
		const { source, ctx, deadline } = setup({ exportName: 'ticketEvents' });
		nock(ORIGIN)
			.get('/api/v2/tickets/show_many.json')
			.query({ ids: '35' })
			.reply(403, { error: 'Forbidden', description: 'You do not have access to this page.' });
		const error = await rejectionOf(source.lookup!('tickets', [35], deadline()));
		expect(error.message).toMatch(/403|access|permission/i);
		expectNoSecrets(error, ctx);
	});
});
