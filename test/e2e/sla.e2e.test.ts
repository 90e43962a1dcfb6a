/**
 * SLA Breached in a real n8n, one start and one restart, against the stand-in's ticket metric
 * events (its defaults: a breach is written when the SLA is applied, with its time ahead, and a
 * target met in time flips it to `deleted` where it is listed).
 *
 * Right after Publish, three SLAs are applied at the trigger's saved position: A breaches a few
 * seconds later, B is met before its breach time (withdrawn), C breaches after what the first tick
 * can read, so the trigger holds it. n8n's own clock decides what a poll may read (the export
 * withholds the last minute), so the stand-in's clock control cannot hurry it: the events are
 * dated just after the position instead, and the cron's second puts the first tick just past A.
 * First tick: A, held C. n8n is stopped and started. Next tick: C. B never, nothing twice.
 */
import { startStandIn, type StandIn } from '../zendesk-stand-in/server';
import {
	TRIGGER,
	cronSecond,
	harness,
	installedN8n,
	newInstance,
	nextTickAt,
	recordTiming,
	waitFor,
} from './support';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

/** n8n's start and Publish take about 40 s; the first tick comes this long after the cron is set. */
const FIRST_TICK_AHEAD_S = 75;
/** What a poll at second k may read: the export withholds the last minute. */
const WITHHELD_S = 60;
/** The requests SLA Breached may make: the metric events export only. */
const SCRIPTED = ['ticket_metric_events'];

let n8n: harness.N8nInstance;
let standIn: StandIn;
let control: harness.StandInControl;
let workflow: harness.WorkflowDoc;
/** The position saved at Publish, the first tick's second and when n8n was up again. */
let positionSeconds = 0;
const ticks = { first: 0, restartedMs: 0 };
const applied = {} as Record<'a' | 'b' | 'c', Json>;
let withdrawn: number[] = [];
const state = { afterFirst: {} as Json, end: {} as Json };
const items = { first: [] as Json[], all: [] as Json[] };
let truth: Json = {};
let executions: harness.Execution[] = [];

const call = (method: string, urlPath: string, body?: unknown) =>
	(
		harness.standInControl(standIn.url) as {
			call: (m: string, p: string, b?: unknown) => Promise<Json>;
		}
	).call(method, urlPath, body);
const staticData = async () => (await n8n.nodeStaticData(workflow.id, TRIGGER)) ?? {};

/** Finished executions and their items, once at least `count` items came. */
async function waitForItems(count: number, what: string): Promise<Json[]> {
	const started = Date.now();
	const found = await waitFor(
		what,
		async () => {
			const all = await n8n.executions(workflow.id);
			executions = all.filter((e) => Boolean(e.stoppedAt) && e.status !== 'running');
			const got = executions.flatMap((e) => harness.triggerItems(e, TRIGGER) as Json[]);
			return got.length >= count ? got : null;
		},
		{ timeoutMs: 200_000, intervalMs: 2_000 },
	);
	recordTiming(`sla: ${what}`, Date.now() - started);
	return found;
}

/** The saved state once `ready` says the poll of interest wrote it. */
async function savedWhen(what: string, ready: (saved: Json) => boolean): Promise<Json> {
	return await waitFor(
		what,
		async () => {
			const saved = await staticData();
			return ready(saved) ? saved : null;
		},
		{ timeoutMs: 30_000, intervalMs: 500 },
	);
}
const heldOf = (saved: Json) => saved.held?.held as Json[] | undefined;

