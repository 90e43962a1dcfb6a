/**
 * The real node polling the Zendesk stand-in the way n8n runs it: one context for the activation
 * poll and the ticks after it, the stand-in's virtual clock as the node's clock and sleep, real
 * HTTP on 127.0.0.1 through n8n-core's request helpers.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { pollZendeskExport, type PollRuntime } from '../../nodes/ZendeskExportTrigger/trigger';
import type { StandIn } from '../zendesk-stand-in/server';
import { createFakePollContext, type FakePollContext } from './fake-poll-context';

export const ADMIN = { email: 'admin@example.com', apiToken: 'admin-api-token' };

export interface NodeOnStandIn {
	ctx: FakePollContext;
	staticData: IDataObject;
	/** One poll; returns the items' JSON, or null for no execution. Throws what the poll throws. */
	poll(): Promise<IDataObject[] | null>;
	/** Moves the virtual clock to the next whole minute (n8n's tick) and polls. */
	tick(): Promise<IDataObject[] | null>;
	/** Export requests (time-based and cursor) the stand-in answered so far. */
	exportRequests(): Promise<Array<{ path: string; query: Record<string, string>; status: number }>>;
}

export function nodeOnStandIn(
	standIn: StandIn,
	parameters: IDataObject,
	options: {
		staticData?: IDataObject;
		credentials?: IDataObject;
		/** 'update': a re-publish of an active workflow (after its parameters changed). */
		activationMode?: 'activate' | 'init' | 'update';
		/** What n8n's getPollBudgetMs() says; the fake context's default when not given. */
		pollBudgetMs?: number;
		/** Another workflow polling the same stand-in; one per stand-in port when not given. */
		workflowId?: string;
		/** The id of the credential the node uses (the fake context's default when not given). */
		credentialId?: string;
	} = {},
): NodeOnStandIn {
	const staticData = options.staticData ?? {};
	const runtime: PollRuntime = {
		nowMs: () => standIn.clock.nowMs(),
		monotonicNowMs: () => standIn.clock.nowMs(),
		sleep: async (ms: number) => void standIn.clock.advanceBy(ms),
	};
	const ctx = createFakePollContext({
		credentialType: 'zendeskExportApi',
		credentials: { subdomain: 'acme', baseUrl: standIn.url, ...ADMIN, ...options.credentials },
		nodeParameters: { authentication: 'apiToken', ...parameters },
		mode: 'trigger',
		activationMode: options.activationMode ?? 'activate',
		staticData,
		workflowId: options.workflowId ?? `stand-in-${standIn.port}`,
		...(options.credentialId === undefined ? {} : { credentialId: options.credentialId }),
		...(options.pollBudgetMs === undefined ? {} : { pollBudgetMs: options.pollBudgetMs }),
	});
	const items = (result: INodeExecutionData[][] | null) =>
		result ? result[0].map((item) => item.json) : null;
	const poll = async () => items(await pollZendeskExport(ctx, runtime));
	return {
		ctx,
		staticData,
		poll,
		tick: async () => {
			standIn.clock.advanceTo(Math.ceil((standIn.clock.nowMs() + 1) / 60_000) * 60_000);
			return await poll();
		},
		exportRequests: async () => {
			const response = await fetch(`${standIn.url}/__control/requests`);
			const log = (await response.json()) as Array<{
				endpoint: string;
				path: string;
				query: Record<string, string>;
				status: number;
			}>;
			return log.filter((entry) => entry.endpoint === 'tickets' || entry.endpoint === 'cursor');
		},
	};
}

/** Queues faults for the next API requests (see the stand-in's README, "Faults"). */
export async function postFaults(standIn: StandIn, faults: object[]): Promise<void> {
	const response = await fetch(`${standIn.url}/__control/faults`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ faults }),
	});
	if (!response.ok) throw new Error(`the stand-in refused the faults: ${await response.text()}`);
}
