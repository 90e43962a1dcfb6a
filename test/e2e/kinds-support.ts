/**
 * Pieces of kinds.e2e.test.ts that need no running n8n: the stand-in's control calls for comments,
 * users, organizations and the truth per kind; the workflow file saved before Trigger On and the
 * workflows of the new kinds; the changes the scenario makes; what each trigger owes by the truth.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { TRIGGER, duplicates, harness, versionKey } from './support';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;
export type Kind = 'comments' | 'fieldChanges' | 'users' | 'organizations';
/** The five workflows: the four new kinds and the ticket workflow saved before Trigger On. */
export type Name = Kind | 'tickets';
export const NAMES: Name[] = ['comments', 'fieldChanges', 'users', 'organizations', 'tickets'];
type People = 'users' | 'organizations';

/** What the five triggers may ask Zendesk for (stand-in endpoint names); nothing else. */
export const SCRIPTED = [
	'tickets',
	'ticket_events',
	'users',
	'organizations',
	'users_show_many',
	'tickets_show_many',
	// The ticket workflow saved before Simplify existed now simplifies: custom fields by title.
	'ticket_fields',
];
/** Which export requests are a workflow's (New Comment asks for the comments, field changes not). */
export const requestOf: Record<Name, (q: harness.StandInRequest) => boolean> = {
	comments: (q) => q.endpoint === 'ticket_events' && q.query.include === 'comment_events',
	fieldChanges: (q) => q.endpoint === 'ticket_events' && !q.query.include,
	users: (q) => q.endpoint === 'users',
	organizations: (q) => q.endpoint === 'organizations',
	tickets: (q) => q.endpoint === 'tickets',
};

/** The stand-in's request log, a line a request: time, status, endpoint, start_time. */
export const requestLines = (requests: harness.StandInRequest[]) =>
	requests
		.map((q) => `${q.at.slice(11, 19)} ${q.status} ${q.endpoint} ${q.query.start_time}`)
		.join('\n');

/** `GET /__control/truth/events`: one row per comment, one per changed field (stand-in README). */
export interface EventsTruth {
	comments: Array<{
		id: number;
		audit_id: number;
		ticket_id: number;
		timestamp: number;
		author_id: number;
		public: boolean;
		body: string;
	}>;
	changes: Array<{
		audit_id: number;
		ticket_id: number;
		timestamp: number;
		event_type: 'Create' | 'Change';
		field: string;
		value: unknown;
		previous_value: unknown;
	}>;
}
/** `GET /__control/truth/users` (`organizations`): every version. */
export type PeopleTruth = Array<{
	id: number;
	updated_at: string;
	exportableAtSeconds: number | null;
}>;

/** The control calls of the event and people kinds, over HTTP. An answer that is not 2xx throws. */
export function kindsControl(baseUrl: string) {
	// The harness's control call: it throws on an answer that is not 2xx.
	const { call } = harness.standInControl(baseUrl) as {
		call: (method: string, urlPath: string, body?: unknown) => Promise<Json>;
	};
	return {
		comment: async (ticketId: number, input: Json) =>
			await call('POST', `/tickets/${ticketId}/comments`, input),
		create: async (kind: People, input: Json) =>
			(await call('POST', `/${kind}`, input))[kind] as Json[],
		update: async (kind: People, id: number, input: Json) =>
			await call('PATCH', `/${kind}/${id}`, input),
		events: async () => (await call('GET', '/truth/events')) as unknown as EventsTruth,
		people: async (kind: People) => (await call('GET', `/truth/${kind}`)) as unknown as PeopleTruth,
	};
}
export interface Truth {
	events: EventsTruth;
	users: PeopleTruth;
	organizations: PeopleTruth;
}
export async function readTruth(kinds: ReturnType<typeof kindsControl>): Promise<Truth> {
	const events = await kinds.events();
	return {
		events,
		users: await kinds.people('users'),
		organizations: await kinds.people('organizations'),
	};
}
export type StandInCalls = {
	control: harness.StandInControl;
	kinds: ReturnType<typeof kindsControl>;
};

/**
 * A ticket workflow saved before Trigger On existed: the trigger node of
 * examples/backfill-from-date-to-spreadsheet.json at commit 5d34307, which predates the Trigger On
 * parameter, with its parameters exactly as in that file (the nodes after it, which write Excel
 * files, are left out). After import the user sets what the examples' README says: the credential
 * (the legacy API token, which the stand-in serves); the cron gives the tick a known second.
 */
