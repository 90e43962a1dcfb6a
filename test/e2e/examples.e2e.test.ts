/**
 * The example workflows in examples/, imported as files into a real n8n and activated against the
 * Zendesk stand-in: the trigger's items must be the stand-in's tickets (or, for the New Comment
 * example, its public end-user comments) and must reach the node the example connects the trigger to.
 *
 * Each example is changed only where its README tells the user to act after import: the Zendesk
 * credential (here the legacy token, which the stand-in serves, so Authentication becomes API
 * Token), the spreadsheet and the folder; plus a 6-field cron instead of "every minute" so the
 * tick lands at a known second. The Slack and Google credential blocks stay as in the files (a
 * name and a placeholder id): n8n's import binds them to the dummy credentials of the same name.
 *
 * There is no network here (no DNS either), so the Slack and Google Sheets nodes fail when they
 * call slack.com / googleapis.com. That failure is expected and accepted: the test checks that the
 * node ran on the trigger's items and that its error is its own network error, not ours. The
 * backfill example needs no network: its Excel files are written and read back.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { startStandIn, type StandIn } from '../zendesk-stand-in/server';
import {
	errorText,
	expectRanOffline,
	fromExample,
	readXlsxRows,
	sheetsCredential,
	slackCredential,
	type Node,
} from './examples-support';
import {
	backfillScenario,
	commentsScenario,
	nowScenario,
	type Outcome,
} from './examples-scenarios';
import {
	TRIGGER,
	cronFiringIn,
	duplicates,
	emittedItems,
	harness,
	installedN8n,
	newInstance,
	recordTiming,
	settle,
	versionKey,
	type Settled,
} from './support';

type Key = 'slack' | 'sheets' | 'backfill' | 'comments';
const n8nInfo = installedN8n();
const SLACK = 'Post to Slack';
const SHEETS = 'Append or Update Row';
const PICK = 'Pick Columns';
const BACKFILL_SEEDED = 1300;

let n8n: harness.N8nInstance;
const standIns = {} as Record<Key, StandIn>;
const workflows = {} as Record<Key, harness.WorkflowDoc>;
let filesDir = '';

const scenarios: Partial<Record<Key, Settled<Outcome>>> = {};

/** The executions that carried tickets; the trigger's items in them are exactly `expected`. */
function expectTickets(r: Outcome): harness.Execution[] {
	const keys = emittedItems(r.executions).map((i) => versionKey(i.ticket));
	expect(duplicates(keys)).toEqual([]);
	expect(keys.sort()).toEqual([...r.expected].sort());
	return r.executions.filter((e) => harness.triggerItems(e, TRIGGER).length > 0);
}

