/**
 * ZendeskExportTrigger.poll on later ticks: carrying on from saved static data, pages that fail,
 * transient failures by activation mode, overlapping ticks, crowded seconds, and no secret out.
 */
import nock from 'nock';
import { NodeApiError, ObservableObject, type IDataObject } from 'n8n-workflow';
import { ORIGIN, SECRETS } from '../helpers/transport-fixtures';
import {
	activated,
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
});
