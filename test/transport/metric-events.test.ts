/**
 * The ticket metric events export (SLA Breached) over n8n's real request helpers (nock): the path
 * and query, an answer without end_of_stream read as "not said", and an agent's 403 told as the
 * admins-only rule it is.
 */
import nock from 'nock';
import { guardNock, ORIGIN } from '../helpers/transport-fixtures';
import { expectNoSecrets, expectScriptDone, rejectionOf, setup } from '../helpers/transport-source';

guardNock();

const PATH = '/api/v2/incremental/ticket_metric_events.json';

describe('createExportSource: ticket metric events', () => {
	it('should read the metric events with start_time only, end_of_stream as not said', async () => {
		const { source, deadline } = setup({
			exportName: 'ticketMetricEvents',
			query: { include: [], excludeDeleted: false },
		});
		const breach = { id: 9, ticket_id: 4, metric: 'reply_time', instance_id: 1, type: 'breach' };
		nock(ORIGIN)
			.get(PATH)
			.query({ start_time: 1_700_000_000 })
			.reply(200, {
				ticket_metric_events: [{ ...breach, time: '2023-11-14T22:13:30Z', deleted: false }],
				count: 1,
				end_time: 1_700_000_010,
				next_page: `${ORIGIN}${PATH}?start_time=1700000010`,
			});
		const answer = await source.timePage(1_700_000_000, deadline());
		expect(answer).toMatchObject({
			kind: 'page',
			records: [breach],
			endTimeSeconds: 1_700_000_010,
			endOfStream: null,
		});
		expectScriptDone();
	});

	it("should say an agent's 403 means the export is for admins only", async () => {
		const { ctx, source, deadline } = setup({
			exportName: 'ticketMetricEvents',
			query: { include: [], excludeDeleted: false },
		});
		nock(ORIGIN)
			.get(PATH)
			.query(true)
			.reply(403, { error: 'Forbidden', description: 'You do not have access to this page.' });
		const error = await rejectionOf(source.timePage(1_700_000_000, deadline()));
		expect(error.message).toMatch(/only open to Zendesk admins/);
		expectNoSecrets(error, ctx);
		expectScriptDone();
	});
});