export const PRE_TRIGGER_ON_FILE = path.join(
	__dirname,
	'fixtures',
	'ticket-trigger-before-trigger-on.json',
);
export const PRE_TRIGGER_ON_START_DATE = '2026-01-01T00:00:00';

export function preTriggerOnWorkflow(credential: harness.CredentialDoc, cron: string) {
	const doc = JSON.parse(fs.readFileSync(PRE_TRIGGER_ON_FILE, 'utf8')) as harness.WorkflowDoc;
	const trigger = doc.nodes.find((n) => n.type === harness.NODE_TYPE) as Json;
	if ('triggerOn' in trigger.parameters) throw new Error(`${PRE_TRIGGER_ON_FILE} has triggerOn`);
	trigger.parameters.authentication = 'apiToken';
	trigger.parameters.pollTimes = { item: [{ mode: 'custom', cronExpression: cron }] };
	trigger.credentials = { zendeskExportApi: { id: credential.id, name: credential.name } };
	return { ...doc, id: harness.makeId('wf') } as harness.WorkflowDoc;
}

/** The four new kinds as a user sets them up; only each kind's own parameters are set. */
export function kindWorkflows(
	credential: harness.CredentialDoc,
	cron: string,
	commentsFrom: number,
) {
	const parameters: Record<Kind, Json> = {
		comments: {
			startFrom: 'date',
			startDate: new Date(commentsFrom * 1000).toISOString(),
			commentOptions: { visibility: 'all', authors: 'any', addTicketAndAuthor: true },
		},
		fieldChanges: {
			fields: ['status'],
			toValues: 'solved',
			fieldChangeOptions: { includeCreate: true },
		},
		users: {
			changeEvent: 'createdOrUpdated',
			userOptions: { roles: ['end-user', 'agent'], maxItemsPerPoll: 500 },
		},
		organizations: { organizationOptions: { maxItemsPerPoll: 500 } },
	};
	const docs = {} as Record<Kind, harness.WorkflowDoc>;
	for (const kind of Object.keys(parameters) as Kind[]) {
		docs[kind] = harness.triggerWorkflow({
			name: `Trigger On ${kind}`,
			credential,
			cron,
			// These workflows pin the raw record's fields (author, ticket, change_type, …): Simplify off.
			parameters: { triggerOn: kind, simplify: false, ...parameters[kind] },
		});
		const trigger = docs[kind].nodes[0].parameters as Json;
		delete trigger.event;
		delete trigger.options;
	}
	return docs;
}

// ------------------------------------------------------------------------------------------------
// The changes. Comments by requesters and agents, replies and internal notes; status changes to
// solved and to other values; users (one an admin, whom Roles leaves out) and organizations.

/** Before publishing: one ticket older than New Comment's Start Date (t0 − 600), the rest after it. */
export async function changesBeforePublishing({ control, kinds }: StandInCalls, t0: number) {
	await control.createTickets({ count: 1, atSeconds: t0 - 1000 });
	const [a, b] = await control.createTickets({ count: 2, atSeconds: t0 - 300 });
	await kinds.comment(a.id, { author: 'requester', body: 'Before: news?', atSeconds: t0 - 290 });
	const note = { author: 'agent', public: false, body: 'Before: a note', atSeconds: t0 - 280 };
	await kinds.comment(a.id, note);
	await control.updateTicket(b.id, { fields: { status: 'solved' }, atSeconds: t0 - 270 });
	await kinds.create('users', { count: 1, atSeconds: t0 - 260 });
	await kinds.update('organizations', 3002, { fields: { notes: 'before' }, atSeconds: t0 - 250 });
	return { a: a.id as number, b: b.id as number };
}

/** After publishing, all in second `at`. Touches no ticket that existed before publishing. */
export async function liveChanges({ control, kinds }: StandInCalls, at: number) {
	const [c, d] = await control.createTickets({ count: 2, atSeconds: at });
	await control.createTickets({ count: 1, atSeconds: at, fields: { status: 'solved' } });
	await kinds.comment(c.id, { author: 'requester', body: 'Live: news?', atSeconds: at });
	const fixed = { author: 'agent', body: 'Live: fixed', fields: { status: 'solved' } };
	await kinds.comment(c.id, { ...fixed, atSeconds: at });
	const note = {
		author: 'agent',
		public: false,
		body: 'Live: billing',
		fields: { status: 'pending' },
	};
	await kinds.comment(d.id, { ...note, atSeconds: at });
	const [customer] = await kinds.create('users', { count: 2, atSeconds: at });
	const [admin] = await kinds.create('users', { fields: { role: 'admin' }, atSeconds: at });
	await kinds.update('users', 2005, { fields: { name: 'Renamed' }, atSeconds: at });
	await kinds.update('organizations', 3001, { fields: { notes: 'live' }, atSeconds: at });
	await kinds.create('organizations', { count: 1, atSeconds: at });
	return { c: c.id as number, d: d.id as number, customer: customer.id, admin: admin.id as number };
}

