/**
 * What `npm run scale:workflows` sets up: the twenty trigger configurations, a stand-in per
 * account with a backlog, the workflows (Every Minute, Start From a date before the backlog), and
 * n8n brought up with them imported, sampled idle, then published one by one.
 */
import {
	RssSampler,
	activateAll,
	harness,
	liveHeapMiB,
	loadStandIn,
	say,
	sleep,
	startN8n,
	type N8n,
	type WorkflowDoc,
} from './scale-lib';

const DAY = 86_400;

/**
 * Twenty trigger set-ups a team might run on one account. Each matches part of a backfill (a
 * filter that matches nothing never runs an execution, so its progress could not be read).
 */
export const MIX: Array<[string, Record<string, unknown>]> = [
	['tickets: every change', {}],
	['tickets: created', { event: 'created' }],
	['tickets: pending', { options: { statuses: ['pending'] } }],
	['tickets: open or pending', { options: { statuses: ['open', 'pending'] } }],
	['tickets: solved or closed', { options: { statuses: ['solved', 'closed'] } }],
	['tickets: no system updates', { options: { ignoreSystemUpdates: true } }],
	[
		'tickets: + users, groups, orgs',
		{ options: { include: ['users', 'groups', 'organizations'] } },
	],
	[
		'tickets: agent scope, no deleted',
		{ options: { supportTypeScope: 'agent', excludeDeleted: true } },
	],
	['tickets: AI agent scope', { options: { supportTypeScope: 'ai_agent' } }],
	['tickets: cap 2000 per poll', { options: { maxTicketsPerPoll: 2000 } }],
	['tickets: on hold', { options: { statuses: ['hold'] } }],
	['comments: all', { triggerOn: 'comments' }],
	[
		'comments: public, by end users',
		{ triggerOn: 'comments', commentOptions: { visibility: 'public', authors: 'endUsers' } },
	],
	['comments: by agents', { triggerOn: 'comments', commentOptions: { authors: 'agents' } }],
	['field changes: status', { triggerOn: 'fieldChanges', fields: ['status'] }],
	[
		'field changes: status to solved',
		{ triggerOn: 'fieldChanges', fields: ['status'], toValues: 'solved' },
	],
	[
		'field changes: all, with creation',
		{ triggerOn: 'fieldChanges', fieldChangeOptions: { includeCreate: true } },
	],
	['users: every change', { triggerOn: 'users' }],
	[
		'users: new end users',
		{ triggerOn: 'users', changeEvent: 'created', userOptions: { roles: ['end-user'] } },
	],
	['organizations: every change', { triggerOn: 'organizations' }],
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const control = (url: string, path: string, method = 'GET'): Promise<any> =>
	fetch(`${url}/__control/${path}`, { method }).then((r) => r.json());

export interface Account {
	url: string;
	close: () => Promise<void>;
	credential: ReturnType<typeof harness.apiTokenCredential>;
	startSeconds: number;
}

export async function startAccount(
	name: string,
	seed: Record<string, number | boolean>,
): Promise<Account> {
	const standIn = await loadStandIn().startStandIn({ seedTicketEvents: true, ...seed });
	const now = Number((await control(standIn.url, 'now')).now);
	const credential = harness.apiTokenCredential({ name: `Zendesk ${name}`, baseUrl: standIn.url });
	return {
		url: standIn.url,
		close: () => standIn.close(),
		credential,
		startSeconds: now - 31 * DAY,
	};
}

/** Every Minute (n8n picks a random second per workflow), Start From a date before the backlog. */
export function workflowsFor(account: Account, mix: typeof MIX, prefix: string) {
	return mix.map(([label, parameters]) =>
		harness.triggerWorkflow({
			name: `${prefix} ${label}`,
			credential: account.credential,
			parameters: {
				pollTimes: { item: [{ mode: 'everyMinute' }] },
				startFrom: 'date',
				startDate: new Date(account.startSeconds * 1000).toISOString(),
				...parameters,
			},
		}),
	);
}

/** Imports the workflows (not active), starts n8n, samples it idle for `idleS`, then publishes all. */
export async function bringUp(
	n8n: N8n,
	accounts: Account[],
	workflows: WorkflowDoc[],
	idleS: number,
) {
	await n8n.importCredentials(accounts.map((a) => a.credential));
	await n8n.importWorkflows(workflows);
	const pid = await startN8n(n8n);
	const sampler = new RssSampler(pid);
	sampler.start();
	say(
		`n8n ready (pid ${pid}); ${idleS} s idle with ${workflows.length} workflows imported, none active`,
	);
	await sleep(idleS * 1000);
	const idleHeapMiB = await liveHeapMiB(n8n);
	for (const a of accounts)
		for (const path of ['requests', 'stats']) await control(a.url, path, 'DELETE');
	sampler.phase = 'activate';
	const activateStarted = Date.now();
	const failed = await activateAll(
		n8n,
		workflows.map((w) => w.id),
	);
	say(
		`published ${workflows.length - failed.length}/${workflows.length} in ${Math.round((Date.now() - activateStarted) / 1000)} s`,
	);
	if (failed.length) say(`publish failures: ${failed.slice(0, 3).join(' | ')}`);
	return { sampler, activatedMs: Date.now(), publishFailures: failed.length, idleHeapMiB };
}
