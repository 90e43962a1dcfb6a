/**
 * What the node-level tests share: Zendesk answers as JSON, a fake poll context sending real HTTP
 * through n8n-core (nock answers it), a clock that only moves when the code sleeps, and Publish.
 * A test file mocks n8n-workflow's `sleep` to add to `clock.ms` and calls `useTriggerFixtures()`.
 */
import nock from 'nock';
import type { IDataObject, WorkflowActivateMode } from 'n8n-workflow';
import { ZendeskExportTrigger } from '../../nodes/ZendeskExportTrigger/ZendeskExportTrigger.node';
import {
	createFakePollContext,
	type FakePollContext,
	type FakePollContextOptions,
} from './fake-poll-context';
import { isoAt } from './tickets';
import { apiTokenCredentials, ORIGIN } from './transport-fixtures';

export const NOW_SECONDS = 1_700_100_000;
export const TIME_PATH = '/api/v2/incremental/tickets.json';
export const CURSOR_PATH = '/api/v2/incremental/tickets/cursor.json';
export const clock = { ms: NOW_SECONDS * 1000 };
const node = new ZendeskExportTrigger();

export function ticket(id: number, at: number, fields: IDataObject = {}): IDataObject {
	return {
		id,
		generated_timestamp: at,
		created_at: isoAt(at),
		updated_at: isoAt(at),
		status: 'open',
		subject: `Ticket ${id}`,
		requester_id: 9001,
		...fields,
	};
}

export function page(
	tickets: IDataObject[],
	endTime: number | null,
	endOfStream: boolean,
	extra: IDataObject = {},
) {
	return {
		tickets,
		count: tickets.length,
		end_time: endTime,
		end_of_stream: endOfStream,
		next_page: `${ORIGIN}${TIME_PATH}?start_time=${endTime}`,
		...extra,
	};
}

export function context(
	parameters: IDataObject,
	staticData: IDataObject,
	mode: 'manual' | 'trigger' = 'trigger',
	activationMode: WorkflowActivateMode = 'activate',
	extra: Partial<FakePollContextOptions> = {},
): FakePollContext {
	return createFakePollContext({
		credentialType: 'zendeskExportApi',
		credentials: apiTokenCredentials(),
		nodeParameters: { authentication: 'apiToken', ...parameters },
		mode,
		activationMode: mode === 'manual' ? undefined : activationMode,
		staticData,
		...extra,
	});
}

export async function poll(ctx: FakePollContext) {
	return await node.poll.call(ctx);
}

/**
 * Publishes: the activation poll checks access with one export request and saves the position.
 * Later polls on the returned context are n8n's scheduled ticks.
 */
export async function activated(
	parameters: IDataObject,
	staticData: IDataObject,
	extra: Partial<FakePollContextOptions> = {},
): Promise<FakePollContext> {
	const check = nock(ORIGIN)
		.get(TIME_PATH)
		.query((query) => Number(query.start_time) === Math.floor(clock.ms / 1000) - 61)
		.reply(200, page([], null, true));
	const ctx = context(parameters, staticData, 'trigger', 'activate', extra);
	expect(await poll(ctx)).toBeNull();
	check.done();
	return ctx;
}

export const json = (result: Awaited<ReturnType<typeof poll>>) =>
	result ? result[0].map((item) => item.json) : null;
export const startDate = (seconds: number) => new Date(seconds * 1000).toISOString();

/** nock off the network, failing any request no interceptor answers; the clock reset per test. */
export function useTriggerFixtures(): void {
	const unmatched: string[] = [];
	const onNoMatch = (request: { method?: string; path?: string }) =>
		unmatched.push(`${request.method ?? ''} ${request.path ?? ''}`);
	beforeAll(() => {
		nock.disableNetConnect();
		nock.emitter.on('no match', onNoMatch);
	});
	afterAll(() => {
		nock.emitter.removeListener('no match', onNoMatch);
		nock.enableNetConnect();
		nock.restore();
	});
	beforeEach(() => {
		clock.ms = NOW_SECONDS * 1000;
		jest.spyOn(Date, 'now').mockImplementation(() => clock.ms);
	});
	afterEach(() => {
		nock.cleanAll();
		jest.restoreAllMocks();
		expect(unmatched.splice(0)).toEqual([]);
	});
}