/** While n8n is down, in second `at`. */
export async function changesWhileDown(
	{ control, kinds }: StandInCalls,
	at: number,
	ids: { a: number; b: number; c: number; d: number; customer: number },
) {
	const back = { author: 'requester', body: 'After: it is back', fields: { status: 'open' } };
	await kinds.comment(ids.c, { ...back, atSeconds: at });
	const solved = { author: 'agent', body: 'After: solved', fields: { status: 'solved' } };
	await kinds.comment(ids.d, { ...solved, atSeconds: at });
	await kinds.comment(ids.a, { author: 'requester', body: 'After: thanks', atSeconds: at });
	await control.updateTicket(ids.b, { fields: { status: 'open' }, atSeconds: at });
	await kinds.update('users', ids.customer, { fields: { name: 'Renamed after' }, atSeconds: at });
	await kinds.create('users', { count: 1, atSeconds: at });
	await kinds.update('organizations', 3001, { fields: { notes: 'after' }, atSeconds: at });
}

// ------------------------------------------------------------------------------------------------
// Items, keys and what is owed.

/** Every item the trigger emitted, with the execution it came in. */
export function itemsOf(executions: harness.Execution[]): Json[] {
	return executions.flatMap((e) => harness.triggerItems(e, TRIGGER) as Json[]);
}

/** How the items' keys compare with what is owed: nothing twice, nothing missing, nothing else. */
export function delivery(keys: string[], owed: Iterable<string>) {
	const due = new Set(owed);
	const got = new Set(keys);
	return {
		twice: duplicates(keys),
		missing: [...due].filter((k) => !got.has(k)),
		unexpected: [...got].filter((k) => !due.has(k)),
	};
}

/** `<workflow> <key>` of every item owed and not in the executions yet. */
export function missingItems(
	executions: Record<Name, harness.Execution[]>,
	owed: Record<Name, string[]>,
): string[] {
	return NAMES.flatMap((name) => {
		const keys = itemsOf(executions[name]).map(keyOf[name]);
		return delivery(keys, owed[name]).missing.map((key) => `${name} ${key}`);
	});
}

const personKey = (p: Json) => `${p.id}:${p.updated_at}`;
/** The identity of an item of each workflow, as the stand-in's truth names it too. */
export const keyOf: Record<Name, (item: Json) => string> = {
	comments: (c) => String(c.id),
	fieldChanges: (c) => `${c.event_id}:${c.field}`,
	users: personKey,
	organizations: personKey,
	tickets: (t) => versionKey(t as { id: number; generated_timestamp: number }),
};

/** Comments made at or after `fromSeconds` (Visibility and Authors: all). */
export function commentsOwed(truth: EventsTruth, fromSeconds: number) {
	const rows = truth.comments.filter((c) => c.timestamp >= fromSeconds);
	return new Map(rows.map((c) => [String(c.id), c]));
}

/** Status set to "solved" at or after `fromSeconds`, by a change or at creation (Include Ticket Creation). */
export function solvedOwed(truth: EventsTruth, fromSeconds: number) {
	const rows = truth.changes.filter(
		(c) => c.timestamp >= fromSeconds && c.field === 'status' && c.value === 'solved',
	);
	return new Map(rows.map((c) => [`${c.audit_id}:${c.field}`, c]));
}

/**
 * Versions dated at or after `fromSeconds` that the export served (a version replaced within its
 * withheld minute never is), leaving out the ids a filter drops.
 */
export function versionsOwed(truth: PeopleTruth, fromSeconds: number, leftOut: number[] = []) {
	return truth
		.filter((v) => v.exportableAtSeconds !== null && !leftOut.includes(v.id))
		.filter((v) => Date.parse(v.updated_at) / 1000 >= fromSeconds)
		.map(personKey);
}
