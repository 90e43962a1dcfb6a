/**
 * What users type: Start Date as an expression or in a time zone, list options given by an
 * expression, and static data that cannot be read. Each is read through the real node.
 */
import nock from 'nock';
import { DateTime } from 'luxon';
import { NodeOperationError, type IDataObject } from 'n8n-workflow';
import { ORIGIN } from '../helpers/transport-fixtures';
import {
	activated,
	clock,
	context,
	json,
	NOW_SECONDS,
	page,
	poll,
	ticket,
	TIME_PATH,
	useTriggerFixtures,
} from '../helpers/trigger-fixtures';

jest.mock('n8n-workflow', () => ({
	...jest.requireActual('n8n-workflow'),
	sleep: jest.fn(async (ms: number) => {
		(
			require('../helpers/trigger-fixtures') as typeof import('../helpers/trigger-fixtures')
		).clock.ms += ms;
	}),
}));

useTriggerFixtures();

const WEEK_SECONDS = 7 * 86_400;
const sevenDaysAgo = '={{ $now.minus({ days: 7 }) }}';
const fromDate = (startDate: string): IDataObject => ({ startFrom: 'date', startDate });

async function failureOf(promise: Promise<unknown>): Promise<Error> {
	const failure = await promise.then(
		() => new Error('expected a failure'),
		(error: Error) => error,
	);
	return failure;
}

