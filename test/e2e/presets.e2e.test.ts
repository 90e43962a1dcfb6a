/**
 * The two preset examples, imported as files into a real n8n and activated against the Zendesk
 * stand-in: Ticket Solved → Slack and Tag Added to Ticket → Google Sheets. After activation the
 * stand-in solves tickets, reopens one, adds and removes tags; each workflow must hand exactly the
 * preset's changes, simplified (names, agent link), once each, to the node it connects to. As in
 * examples.e2e.test.ts, Slack and Google fail only for want of a network, which is expected here.
 */
import { startStandIn, type StandIn } from '../zendesk-stand-in/server';
import {
	errorText,
	expectRanOffline,
	fromExample,
	sheetsCredential,
	slackCredential,
} from './examples-support';
import {
	TRIGGER,
	cronFiringIn,
	duplicates,
	harness,
	installedN8n,
	newInstance,
	recordTiming,
	settle,
	waitFor,
	type Settled,
} from './support';

type Key = 'solved' | 'tagged';
const n8nInfo = installedN8n();
const SLACK = 'Post to Slack';
const SHEETS = 'Append Row';

let n8n: harness.N8nInstance;
const standIns = {} as Record<Key, StandIn>;
const workflows = {} as Record<Key, harness.WorkflowDoc>;
const scenarios: Partial<Record<Key, Settled<Outcome>>> = {};
type Outcome = { expected: string[]; executions: harness.Execution[] };

const ended = (e: harness.Execution) => Boolean(e.stoppedAt) && e.status !== 'running';
const changeKey = (item: { event_id: unknown; field: unknown }) => `${item.event_id}:${item.field}`;

/** Activate, wait out the withheld minute, make the story's changes, wait for the expected items. */
async function scenario(key: Key): Promise<Outcome> {
	const standIn = standIns[key];
	const control = harness.standInControl(standIn.url);
	const { id } = workflows[key];
	const { store } = standIn;
	// Before activation (so not emitted): ticket 3 open, ticket 5 without vip, ticket 6 with it.
	const before = (await control.now()) - 120;
	store.updateTicket(3, { atSeconds: before, fields: { status: 'open' } });
	store.updateTicket(5, { atSeconds: before, fields: { tags: ['billing'] } });
	store.updateTicket(6, { atSeconds: before, fields: { tags: ['billing', 'vip'] } });
	expect((await n8n.activate(id)).status).toBe(200);
	const cursor = await waitFor('the activation poll to place the cursor', async () => {
		const data = await n8n.nodeStaticData(id, TRIGGER);
		return typeof data?.cursorSeconds === 'number' ? data.cursorSeconds : null;
	});
	await waitFor('the withheld minute after activation to pass', async () => {
		return (await control.now()) >= cursor + 62;
	});
	const at = (await control.now()) - 61;
	store.updateTicket(3, { atSeconds: at, fields: { status: 'solved' }, updaterId: 1002 });
	store.updateTicket(4, { atSeconds: at, fields: { status: 'pending' } });
	store.updateTicket(5, { atSeconds: at, fields: { tags: ['billing', 'vip'] } }); // vip added
	store.updateTicket(6, { atSeconds: at, fields: { tags: ['billing'] } }); // vip removed only
	const expected = store
		.eventsTruth()
		.changes.filter((c) => c.timestamp >= cursor && c.event_type === 'Change')
		.filter((c) =>
			key === 'solved'
				? c.field === 'status' && c.value === 'solved'
				: c.field === 'tags' && c.ticket_id === 5,
		)
		.map((c) => `${c.audit_id}:${c.field}`);
	const executions = await waitFor(
		`an execution holding the ${key} changes`,
		async () => {
			const all = (await n8n.executions(id)).filter(ended);
			const got = all.flatMap((e) => harness.triggerItems(e, TRIGGER).map(changeKey));
			return expected.every((k) => got.includes(k)) ? all : null;
		},
		{ timeoutMs: 240_000, intervalMs: 2_000 },
	);
	return { expected, executions };
}

