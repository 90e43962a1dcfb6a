/**
 * Trigger On in a real n8n: New Comment, Ticket Field Changed (Status → solved), User and
 * Organization Created or Updated, and a ticket workflow imported from a file saved before Trigger
 * On existed, all five active at once on one Zendesk account (one stand-in, one 10-a-minute export
 * budget the node must share), polling at the same second of every minute.
 *
 * 1. Before publishing: tickets, comments, a status set to solved, a user and an organization
 *    changed: New Comment (Start From a date 10 minutes back) and the old ticket workflow owe them,
 *    the triggers started "now" must not emit them. 2. The five are published at once. 3. Live
 *    changes, waited for. 4. n8n stopped, more changes while it is down, n8n started again.
 * Each workflow's items are then compared with the stand-in's truth for its kind.
 */
import { startStandIn, type StandIn } from '../zendesk-stand-in/server';
import {
	NAMES,
	PRE_TRIGGER_ON_START_DATE,
	SCRIPTED,
	changesBeforePublishing,
	changesWhileDown,
	commentsOwed,
	delivery,
	itemsOf,
	keyOf,
	kindWorkflows,
	missingItems,
	kindsControl,
	liveChanges,
	preTriggerOnWorkflow,
	requestLines,
	requestOf,
	solvedOwed,
	versionsOwed,
	readTruth,
	type Json,
	type Name,
	type StandInCalls,
	type Truth,
} from './kinds-support';
import {
	TRIGGER,
	cronFiringIn,
	cronSecond,
	harness,
	installedN8n,
	logLineTimes,
	newInstance,
	nextTickAt,
	recordTiming,
	versionKey,
} from './support';

const ACTIVATED_LINE = /Zendesk Export Trigger: activated; reading resumes at the first tick/;
/** The cron's second: n8n's start and the publishing take about 40 s, then a withheld minute. */
const FIRST_TICK_AHEAD_S = 100;

let n8n: harness.N8nInstance;
let standIn: StandIn;
let calls: StandInCalls;
const workflows = {} as Record<Name, harness.WorkflowDoc>;
/** Each trigger's static data at activation, before the stop and at the end. */
const state = { activation: {}, beforeStop: {}, end: {} } as Record<string, Record<string, Json>>;
const ticketSnapshots: string[][] = [];
let commentsFrom = 0;
let adminUserId = 0;
/** The stand-in's clock just before the five were published. */
let publishedAt = 0;
let truth: Truth;
const executions = {} as Record<Name, harness.Execution[]>;
const restart = { stoppedMs: 0, activated: [] as number[], firstTickMs: 0 };

const staticData = async (name: Name) =>
	(await n8n.nodeStaticData(workflows[name].id, TRIGGER)) ?? {};
const from = (name: Name) => Number(state.activation[name].cursorSeconds);

/** What each workflow owes as of now, by the stand-in's truth. */
async function owed(): Promise<Record<Name, string[]>> {
	truth = await readTruth(calls.kinds);
	return {
		comments: [...commentsOwed(truth.events, commentsFrom).keys()],
		fieldChanges: [...solvedOwed(truth.events, from('fieldChanges')).keys()],
		users: versionsOwed(truth.users, from('users'), [adminUserId]),
		organizations: versionsOwed(truth.organizations, from('organizations')),
		// Every ticket version that was current when a poll could read it (snapshots between phases).
		tickets: [...new Set(ticketSnapshots.flat())],
	};
}

/** Until every workflow emitted all it owes; on timeout the checks below say what is missing. */
async function waitForEverythingOwed(what: string, timeoutMs: number): Promise<void> {
	const started = Date.now();
	for (;;) {
		const due = await owed();
		for (const name of NAMES) {
			const all = await n8n.executions(workflows[name].id);
			executions[name] = all.filter((e) => Boolean(e.stoppedAt) && e.status !== 'running');
		}
		const missing = missingItems(executions, due);
		if (!missing.length) return recordTiming(`kinds: ${what}`, Date.now() - started);
		if (Date.now() - started > timeoutMs)
			return harness.log(`${what}: still missing ${missing.join(', ')}`);
		await harness.sleep(3_000);
	}
}

/** A second for changes: at least `ageS` back, after `after`, at or after every saved position. */
async function changeSecond(ageS: number, saved: Record<string, Json>, after = 0) {
	const cursors = NAMES.map((name) => Number(saved[name].cursorSeconds));
	return Math.max((await calls.control.now()) - ageS, after + 1, ...cursors);
}