describe('ZendeskExportTrigger input', () => {
	describe('Start Date', () => {
		it('should decide an expression once at activation and not restart when its value moves', async () => {
			const staticData: IDataObject = {};
			const evaluatedParameters = () => ({
				startDate: DateTime.fromMillis(clock.ms).minus({ days: 7 }).toISO(),
			});
			const ctx = await activated({ startFrom: 'date', startDate: sevenDaysAgo }, staticData, {
				evaluatedParameters,
			});
			const from = NOW_SECONDS - WEEK_SECONDS;
			expect(staticData.cursorSeconds).toBe(from);
			clock.ms += 60_000;
			nock(ORIGIN)
				.get(TIME_PATH)
				.query({ start_time: from, support_type_scope: 'all' })
				.reply(200, page([ticket(1, from + 5)], from + 5, true));
			expect(json(await poll(ctx))?.map((t) => t.id)).toEqual([1]);
			clock.ms += 60_000;
			nock(ORIGIN)
				.get(TIME_PATH)
				.query({ start_time: from + 5, support_type_scope: 'all' })
				.reply(200, page([ticket(1, from + 5)], from + 5, true));
			expect(await poll(ctx)).toBeNull();
		});

		it("should read the picker's value without an offset in the workflow's time zone", async () => {
			const staticData: IDataObject = {};
			await activated(fromDate('2023-11-15T09:00:00'), staticData, { timezone: 'Asia/Tokyo' });
			expect(staticData.cursorSeconds).toBe(Date.parse('2023-11-15T00:00:00Z') / 1000);
		});

		it('should take an epoch number and a Luxon DateTime from an expression', async () => {
			const at = NOW_SECONDS - 3600;
			const epoch: IDataObject = {};
			await activated(fromDate('={{ 1 }}'), epoch, { evaluatedParameters: { startDate: at } });
			expect(epoch.cursorSeconds).toBe(at);
			const luxon: IDataObject = {};
			await activated(fromDate('={{ 2 }}'), luxon, {
				evaluatedParameters: { startDate: DateTime.fromSeconds(at, { zone: 'Asia/Tokyo' }) },
			});
			expect(luxon.cursorSeconds).toBe(at);
		});

		it('should refuse a start date in the future at activation, saving nothing', async () => {
			const staticData: IDataObject = {};
			const failure = await failureOf(
				poll(context(fromDate(new Date((NOW_SECONDS + 86_400) * 1000).toISOString()), staticData)),
			);
			expect(failure).toBeInstanceOf(NodeOperationError);
			expect(failure.message).toMatch(/^Start Date 2023-11-17T.* is in the future$/);
			expect(staticData).toEqual({});
		});

		it('should refuse a start date it cannot read with a sentence, saving nothing', async () => {
			const staticData: IDataObject = {};
			const failure = await failureOf(poll(context(fromDate('next monday'), staticData)));
			expect(failure).toBeInstanceOf(NodeOperationError);
			expect(failure.message).toMatch(
				/^Start Date "next monday" is not a date this trigger can read/,
			);
			expect(staticData).toEqual({});
		});
	});

	describe('list options from an expression', () => {
		const from = NOW_SECONDS - 3600;

		it('should filter on a Statuses text such as "open, pending"', async () => {
			const ctx = await activated(
				{
					...fromDate(new Date(from * 1000).toISOString()),
					options: { statuses: 'open, pending' },
				},
				{},
			);
			nock(ORIGIN)
				.get(TIME_PATH)
				.query(true)
				.reply(
					200,
					page(
						[
							ticket(1, from + 1),
							ticket(2, from + 2, { status: 'solved' }),
							ticket(3, from + 3, { status: 'pending' }),
						],
						from + 3,
						true,
					),
				);
			expect(json(await poll(ctx))?.map((t) => t.id)).toEqual([1, 3]);
		});

		it('should send Include given as a text', async () => {
			const ctx = await activated(
				{ ...fromDate(new Date(from * 1000).toISOString()), options: { include: 'users' } },
				{},
			);
			const scope = nock(ORIGIN)
				.get(TIME_PATH)
				.query({ start_time: from, support_type_scope: 'all', include: 'users' })
				.reply(200, page([ticket(1, from + 1)], from + 1, true, { users: [{ id: 9001 }] }));
			expect(json(await poll(ctx))?.[0]).toMatchObject({ id: 1, requester: { id: 9001 } });
			scope.done();
		});

		it('should refuse an unknown status by name before any request', async () => {
			const failure = await failureOf(
				poll(context({ startFrom: 'now', options: { statuses: 'opn' } }, {})),
			);
			expect(failure).toBeInstanceOf(NodeOperationError);
			expect(failure.message).toBe(
				'Statuses holds "opn", which is not one of: new, open, pending, hold, solved, closed, deleted.',
			);
		});
		it('should refuse a Max Tickets per Poll that is not a whole number of at least 1', async () => {
			const failure = await failureOf(
				poll(context({ startFrom: 'now', options: { maxTicketsPerPoll: 'abc' } }, {})),
			);
			expect(failure).toBeInstanceOf(NodeOperationError);
			expect(failure.message).toBe(
				'Max Tickets per Poll is "abc", not a whole number of at least 1.',
			);
		});
	});

	describe('static data that cannot be read', () => {
		const parameters = fromDate(new Date((NOW_SECONDS - 3600) * 1000).toISOString());

		async function saved(): Promise<IDataObject> {
			const staticData: IDataObject = {};
			await activated(parameters, staticData);
			return staticData;
		}

		it('should say so, and neither read nor restart, when the cursor is not a time', async () => {
			const staticData = { ...(await saved()), cursorSeconds: 'abc' };
			const before = { ...staticData };
			const failure = await failureOf(poll(context(parameters, staticData, 'trigger', 'update')));
			expect(failure).toBeInstanceOf(NodeOperationError);
			expect(failure.message).toBe(
				`The trigger's saved position cannot be read: its cursor is "abc", not a time`,
			);
			expect(staticData).toEqual(before);
		});

		it('should read a cursor saved as digits, with a warning', async () => {
			const staticData = await saved();
			const cursor = staticData.cursorSeconds as number;
			staticData.cursorSeconds = String(cursor);
			const tick = context(parameters, staticData, 'trigger', 'update');
			nock(ORIGIN)
				.get(TIME_PATH)
				.query({ start_time: cursor, support_type_scope: 'all' })
				.reply(200, page([], cursor, true));
			expect(await poll(tick)).toBeNull();
			expect(tick.logger.text()).toMatch(/The saved cursor was the text/);
			expect(staticData.cursorSeconds).toBe(cursor);
		});

		it('should carry on without boundary keys that are not a list, and warn that one second may repeat', async () => {
			const staticData = { ...(await saved()), boundaryKeys: 'oops' };
			const tick = context(parameters, staticData, 'trigger', 'update');
			nock(ORIGIN)
				.get(TIME_PATH)
				.query(true)
				.reply(200, page([], null, true));
			await poll(tick);
			expect(tick.logger.text()).toMatch(/may be emitted once more/);
		});
	});
});
