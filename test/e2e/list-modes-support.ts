/**
 * Pieces of list-modes.e2e.test.ts that need no running n8n: the stand-in's control calls for
 * suspended tickets and views, the three workflows (New Suspended Ticket, Ticket Entered View by
 * ID and from the picker's list), the poll times, the view picker's REST call and the item keys.
 */
import { TRIGGER, harness } from './support';
import { itemsOf, type Json } from './kinds-support';

export type Name = 'suspended' | 'viewById' | 'viewFromList';
export const NAMES: Name[] = ['suspended', 'viewById', 'viewFromList'];
/** What the three triggers and the picker may ask Zendesk for (stand-in endpoint names). */
export const SCRIPTED = ['suspended_tickets', 'views', 'view_tickets'];

/**
 * n8n refuses a poll time that fires more than once a minute (a 6-field cron whose second is not
 * one fixed number), but takes several poll times: four, 15 s apart, make a 15 s poll interval
 * out of crons it accepts, so a left view (seen two complete reads after) fits in half a minute.
 */
export const POLL_EVERY_S = 15;
export function pollTimes(firstSecond: number) {
	const seconds = [0, 1, 2, 3].map((i) => (firstSecond + i * POLL_EVERY_S) % 60);
	return {
		item: seconds.map((s) => ({ mode: 'custom', cronExpression: harness.cronAtSecond(s) })),
	};
}

/** The stand-in's control calls of the list modes (test/zendesk-stand-in/{suspended,views}.js). */
export function listControl(baseUrl: string) {
	const { call } = harness.standInControl(baseUrl) as {
		call: (method: string, urlPath: string, body?: unknown) => Promise<Json>;
	};
	return {
		suspend: async (input: Json = {}) =>
			((await call('POST', '/suspended', input)).suspended_tickets as Json[])[0],
		recover: async (id: number) => await call('POST', `/suspended/${id}/recover`),
		createView: async (input: Json) => (await call('POST', '/views', input)).view as Json,
		addToView: async (viewId: number, ticketId: number) =>
			await call('POST', `/views/${viewId}/tickets`, { id: ticketId }),
		removeFromView: async (viewId: number, ticketId: number) =>
			await call('DELETE', `/views/${viewId}/tickets/${ticketId}`),
	};
}

export interface ViewChoice {
	name: string;
	value: string;
	url?: string;
}

/** The trigger's parameters as the editor saves them (the shared ones, then each mode's own). */
const BASE = { authentication: 'apiToken', startFrom: 'now', simplify: true };

/** What the editor sends for the View picker's list: the node as it stands, the credential, a filter. */
export async function searchViewsInN8n(
	n8n: harness.N8nInstance,
	credential: harness.CredentialDoc,
	filter: string,
): Promise<{ status: number; results: ViewChoice[]; text: string }> {
	const answer = await n8n.rest('POST', '/dynamic-node-parameters/resource-locator-results', {
		nodeTypeAndVersion: { name: harness.NODE_TYPE, version: 1 },
		path: 'parameters.view',
		methodName: 'searchViews',
		filter,
		currentNodeParameters: {
			...BASE,
			triggerOn: 'viewTickets',
			view: { __rl: true, mode: 'list', value: '' },
		},
		credentials: { zendeskExportApi: { id: credential.id, name: credential.name } },
	});
	const body = answer.json as { data?: { results?: ViewChoice[] } } | undefined;
	return { status: answer.status, results: body?.data?.results ?? [], text: answer.text };
}

/** The three workflows as a user sets them up; only each mode's own parameters are set. */
export function listWorkflows(
	credential: harness.CredentialDoc,
	firstSecond: number,
	views: { byId: number; fromList: ViewChoice },
): Record<Name, harness.WorkflowDoc> {
	const parameters: Record<Name, Json> = {
		suspended: { triggerOn: 'suspendedTickets' },
		viewById: {
			triggerOn: 'viewTickets',
			view: { __rl: true, mode: 'id', value: String(views.byId) },
			viewOptions: { emitLeft: true },
		},
		viewFromList: {
			triggerOn: 'viewTickets',
			view: {
				__rl: true,
				mode: 'list',
				value: views.fromList.value,
				cachedResultName: views.fromList.name,
				cachedResultUrl: views.fromList.url,
			},
		},
	};
	const docs = {} as Record<Name, harness.WorkflowDoc>;
	for (const name of NAMES) {
		docs[name] = harness.triggerWorkflow({
			name: `List mode ${name}`,
			credential,
			parameters: { ...BASE, ...parameters[name] },
		});
		const trigger = docs[name].nodes[0].parameters as Json;
		trigger.pollTimes = pollTimes(firstSecond);
		delete trigger.event;
		delete trigger.options;
	}
	return docs;
}

/** An item's identity: the suspended ticket's id, or a view item's event and ticket id. */
export const keyOf: Record<Name, (item: Json) => string> = {
	suspended: (s) => String(s.id),
	viewById: (v) => `${v.event} ${v.ticket_id}`,
	viewFromList: (v) => `${v.event} ${v.ticket_id}`,
};

/** The keys of every item a workflow emitted, in execution order. */
export const keysOf = (name: Name, executions: harness.Execution[]) =>
	itemsOf(executions).map(keyOf[name]);

/** Finished executions of the trigger, oldest first. */
export async function finishedExecutions(n8n: harness.N8nInstance, workflowId: string) {
	const all = await n8n.executions(workflowId);
	return all.filter((e) => Boolean(e.stoppedAt) && e.status !== 'running');
}

/** The list state the trigger saved (`listState` in its static data), or undefined. */
export async function savedListState(n8n: harness.N8nInstance, workflowId: string) {
	const data = ((await n8n.nodeStaticData(workflowId, TRIGGER)) ?? {}) as Json;
	return data.listState as Json | undefined;
}