describe(`Trigger On: five kinds at once on one account, across a restart (n8n ${installedN8n().version})`, () => {
	const started = Date.now();
	let tickSecond = 0;

	beforeAll(async () => {
		standIn = await startStandIn({ seedTickets: 30 });
		calls = { control: harness.standInControl(standIn.url), kinds: kindsControl(standIn.url) };
		const { control } = calls;
		const credential = harness.apiTokenCredential({ name: 'Zendesk', baseUrl: standIn.url });
		const t0 = await control.now();
		const cron = cronFiringIn(t0, FIRST_TICK_AHEAD_S);
		tickSecond = cronSecond(cron);
		commentsFrom = t0 - 600;
		const before = await changesBeforePublishing(calls, t0);

		n8n = await newInstance('kinds');
		let t = Date.now();
		workflows.tickets = preTriggerOnWorkflow(credential, cron);
		await n8n.importCredentials([credential]);
		await n8n.importWorkflows([workflows.tickets]);
		await n8n.start();
		await n8n.ensureOwner();
		await n8n.ensureApiKey();
		recordTiming('kinds: import, n8n start until ready, owner, API key', Date.now() - t);
		Object.assign(workflows, kindWorkflows(credential, cron, commentsFrom));
		for (const name of NAMES) if (name !== 'tickets') await n8n.createWorkflow(workflows[name]);

		// 2. Publish all five at once; each activation poll saves a position.
		ticketSnapshots.push((await control.truth()).map(versionKey));
		publishedAt = await control.now();
		t = Date.now();
		const answers = await Promise.all(NAMES.map((name) => n8n.activate(workflows[name].id)));
		if (answers.some((x) => x.status !== 200))
			throw new Error(`publish: ${answers.map((x) => `${x.status} ${x.text}`).join(' | ')}`);
		for (const name of NAMES) {
			const deadline = Date.now() + 60_000;
			while (typeof (state.activation[name] = await staticData(name)).cursorSeconds !== 'number') {
				if (Date.now() > deadline) throw new Error(`${name}: no position saved at activation`);
				await harness.sleep(500);
			}
		}
		recordTiming('kinds: publish five workflows until every position is saved', Date.now() - t);

		// 3. Live changes, exportable no sooner than 10 s later, so one tick reads all of them.
		const at3 = await changeSecond(50, state.activation);
		const live = await liveChanges(calls, at3);
		adminUserId = live.admin;
		ticketSnapshots.push((await control.truth()).map(versionKey));
		await waitForEverythingOwed('live changes until emitted', 200_000);
		await harness.sleep(5_000); // the tick's other polls (with nothing new) save their position
		for (const name of NAMES) state.beforeStop[name] = await staticData(name);

		// 4. Stop n8n, change things while it is down, start it again.
		t = Date.now();
		await n8n.stop();
		restart.stoppedMs = Date.now();
		const at4 = await changeSecond(61, state.beforeStop, at3);
		await changesWhileDown(calls, at4, { ...before, ...live });
		ticketSnapshots.push((await control.truth()).map(versionKey));
		await n8n.start();
		recordTiming('kinds: stop, changes, start until ready', Date.now() - t);
		await waitForEverythingOwed('changes made while n8n was down until emitted', 200_000);
		restart.activated = logLineTimes(n8n.log(), ACTIVATED_LINE);
		const firstActivated = Math.min(...restart.activated);
		restart.firstTickMs = restart.activated.length ? nextTickAt(firstActivated, tickSecond) : 0;
		for (const name of NAMES) state.end[name] = await staticData(name);
	}, 14 * 60_000);

	afterAll(async () => {
		await n8n?.stop();
		await standIn?.close();
		harness.log(`n8n log: ${n8n?.logFile}`);
		recordTiming('kinds: whole file', Date.now() - started);
	});

	const clean = { twice: [], missing: [], unexpected: [] };
	const failed = (name: Name) => executions[name].filter((e) => e.status !== 'success');

	it('should emit every comment from the Start Date on exactly once, with its fields, ticket and author', () => {
		const due = commentsOwed(truth.events, commentsFrom);
		const items = itemsOf(executions.comments);
		expect(delivery(items.map(keyOf.comments), due.keys())).toEqual(clean);
		for (const item of items) {
			const row = due.get(keyOf.comments(item))!;
			const { ticket_id, author_id, audit_id, body } = row;
			expect(item).toMatchObject({ ticket_id, author_id, audit_id, body, public: row.public });
			expect(item.ticket).toMatchObject({ id: ticket_id });
			expect(item.author).toMatchObject({ id: author_id });
		}
		// Backfilled (two descriptions, a reply, a note), live and while n8n was down; one too old.
		expect(items.filter((i) => i.timestamp < publishedAt)).toHaveLength(4);
		expect(truth.events.comments.filter((c) => c.timestamp < commentsFrom)).toHaveLength(1);
		const who = new Set(items.map((i) => `${i.author.role} ${i.public ? 'reply' : 'note'}`));
		expect([...who].sort()).toEqual(['agent note', 'agent reply', 'end-user reply']);
		expect(failed('comments')).toEqual([]);
	});

	it('should emit each change of Status to solved once, creation included, and no other change', () => {
		const due = solvedOwed(truth.events, from('fieldChanges'));
		const items = itemsOf(executions.fieldChanges);
		expect(delivery(items.map(keyOf.fieldChanges), due.keys())).toEqual(clean);
		for (const item of items) {
			const row = due.get(keyOf.fieldChanges(item))!;
			const { ticket_id, previous_value } = row;
			expect(item).toMatchObject({ ticket_id, field: 'status', value: 'solved', previous_value });
			expect(item.change_type).toBe(row.event_type);
		}
		const changes = items.map((i) => `${i.change_type} ${i.previous_value}`);
		expect(changes.sort()).toEqual(['Change new', 'Change pending', 'Create null']);
		// Solved before publishing (Start From now), and changes to other values, were not owed.
		const status = truth.events.changes.filter((ch) => ch.field === 'status');
		const notOwed = status.filter((ch) => (ch.value === 'solved') === ch.timestamp < publishedAt);
		expect(notOwed.map((ch) => `${ch.event_type} ${ch.value}`).sort()).toEqual([
			'Change open',
			'Change open',
			'Change pending',
			'Change solved',
			'Create new',
			'Create new',
		]);
		expect(failed('fieldChanges')).toEqual([]);
	});

	it('should emit every version of every user changed after publishing once, leaving out the admin (Roles)', () => {
		const due = versionsOwed(truth.users, from('users'), [adminUserId]);
		const items = itemsOf(executions.users);
		expect(delivery(items.map(keyOf.users), due)).toEqual(clean);
		expect(due).toHaveLength(5);
		expect(versionsOwed(truth.users, from('users'))).toHaveLength(6);
		expect(items.every((i) => i.role === 'end-user' && typeof i.email === 'string')).toBe(true);
		expect(failed('users')).toEqual([]);
	});

	it('should emit every version of every organization changed after publishing once', () => {
		const due = versionsOwed(truth.organizations, from('organizations'));
		const items = itemsOf(executions.organizations);
		expect(delivery(items.map(keyOf.organizations), due)).toEqual(clean);
		expect(due).toHaveLength(3);
		expect(items.some((i) => i.id === 3002)).toBe(false);
		expect(failed('organizations')).toEqual([]);
	});

	it('should keep a ticket workflow saved before Trigger On emitting tickets once each, on its old cursor key', async () => {
		// n8n kept the file's parameters: no triggerOn, so the node's default (tickets) applies.
		const storedParameters = (await n8n.getWorkflow(workflows.tickets.id)).nodes[0].parameters;
		expect(storedParameters).not.toHaveProperty('triggerOn');
		const startDate = PRE_TRIGGER_ON_START_DATE;
		expect(storedParameters).toMatchObject({ startFrom: 'date', startDate });
		// The key a version without Trigger On wrote, so a cursor it saved carries on; unchanged.
		const configKey = String(state.activation.tickets.configKey);
		const origin = expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(JSON.parse(configKey)).toEqual([origin, 'date', PRE_TRIGGER_ON_START_DATE]);
		expect(state.end.tickets.configKey).toBe(configKey);
		const items = itemsOf(executions.tickets);
		const keys = items.map(keyOf.tickets);
		expect(delivery(keys, ticketSnapshots.flat())).toEqual(clean);
		// What existed before publishing came once (at the first tick), never again after the restart.
		const before = new Set(ticketSnapshots[0]);
		expect(before.size).toBe(33);
		expect(keys.filter((k) => before.has(k))).toHaveLength(before.size);
		// Saved before Simplify existed, so it has the node's default now: flat, simplified items.
		expect(items.every((i) => /@example\.(org|com)$/.test(i.requester_email))).toBe(true);
		expect(failed('tickets')).toEqual([]);
	});

	it('should carry every trigger on from its saved position after the restart, no request before the first tick', async () => {
		expect(restart.activated).toHaveLength(NAMES.length);
		const after = (await calls.control.requests()).filter(
			(q) => Date.parse(q.at) >= restart.stoppedMs,
		);
		expect(after.filter((q) => Date.parse(q.at) < restart.firstTickMs - 1000)).toEqual([]);
		for (const name of NAMES) {
			expect(state.end[name].configKey).toBe(state.activation[name].configKey);
			const resumedAt = after.find(requestOf[name])?.query.start_time;
			expect([name, resumedAt]).toEqual([name, String(state.beforeStop[name].cursorSeconds)]);
			const [stopped, end] = [state.beforeStop[name], state.end[name]].map((s) => s.cursorSeconds);
			expect(end).toBeGreaterThan(stopped);
		}
	});

	it('should share the account’s export budget: no 429, only the requests the triggers need, all 200', async () => {
		const requests = await calls.control.requests();
		const stats = (await calls.control.stats()) as { served429: number };
		harness.log(`stand-in: ${JSON.stringify(stats)}; requests:\n${requestLines(requests)}`);
		expect(stats.served429).toBe(0);
		expect(requests.filter((q) => !SCRIPTED.includes(q.endpoint) || q.status !== 200)).toEqual([]);
		expect(new Set(requests.map((q) => q.user))).toEqual(new Set(['admin@example.com']));
		for (const name of NAMES) expect([name, requests.some(requestOf[name])]).toEqual([name, true]);
	});
});