describe(`The preset examples in a real n8n (n8n ${n8nInfo.version})`, () => {
	const started = Date.now();

	beforeAll(async () => {
		standIns.solved = await startStandIn({ seedTickets: 10 });
		standIns.tagged = await startStandIn({ seedTickets: 10 });
		const zendesk = Object.fromEntries(
			Object.entries(standIns).map(([key, s]) => [
				key,
				harness.apiTokenCredential({ name: `Zendesk stand-in (${key})`, baseUrl: s.url }),
			]),
		) as Record<Key, harness.CredentialDoc>;
		n8n = await newInstance('presets');
		const cron = cronFiringIn(await harness.standInControl(standIns.solved.url).now(), 45);
		workflows.solved = fromExample('ticket-solved-to-slack.json', zendesk.solved, cron);
		workflows.tagged = fromExample(
			'tag-added-to-google-sheets.json',
			zendesk.tagged,
			cron,
			(nodes) => {
				nodes.find((n) => n.name === SHEETS)!.parameters.documentId = {
					__rl: true,
					mode: 'id',
					value: 'not-a-real-spreadsheet-id',
				};
			},
		);
		const dummies = [slackCredential, sheetsCredential] as unknown as harness.CredentialDoc[];
		await n8n.importCredentials([...Object.values(zendesk), ...dummies]);
		await n8n.importWorkflows(Object.values(workflows));
		const t = Date.now();
		await n8n.start();
		await n8n.ensureOwner();
		await n8n.ensureApiKey();
		recordTiming('presets: n8n start until ready, owner, API key', Date.now() - t);
		scenarios.solved = settle(scenario('solved'));
		scenarios.tagged = settle(scenario('tagged'));
	}, 10 * 60_000);

	afterAll(async () => {
		await n8n?.stop();
		for (const s of Object.values(standIns)) await s?.close();
		harness.log(`n8n log: ${n8n?.logFile}`);
		recordTiming('presets: whole file', Date.now() - started);
	});

	it('should hand each ticket that became solved, once, simplified, to the Slack node', async () => {
		const r = await scenarios.solved!.promise;
		const items = r.executions.flatMap((e) => harness.triggerItems(e, TRIGGER));
		const keys = items.map(changeKey);
		expect(duplicates(keys)).toEqual([]);
		expect(keys.sort()).toEqual([...r.expected].sort());
		expect(keys).toHaveLength(1);
		const { store } = standIns.solved;
		expect(items[0]).toMatchObject({
			ticket_id: 3,
			field_title: 'Status',
			value: 'solved',
			updater_name: store.getUser(1002)!.name,
			ticket_subject: store.getTicket(3)!.ticket.subject,
			agent_url: `${standIns.solved.url}/agent/tickets/3`,
		});
		const withItems = r.executions.filter((e) => harness.triggerItems(e, TRIGGER).length > 0);
		harness.log(
			`Slack node error (solved): ${errorText(withItems[0].data.resultData.runData[SLACK]?.[0]?.error ?? {})}`,
		);
		for (const e of withItems) expectRanOffline(e, SLACK, 'slack.com');
	});

	it('should hand only the change that added the vip tag, once, to the Google Sheets node', async () => {
		const r = await scenarios.tagged!.promise;
		const items = r.executions.flatMap((e) => harness.triggerItems(e, TRIGGER));
		const keys = items.map(changeKey);
		expect(duplicates(keys)).toEqual([]);
		expect(keys.sort()).toEqual([...r.expected].sort());
		expect(keys).toHaveLength(1);
		expect(items[0]).toMatchObject({ ticket_id: 5, field: 'tags' });
		expect(items[0].added_tags).toContain('vip');
		const withItems = r.executions.filter((e) => harness.triggerItems(e, TRIGGER).length > 0);
		for (const e of withItems) expectRanOffline(e, SHEETS, 'googleapis.com');
	});
});