describe(`The example workflows in a real n8n (n8n ${n8nInfo.version})`, () => {
	const started = Date.now();

	beforeAll(async () => {
		standIns.slack = await startStandIn({ seedTickets: 20 });
		standIns.sheets = await startStandIn({ seedTickets: 20 });
		// Pages of 250: Max Tickets per Poll (1000 in the example) ends the first tick a few pages in.
		standIns.backfill = await startStandIn({ seedTickets: BACKFILL_SEEDED, perPageMax: 250 });
		standIns.comments = await startStandIn({ seedTickets: 20 });
		const zendesk = Object.fromEntries(
			Object.entries(standIns).map(([key, s]) => [
				key,
				harness.apiTokenCredential({ name: `Zendesk stand-in (${key})`, baseUrl: s.url }),
			]),
		) as Record<Key, harness.CredentialDoc>;
		n8n = await newInstance('examples');
		filesDir = path.join(n8n.userFolder, '.n8n-files');
		fs.mkdirSync(filesDir, { recursive: true });
		// 45 s ahead: n8n 2.x's publication outbox takes up to 15 s to activate.
		const cron = cronFiringIn(await harness.standInControl(standIns.slack.url).now(), 45);
		workflows.slack = fromExample('new-or-changed-ticket-to-slack.json', zendesk.slack, cron);
		workflows.sheets = fromExample(
			'ticket-change-to-google-sheets.json',
			zendesk.sheets,
			cron,
			(nodes) => {
				nodes.find((n) => n.name === SHEETS)!.parameters.documentId = {
					__rl: true,
					mode: 'id',
					value: 'not-a-real-spreadsheet-id',
				};
			},
		);
		const startDate = new Date(Date.now() - 40 * 86_400_000).toISOString();
		workflows.backfill = fromExample(
			'backfill-from-date-to-spreadsheet.json',
			zendesk.backfill,
			cron,
			(nodes) => {
				nodes.find((n) => n.type === harness.NODE_TYPE)!.parameters.startDate = startDate;
				// The Docker image's home is /home/node; this n8n's home is its user folder.
				const write = nodes.find((n) => n.type === 'n8n-nodes-base.readWriteFile')!;
				write.parameters.fileName = write.parameters.fileName.replace(
					'/home/node/',
					`${n8n.userFolder}/`,
				);
			},
		);
		workflows.comments = fromExample('customer-replied-to-slack.json', zendesk.comments, cron);
		let t = Date.now();
		const dummies = [slackCredential, sheetsCredential] as unknown as harness.CredentialDoc[];
		await n8n.importCredentials([...Object.values(zendesk), ...dummies]);
		await n8n.importWorkflows(Object.values(workflows));
		recordTiming('examples: import credentials + 4 example workflows', Date.now() - t);
		t = Date.now();
		await n8n.start();
		await n8n.ensureOwner();
		await n8n.ensureApiKey();
		recordTiming('examples: n8n start until ready, owner, API key', Date.now() - t);
		scenarios.slack = settle(nowScenario(n8n, standIns.slack, workflows.slack.id));
		scenarios.sheets = settle(nowScenario(n8n, standIns.sheets, workflows.sheets.id));
		scenarios.backfill = settle(backfillScenario(n8n, standIns.backfill, workflows.backfill.id));
		scenarios.comments = settle(commentsScenario(n8n, standIns.comments, workflows.comments.id));
	}, 10 * 60_000);

	afterAll(async () => {
		await n8n?.stop();
		for (const s of Object.values(standIns)) await s?.close();
		harness.log(`n8n log: ${n8n?.logFile}`);
		recordTiming('examples: whole file', Date.now() - started);
	});

	it('should use only node types and versions this n8n has', async () => {
		const served = (await n8n.request('GET', '/types/nodes.json')).json as Array<{
			name: string;
			version: number | number[];
		}>;
		const has = (node: Node) =>
			served.some((s) => s.name === node.type && [s.version].flat().includes(node.typeVersion));
		const missing = Object.values(workflows)
			.flatMap((w) => (w.nodes as Node[]).filter((node) => !has(node)))
			.map((node) => `${node.type} v${node.typeVersion}`);
		expect(missing).toEqual([]);
	});

	it('should bind the examples’ Slack and Google credentials by name when importing the files', async () => {
		const nodeOf = async (key: Key, name: string) =>
			((await n8n.getWorkflow(workflows[key].id)).nodes as Node[]).find((n) => n.name === name)!;
		expect((await nodeOf('slack', SLACK)).credentials).toEqual({
			slackApi: { id: slackCredential.id, name: 'Slack account' },
		});
		expect((await nodeOf('comments', SLACK)).credentials).toEqual({
			slackApi: { id: slackCredential.id, name: 'Slack account' },
		});
		expect((await nodeOf('sheets', SHEETS)).credentials).toEqual({
			googleSheetsOAuth2Api: { id: sheetsCredential.id, name: 'Google Sheets account' },
		});
	});

	it('should hand the changed tickets to the Slack node, which then fails only for want of a network', async () => {
		const withTickets = expectTickets(await scenarios.slack!.promise);
		expect(withTickets.length).toBeGreaterThan(0);
		harness.log(
			`Slack node error: ${errorText(withTickets[0].data.resultData.runData[SLACK]?.[0]?.error ?? {})}`,
		);
		for (const e of withTickets) expectRanOffline(e, SLACK, 'slack.com');
	});

	it('should hand the changed tickets to the Google Sheets node, which then fails only for want of a network', async () => {
		const withTickets = expectTickets(await scenarios.sheets!.promise);
		expect(withTickets.length).toBeGreaterThan(0);
		harness.log(
			`Google Sheets node error: ${errorText(withTickets[0].data.resultData.runData[SHEETS]?.[0]?.error ?? {})}`,
		);
		for (const e of withTickets) expectRanOffline(e, SHEETS, 'googleapis.com');
	});

	it('should hand only the customers’ public replies, simplified, to the Slack node, which then fails only for want of a network', async () => {
		const r = await scenarios.comments!.promise;
		const comments = r.executions.flatMap((e) => harness.triggerItems(e, TRIGGER));
		const ids = comments.map((c) => String(c.id));
		expect(duplicates(ids)).toEqual([]);
		expect(ids.sort()).toEqual([...r.expected].sort());
		// 2 of the 7: the requester's and the other end user's replies.
		expect(ids).toHaveLength(2);
		const { store } = standIns.comments;
		for (const c of comments) {
			// Simplified: names a Slack message maps by dragging, and the agent's link.
			expect(c.public).toBe(true);
			expect(c.author_role).toBe('end-user');
			expect(c.author_name).toBe(store.getUser(c.author_id)!.name);
			expect(c.ticket_subject).toBe(store.getTicket(c.ticket_id)!.ticket.subject);
			expect(c.agent_url).toBe(`${standIns.comments.url}/agent/tickets/${c.ticket_id}`);
			expect(typeof c.body).toBe('string');
		}
		const withComments = r.executions.filter((e) => harness.triggerItems(e, TRIGGER).length > 0);
		expect(withComments.length).toBeGreaterThan(0);
		harness.log(
			`Slack node error (comments): ${errorText(withComments[0].data.resultData.runData[SLACK]?.[0]?.error ?? {})}`,
		);
		for (const e of withComments) expectRanOffline(e, SLACK, 'slack.com');
	});

	it('should backfill every ticket since the Start Date into Excel files, at most Max Tickets per Poll per tick', async () => {
		const r = await scenarios.backfill!.promise;
		const withTickets = expectTickets(r);
		expect(r.executions.every((e) => e.status === 'success')).toBe(true);
		// 1300 tickets, at most 1000 a tick in pages of 250: the first tick stops at the end of the
		// page before the one that would pass 1000.
		const perTick = withTickets.map((e) => harness.triggerItems(e, TRIGGER).length);
		expect(perTick).toHaveLength(2);
		expect(perTick[0]).toBeLessThanOrEqual(1000);
		expect(perTick[0]).toBeGreaterThan(1000 - 250);
		for (const e of withTickets) {
			const picked = e.data.resultData.runData[PICK];
			expect(picked[0].source[0].previousNode).toBe(TRIGGER);
			const rows = picked[0].data.main[0].map((i: { json: { id: number } }) => i.json.id);
			expect(rows).toEqual(harness.triggerItems(e, TRIGGER).map((t) => t.id));
		}
		// The files: one per tick, together every ticket's latest version.
		const files = fs.readdirSync(filesDir).filter((f) => /^zendesk-tickets-.*\.xlsx$/.test(f));
		expect(files).toHaveLength(withTickets.length);
		const rows = readXlsxRows(n8nInfo.dir, filesDir, files, 'Tickets');
		const truth = await harness.standInControl(standIns.backfill.url).truth();
		expect(rows).toHaveLength(BACKFILL_SEEDED);
		expect(rows.map((row) => Number(row.id)).sort((a, b) => a - b)).toEqual(
			truth.map((t) => t.id).sort((a, b) => a - b),
		);
		const byId = new Map(truth.map((t) => [t.id, t]));
		for (const row of rows) expect(row.status).toBe(byId.get(Number(row.id))!.status);
		expect(Object.keys(rows[0])).toEqual([
			'id',
			'subject',
			'status',
			'priority',
			'requester_email',
			'created_at',
			'updated_at',
			'link',
		]);
	});

	it('should send the stand-ins only the requests the trigger makes, every one answered 200', async () => {
		await Promise.allSettled(Object.values(scenarios).map((s) => s!.promise));
		// Customer Replied reads the ticket events and, simplified, looks up the authors and the
		// tickets (names); the ticket examples read the ticket export and, simplified, the ticket
		// fields list once (custom fields by title).
		const COMMENT_ENDPOINTS = ['ticket_events', 'users_show_many', 'tickets_show_many'];
		const TICKET_ENDPOINTS = ['tickets', 'cursor', 'ticket_fields'];
		for (const [key, s] of Object.entries(standIns)) {
			const requests = await harness.standInControl(s.url).requests();
			const allowed = key === 'comments' ? COMMENT_ENDPOINTS : TICKET_ENDPOINTS;
			if (key === 'comments') {
				const endpoints = new Set(requests.map((q) => q.endpoint));
				expect({ key, endpoints: [...endpoints].sort() }).toEqual({
					key,
					endpoints: [...COMMENT_ENDPOINTS].sort(),
				});
			} else {
				// Cached ten minutes per account and credential: one read for the whole run.
				const lists = requests.filter((q) => q.endpoint === 'ticket_fields');
				expect({ key, ticketFieldReads: lists.length }).toEqual({ key, ticketFieldReads: 1 });
			}
			const unexpected = requests.filter(
				(q) => !allowed.includes(q.endpoint) || q.status !== 200 || q.user !== 'admin@example.com',
			);
			expect({ key, unexpected }).toEqual({ key, unexpected: [] });
			expect(requests.length).toBeGreaterThan(0);
		}
	});
});
