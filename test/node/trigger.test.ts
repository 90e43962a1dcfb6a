import nock from 'nock';
import { NodeApiError, NodeOperationError, ObservableObject, type IDataObject } from 'n8n-workflow';
import { createFakePollContext } from '../helpers/fake-poll-context';
import { apiTokenCredentials, ORIGIN, SECRETS } from '../helpers/transport-fixtures';
import {
	activated,
	clock,
	context,
	CURSOR_PATH,
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

	describe('live polls', () => {
		const from = NOW_SECONDS - 7200;
		const parameters = { startFrom: 'date', startDate: startDate(from) };

		it('should carry on after a restart from the saved static data without emitting the boundary again', async () => {
			const staticData: IDataObject = {};
			const ctx = await activated(parameters, staticData);
			nock(ORIGIN)
				.get(TIME_PATH)
				.query(true)
				.reply(200, page([ticket(1, from + 1)], from + 1, true));
			await poll(ctx);

			const restartedData = JSON.parse(JSON.stringify(staticData)) as IDataObject;
			const restarted = context(parameters, restartedData, 'trigger', 'init');
			expect(await poll(restarted)).toBeNull();
			const scope = nock(ORIGIN)
				.get(TIME_PATH)
				.query({ start_time: from + 1, support_type_scope: 'all' })
				.reply(200, page([ticket(1, from + 1), ticket(4, from + 50)], from + 50, true));
			expect(json(await poll(restarted))?.map((t) => t.id)).toEqual([4]);
			scope.done();
		});

		it('should return null and keep going when nothing changed', async () => {
			const ctx = await activated(parameters, {});
			nock(ORIGIN)
				.get(TIME_PATH)
				.query(true)
				.reply(200, page([], from, true));
			expect(await poll(ctx)).toBeNull();
			nock(ORIGIN)
				.get(TIME_PATH)
				.query(true)
				.reply(200, page([ticket(5, from + 9)], from + 9, true));
			expect(json(await poll(ctx))?.map((t) => t.id)).toEqual([5]);
		});

		it('should mark static data as changed for n8n by assigning whole values', async () => {
			const workflowStaticData = { __dataChanged: false };
			const observed = ObservableObject.create({ boundaryKeys: [] }, workflowStaticData);
			await activated(parameters, observed as IDataObject);
			expect(workflowStaticData.__dataChanged).toBe(true);
			expect(Object.keys(observed)).toEqual(
				expect.arrayContaining(['cursorSeconds', 'boundaryKeys', 'configKey']),
			);
		});

		it('should start over when the start date as written changes', async () => {
			const staticData: IDataObject = {};
			const ctx = await activated(parameters, staticData);
			nock(ORIGIN)
				.get(TIME_PATH)
				.query(true)
				.reply(200, page([ticket(1, from + 1)], from + 1, true));
			await poll(ctx);
			const earlier = from - 3600;
			const changed = await activated({ ...parameters, startDate: startDate(earlier) }, staticData);
			expect(staticData.cursorSeconds).toBe(earlier);
			const scope = nock(ORIGIN)
				.get(TIME_PATH)
				.query({ start_time: earlier, support_type_scope: 'all' })
				.reply(200, page([ticket(1, from + 1)], from + 1, true));
			expect(json(await poll(changed))?.map((t) => t.id)).toEqual([1]);
			scope.done();
		});

		it('should emit what earlier pages gave and keep the cursor at the last complete page when a later page fails', async () => {
			const staticData: IDataObject = {};
			const ctx = await activated(parameters, staticData);
			nock(ORIGIN)
				.get(TIME_PATH)
				.query({ start_time: from, support_type_scope: 'all' })
				.reply(200, page([ticket(1, from + 1)], from + 1, false))
				.get(TIME_PATH)
				.query({ start_time: from + 1, support_type_scope: 'all' })
				.times(2) // n8n-core sends a request again once after a 401
				.reply(401, { error: "Couldn't authenticate you" });
			const result = await poll(ctx);
			expect(json(result)?.map((t) => t.id)).toEqual([1]);
			expect(staticData.cursorSeconds).toBe(from + 1);
			expect(ctx.logger.text()).toMatch(/Zendesk rejected the credentials/);
		});

		it('should throw the human message and leave the cursor when the first page fails on a later tick', async () => {
			const staticData: IDataObject = {};
			const ctx = await activated(parameters, staticData);
			nock(ORIGIN)
				.get(TIME_PATH)
				.query(true)
				.reply(200, page([ticket(1, from + 1)], from + 1, true));
			await poll(ctx);
			const before = { ...staticData };
			nock(ORIGIN)
				.get(TIME_PATH)
				.query(true)
				.reply(403, {
					error: { title: 'Forbidden', message: 'You do not have access to this page.' },
				});
			const failure = await poll(ctx).catch((error: unknown) => error);
			expect(failure).toBeInstanceOf(NodeApiError);
			expect((failure as Error).message).toMatch(/only open to (Zendesk )?admins/);
			expect(staticData).toEqual(before);
		});

		it('should not throw a transient failure out of the activation poll, so n8n keeps the trigger alive', async () => {
			const staticData: IDataObject = {};
			nock(ORIGIN).get(TIME_PATH).query(true).times(20).reply(503, 'Service Unavailable');
			const ctx = context(parameters, staticData);
			expect(await poll(ctx)).toBeNull();
			expect(staticData.cursorSeconds).toBe(from);
			expect(ctx.logger.text()).toMatch(/could not check access to the export at activation/);
		});

		it('should not throw a transient failure out of the first poll of a per-tick context', async () => {
			const staticData: IDataObject = {};
			await activated(parameters, staticData);
			nock(ORIGIN).get(TIME_PATH).query(true).times(20).reply(503, 'Service Unavailable');
			const perTick = context(parameters, staticData, 'trigger', 'update');
			expect(await poll(perTick)).toBeNull();
			expect(staticData.cursorSeconds).toBe(from);
			expect(perTick.logger.text()).toMatch(/will be retried on the next tick/);
		});

		it('should throw a transient failure on a later tick, so the execution list shows it', async () => {
			const ctx = await activated(parameters, {});
			nock(ORIGIN).get(TIME_PATH).query(true).times(20).reply(503, 'Service Unavailable');
			await expect(poll(ctx)).rejects.toThrow(/Gave up on Zendesk/);
		});

		it('should fail the activation with the human message when the credentials are rejected', async () => {
			nock(ORIGIN)
				.get(TIME_PATH)
				.query(true)
				.times(2)
				.reply(401, { error: "Couldn't authenticate you" });
			const staticData: IDataObject = {};
			const failure = await poll(context(parameters, staticData)).catch((error: unknown) => error);
			expect(failure).toBeInstanceOf(NodeApiError);
			expect((failure as Error).message).toMatch(/Zendesk rejected the credentials/);
			expect(JSON.stringify(failure)).not.toContain(SECRETS.apiToken);
			expect(staticData).toEqual({});
		});

		it('should skip a tick that overlaps a poll still running for the same node', async () => {
			const staticData: IDataObject = {};
			const ctx = await activated(parameters, staticData);
			nock(ORIGIN)
				.get(TIME_PATH)
				.query(true)
				.delay(50)
				.reply(200, page([ticket(1, from + 1)], from + 1, true));
			const first = poll(ctx);
			const second = await poll(ctx);
			expect(second).toBeNull();
			expect(json(await first)?.map((t) => t.id)).toEqual([1]);
		});

		it('should step through an over-full second with the cursor export and carry on from the next second', async () => {
			const stuck = from + 10;
			const full = Array.from({ length: 1000 }, (_, i) => ticket(i + 1, stuck));
			const rest = [ticket(2001, stuck), ticket(2002, stuck)];
			const staticData: IDataObject = {};
			// A cap above the second's 1,002 tickets: this test is about stepping, not the cap.
			const uncapped = { ...parameters, options: { maxTicketsPerPoll: 10_000 } };
			const ctx = await activated(uncapped, staticData);
			const scope = nock(ORIGIN)
				.get(TIME_PATH)
				.query({ start_time: from, support_type_scope: 'all' })
				.reply(200, page([ticket(3000, stuck)], stuck, false))
				.get(TIME_PATH)
				.query({ start_time: stuck, support_type_scope: 'all' })
				.reply(200, page(full, stuck, false))
				.get(CURSOR_PATH)
				.query({ start_time: stuck, support_type_scope: 'all' })
				.reply(200, {
					tickets: [...full, ...rest, ticket(3001, stuck + 4)],
					after_cursor: 'abc',
					after_url: `${ORIGIN}${CURSOR_PATH}?cursor=abc`,
					end_of_stream: false,
				})
				.get(TIME_PATH)
				.query({ start_time: stuck + 1, support_type_scope: 'all' })
				.reply(200, page([ticket(3001, stuck + 4)], stuck + 4, true));
			const result = await poll(ctx);
			expect(json(result)).toHaveLength(1004);
			expect(staticData.cursorSeconds).toBe(stuck + 4);
			scope.done();
		});

		it('should put no secret in any item, log line or static data', async () => {
			const staticData: IDataObject = {};
			const ctx = await activated(parameters, staticData);
			nock(ORIGIN)
				.get(TIME_PATH)
				.query(true)
				.reply(200, page([ticket(1, from + 1)], from + 1, true));
			const result = await poll(ctx);
			const everything = JSON.stringify([result, staticData]) + ctx.logger.text();
			expect(everything).not.toContain(SECRETS.apiToken);
			expect(everything).not.toContain(
				Buffer.from(`admin@acme.example/token:${SECRETS.apiToken}`).toString('base64'),
			);
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
