/**
 * ZendeskExportTrigger.poll through n8n's poll context: Fetch Test Event, the first activation
 * (the access check, Start From now or a date) and a bad subdomain. (Live polls:
 * trigger-live-polls.test.ts.)
 */
import nock from 'nock';
import { NodeApiError, NodeOperationError, type IDataObject } from 'n8n-workflow';
import { createFakePollContext } from '../helpers/fake-poll-context';
import { apiTokenCredentials, ORIGIN } from '../helpers/transport-fixtures';
import {
	activated,
	clock,
	context,
	json,
	NOW_SECONDS,
	page,
	poll,
	startDate,
	ticket,
	TIME_PATH,
	useTriggerFixtures,
} from '../helpers/trigger-fixtures';

// The clock only moves when the code sleeps, so retries and pacing cost no real time.
jest.mock('n8n-workflow', () => ({
	...jest.requireActual('n8n-workflow'),
	sleep: jest.fn(async (ms: number) => {
		(
			require('../helpers/trigger-fixtures') as typeof import('../helpers/trigger-fixtures')
		).clock.ms += ms;
	}),
}));

useTriggerFixtures();

describe('ZendeskExportTrigger.poll', () => {
	describe('manual mode (Fetch Test Event)', () => {
		it('should return the newest recent ticket with its related records, in the live shape', async () => {
			const from = NOW_SECONDS - 61 - 86_400;
			const scope = nock(ORIGIN)
				.get(TIME_PATH)
				.query({ start_time: from, support_type_scope: 'all', include: 'users' })
				.reply(
					200,
					page([ticket(1, from + 5), ticket(2, from + 9)], from + 9, true, {
						users: [{ id: 9001, email: 'requester@example.com' }],
					}),
				);
			const staticData: IDataObject = {};
			const result = await poll(context({ options: { include: ['users'] } }, staticData, 'manual'));
			expect(json(result)).toEqual([
				expect.objectContaining({ id: 2, requester: { id: 9001, email: 'requester@example.com' } }),
			]);
			expect(staticData).toEqual({});
			scope.done();
		});

		it('should say clearly when there is no ticket to show', async () => {
			const scope = nock(ORIGIN)
				.get(TIME_PATH)
				.query(true)
				.times(3)
				.reply(200, page([], null, true));
			await expect(poll(context({}, {}, 'manual'))).rejects.toThrow(
				'No ticket found to show as a test event',
			);
			scope.done();
		});
	});

	describe('first activation', () => {
		it('should check access with one export request, then set the cursor to now and emit nothing, for Start From = now', async () => {
			const scope = nock(ORIGIN)
				.get(TIME_PATH)
				.query({ start_time: NOW_SECONDS - 61, support_type_scope: 'all' })
				.reply(200, page([ticket(1, NOW_SECONDS - 61)], NOW_SECONDS - 61, true));
			const staticData: IDataObject = {};
			expect(await poll(context({ startFrom: 'now' }, staticData))).toBeNull();
			expect(staticData).toMatchObject({ cursorSeconds: NOW_SECONDS, boundaryKeys: [] });
			scope.done();
		});

		it('should fail the activation with the human message and save nothing when an agent starts from now', async () => {
			nock(ORIGIN)
				.get(TIME_PATH)
				.query(true)
				.reply(403, {
					error: { title: 'Forbidden', message: 'You do not have access to this page.' },
				});
			const staticData: IDataObject = {};
			const failure = await poll(context({ startFrom: 'now' }, staticData)).catch(
				(error: unknown) => error,
			);
			expect(failure).toBeInstanceOf(NodeApiError);
			expect((failure as Error).message).toMatch(/only open to (Zendesk )?admins/);
			expect(staticData).toEqual({});
		});

		it('should activate anyway and start from now when the access check only meets a transient failure', async () => {
			nock(ORIGIN).get(TIME_PATH).query(true).times(20).reply(503, 'Service Unavailable');
			const staticData: IDataObject = {};
			const ctx = context({ startFrom: 'now' }, staticData);
			expect(await poll(ctx)).toBeNull();
			expect(staticData).toMatchObject({ cursorSeconds: NOW_SECONDS });
			expect(ctx.logger.text()).toMatch(/could not check access to the export at activation/);
		});

		it('should not send the access check again on later ticks that start from now', async () => {
			const ctx = context({ startFrom: 'now' }, {});
			nock(ORIGIN)
				.get(TIME_PATH)
				.query(true)
				.reply(200, page([], NOW_SECONDS - 61, true));
			await poll(ctx);
			clock.ms += 120_000;
			const tick = nock(ORIGIN)
				.get(TIME_PATH)
				.query({ start_time: NOW_SECONDS, support_type_scope: 'all' })
				.reply(200, page([ticket(5, NOW_SECONDS + 3)], NOW_SECONDS + 3, true));
			expect(json(await poll(ctx))?.map((t) => t.id)).toEqual([5]);
			tick.done();
			expect(nock.pendingMocks()).toEqual([]);
		});

		it('should check access and save the start date at activation, then backfill at the first tick', async () => {
			const from = NOW_SECONDS - 7200;
			const staticData: IDataObject = {};
			const ctx = await activated({ startFrom: 'date', startDate: startDate(from) }, staticData);
			expect(staticData).toMatchObject({ cursorSeconds: from, boundaryKeys: [] });
			const scope = nock(ORIGIN)
				.get(TIME_PATH)
				.query({ start_time: from, support_type_scope: 'all' })
				.reply(200, page([ticket(1, from + 1), ticket(2, from + 2)], from + 2, false))
				.get(TIME_PATH)
				.query({ start_time: from + 2, support_type_scope: 'all' })
				.reply(200, page([ticket(2, from + 2), ticket(3, from + 3)], from + 3, true));
			expect(json(await poll(ctx))?.map((t) => t.id)).toEqual([1, 2, 3]);
			expect(staticData).toMatchObject({
				cursorSeconds: from + 3,
				boundaryKeys: [`3:${from + 3}`],
			});
			scope.done();
		});

		it('should not read a remaining backlog in the activation poll after a restart', async () => {
			const from = NOW_SECONDS - 7200;
			const staticData: IDataObject = {};
			await activated({ startFrom: 'date', startDate: startDate(from) }, staticData);
			const saved = { ...staticData };
			const restarted = context(
				{ startFrom: 'date', startDate: startDate(from) },
				staticData,
				'trigger',
				'init',
			);
			expect(await poll(restarted)).toBeNull();
			expect(staticData).toEqual(saved);
		});
	});

	it('should refuse a bad subdomain before sending any request', async () => {
		const ctx = createFakePollContext({
			credentialType: 'zendeskExportApi',
			credentials: apiTokenCredentials({ subdomain: 'evil.com/acme' }),
			nodeParameters: { authentication: 'apiToken' },
			mode: 'trigger',
		});
		await expect(poll(ctx)).rejects.toBeInstanceOf(NodeOperationError);
	});
});