describe(`SLA Breached in n8n ${installedN8n().version}: a breach once, a met target never, across a restart`, () => {
	const started = Date.now();

	beforeAll(async () => {
		standIn = await startStandIn({ seedTickets: 3 });
		control = harness.standInControl(standIn.url);
		const credential = harness.apiTokenCredential({ name: 'Zendesk', baseUrl: standIn.url });

		n8n = await newInstance('sla');
		let t = Date.now();
		await n8n.importCredentials([credential]);
		await n8n.start();
		await n8n.ensureOwner();
		await n8n.ensureApiKey();
		recordTiming('sla: n8n start until ready, owner, API key', Date.now() - t);

		const now = await control.now();
		const cron = harness.cronAtSecond(now + FIRST_TICK_AHEAD_S);
		workflow = harness.triggerWorkflow({
			name: 'SLA Breached',
			credential,
			cron,
			parameters: { triggerOn: 'slaBreaches', simplify: false, slaMetrics: [] },
		});
		const trigger = workflow.nodes[0].parameters as Json;
		delete trigger.event;
		delete trigger.options;
		await n8n.createWorkflow(workflow);

		t = Date.now();
		const answer = await n8n.activate(workflow.id);
		if (answer.status !== 200) throw new Error(`publish: ${answer.status} ${answer.text}`);
		const saved = await waitFor('a position saved at Publish', async () => {
			const s = await staticData();
			return typeof s.cursorSeconds === 'number' ? s : null;
		});
		positionSeconds = saved.cursorSeconds as number;
		recordTiming('sla: publish until the position is saved', Date.now() - t);

		// The first tick that can read past A's breach; it reads up to first − 60.
		ticks.first = nextTickAt((positionSeconds + WITHHELD_S + 6) * 1000, cronSecond(cron)) / 1000;
		const readsUpTo = ticks.first - WITHHELD_S;
		const at = positionSeconds + 1;
		const apply = async (ticketId: number, breachAt: number) =>
			await call('POST', '/sla/apply', {
				ticketId,
				metric: 'reply_time',
				policyTitle: `Policy ${ticketId}`,
				targetMinutes: (breachAt - at) / 60,
				atSeconds: at,
			});
		applied.a = await apply(1, at + 4);
		// B breaches with A, so the first tick would emit it too, had its target not been met first.
		applied.b = await apply(2, at + 4);
		applied.c = await apply(3, readsUpTo + 25);
		({ withdrawn } = (await call('POST', '/sla/fulfil', {
			ticketId: 2,
			metric: 'reply_time',
			atSeconds: at + 2,
		})) as { withdrawn: number[] });

		// 1. The first tick: A, and C held.
		items.first = await waitForItems(1, 'the first breach until emitted');
		state.afterFirst = await savedWhen('the first tick saved', (s) => Array.isArray(heldOf(s)));

		// 2. Restart: the held breach must survive in the saved state.
		t = Date.now();
		await n8n.stop();
		await n8n.start();
		recordTiming('sla: stop and start until ready', Date.now() - t);
		ticks.restartedMs = Date.now();
		items.all = await waitForItems(2, 'the held breach until emitted after the restart');
		state.end = await savedWhen('the held breach released', (s) => heldOf(s)?.length === 0);
		truth = await call('GET', '/sla/truth');
	}, 10 * 60_000);

	afterAll(async () => {
		await n8n?.stop();
		await standIn?.close();
		harness.log(`n8n log: ${n8n?.logFile}`);
		recordTiming('sla: whole file', Date.now() - started);
	});

	const ids = (list: Json[]) => list.map((i) => i.id as number);

	it('should have applied the SLAs the scenario needs, B met in time', () => {
		expect(applied.b.breachAtSeconds).toBeLessThan(ticks.first - WITHHELD_S);
		expect(applied.c.breachAtSeconds).toBeGreaterThanOrEqual(ticks.first - WITHHELD_S);
		expect(withdrawn).toEqual([applied.b.breachEventId]);
	});

	it('should emit the breach whose time passed at the first tick, alone', () => {
		expect(ids(items.first)).toEqual([applied.a.breachEventId]);
		expect(items.first[0]).toMatchObject({
			ticket_id: 1,
			metric: 'reply_time',
			instance_id: 1,
			type: 'breach',
			deleted: false,
			time: new Date(applied.a.breachAtSeconds * 1000).toISOString(),
			sla_policy_title: 'Policy 1',
		});
	});

	it('should hold the breach still ahead in the saved state across the restart', () => {
		const held = heldOf(state.afterFirst) ?? [];
		expect(held.map((h) => h.eventId)).toEqual([String(applied.c.breachEventId)]);
		expect(heldOf(state.end)).toEqual([]);
		const after = executions.filter((e) => Date.parse(e.startedAt) >= ticks.restartedMs);
		const emittedAfter = after.flatMap((e) => harness.triggerItems(e, TRIGGER) as Json[]);
		expect(ids(emittedAfter)).toEqual([applied.c.breachEventId]);
	});

	it('should emit every breach that stands exactly once and never the withdrawn one', () => {
		const happened = ids(truth.happened as Json[]);
		expect(happened.sort()).toEqual([applied.a.breachEventId, applied.c.breachEventId].sort());
		expect(ids(truth.withdrawn as Json[])).toEqual([applied.b.breachEventId]);
		expect(ids(items.all).sort()).toEqual(happened);
		expect(ids(items.all)).not.toContain(applied.b.breachEventId);
		expect(items.all.find((i) => i.ticket_id === 3)).toMatchObject({
			sla_policy_title: 'Policy 3',
		});
		expect(executions.filter((e) => e.status !== 'success')).toEqual([]);
	});

	it('should ask Zendesk only for the metric events export, as an admin, all answered 200', async () => {
		const requests = await control.requests();
		const stats = (await control.stats()) as { served429: number };
		harness.log(
			`stand-in: ${JSON.stringify(stats)}; requests:\n${requests
				.map((q) => `${q.at.slice(11, 19)} ${q.status} ${q.endpoint} ${q.query.start_time}`)
				.join('\n')}`,
		);
		expect(stats.served429).toBe(0);
		expect(requests.filter((q) => !SCRIPTED.includes(q.endpoint) || q.status !== 200)).toEqual([]);
		expect(new Set(requests.map((q) => q.user))).toEqual(new Set(['admin@example.com']));
	});
});
