/**
 * Queue mode, for real: a private Postgres and Redis, n8n 2.41 as main with EXECUTIONS_MODE=queue
 * and two `n8n worker`s (scripts/lib/queue-stack.js), polling the stand-in.
 *
 * 20,000 seeded tickets read from a Start Date 31 days back, at most 5000 a poll, while tickets keep
 * changing. A Wait node holds each execution 25 s on its worker, so there is time to kill one. The
 * main is SIGKILLed twice at random moments (E2E_QUEUE_SEED=<the logged seed> replays them) and
 * started again; one worker is SIGKILLed while it runs an execution, and started again.
 * Then, against the stand-in's truth: every final version came out once (the killed execution's
 * items counted as emitted), nothing twice, every other execution succeeded, and the cursor in
 * Postgres is where it should be and never stepped back. What n8n did with the killed execution
 * (status over time, retried or not, items kept or not, a manual Retry) goes to .e2e/queue/report.json.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { QueueStack } from '../../scripts/lib/queue-stack';
import { startStandIn, type StandIn } from '../zendesk-stand-in/server';
import {
	TRIGGER,
	cronFiringIn,
	duplicates,
	harness,
	installedN8n,
	recordTiming,
	runDir,
	tarball,
	versionKey,
	waitFor,
	type TicketVersion,
} from '../e2e/support';
import { Churn, CursorWatch } from './queue-churn';
import {
	TERMINAL_STATUSES,
	backfillWorkflow,
	executionRows,
	followKilledExecution,
	killMainAfter,
	killWorkerInExecution,
	describeKilled,
	retryByHand,
	ticketKeysInRecord,
	seededRandom,
	storedCursor,
	type ExecutionRow,
} from './queue-support';

const n8nInfo = installedN8n();
const SEEDED = 20_000;
const MAX_PER_POLL = 5000;
const HOLD_SECONDS = 25;
const SEED = Number(process.env.E2E_QUEUE_SEED) || Math.floor(Math.random() * 2 ** 31);
const random = seededRandom(SEED); // kill moments; the churn running alongside has its own
const churnRandom = seededRandom(SEED + 1);

describe(`Zendesk Export Trigger in n8n ${n8nInfo.version} queue mode (Postgres, Redis, a main, two workers)`, () => {
	let stack: QueueStack;
	let standIn: StandIn;
	let control: harness.StandInControl;
	let workflow: harness.WorkflowDoc;
	let churn: Churn;
	let watch: CursorWatch;
	let truth: Array<{ id: number; generated_timestamp: number }> = [];
	let executions: harness.Execution[] = [];
	let rows: ExecutionRow[] = [];
	let keptInRecord = new Set<string>();
	let killed: { executionId: string; worker: number; items: TicketVersion[]; status?: string };
	const report: Record<string, unknown> = { seed: SEED, mainKills: [] };
	const started = Date.now();

	afterAll(async () => {
		await churn?.stop();
		watch?.stop();
		await stack?.stop();
		await standIn?.close();
		fs.writeFileSync(path.join(runDir(), 'report.json'), JSON.stringify(report, null, 2));
		harness.log(`report: ${path.join(runDir(), 'report.json')}; logs in ${stack?.baseDir}`);
		recordTiming('queue: whole file', Date.now() - started);
	});

	/** SIGKILL the main after a random 0–60 s (a whole tick cycle), and start it again. */
	async function killMainAtRandom(label: string): Promise<void> {
		const kill = await killMainAfter(stack, control, workflow.id, Math.round(random() * 60_000));
		(report.mainKills as unknown[]).push({ label, ...kill });
		harness.log(`main SIGKILLed (${label}, seed ${SEED}) ${JSON.stringify(kill)}; up again`);
	}

	it('should run Postgres, Redis, a queue-mode main and two workers, and publish a 20,000-ticket backfill', async () => {
		standIn = await startStandIn({ seedTickets: SEEDED, perPageMax: 1000, descriptionBytes: 100 });
		control = harness.standInControl(standIn.url);
		const credential = harness.apiTokenCredential({ name: 'admin token', baseUrl: standIn.url });
		stack = new QueueStack({ n8n: n8nInfo, baseDir: path.join(runDir(), 'stack') });
		const t = Date.now();
		await stack.startServices();
		const main = await stack.prepareN8n(tarball());
		await main.importCredentials([credential]);
		await stack.startN8n();
		await main.ensureOwner();
		await main.ensureApiKey();
		recordTiming('queue: Postgres, Redis, main and two workers ready', Date.now() - t);

		const now = await control.now();
		const startSeconds = now - 31 * 86_400;
		workflow = backfillWorkflow({
			credential,
			cron: cronFiringIn(now, 45),
			startSeconds,
			maxPerPoll: MAX_PER_POLL,
			holdSeconds: HOLD_SECONDS,
		});
		await main.createWorkflow(workflow);
		expect((await main.activate(workflow.id)).status).toBe(200);
		const saved = await waitFor(
			'the activation poll to save the cursor in Postgres',
			async () => {
				const cursor = await storedCursor(stack, workflow.id);
				return typeof cursor?.cursorSeconds === 'number' ? cursor : null;
			},
			{ timeoutMs: 60_000, intervalMs: 500 },
		);
		expect(saved.cursorSeconds).toBe(startSeconds);
		watch = new CursorWatch(stack, workflow.id);
		watch.start();
		churn = new Churn(control, churnRandom, SEEDED);
		churn.start();
	});

	it('should read the backfill with live churn through two main SIGKILLs and one worker SIGKILL mid-execution', async () => {
		const main = stack.main!;
		const t = Date.now();
		await waitFor(
			'the first tick’s execution',
			async () => (await executionRows(stack, workflow.id)).length > 0,
			{ timeoutMs: 180_000, intervalMs: 1000 },
		);
		await killMainAtRandom('first');

		// A worker killed inside an execution: the Wait node keeps each one running for 25 s.
		const victim = await killWorkerInExecution(stack, workflow.id, 1000 + random() * 6000);
		killed = victim;
		harness.log(
			`worker ${victim.worker + 1} SIGKILLed in execution ${victim.executionId} (${victim.statusAtKill}, ${victim.items.length} items)`,
		);
		expect(victim.statusAtKill).toBe('running');
		expect(victim.items.length).toBeGreaterThan(0);
		await harness.sleep(5000);
		await stack.workers[victim.worker].start();

		// What n8n does with it, step by step, until Bull no longer holds the job as active and the
		// status has stayed put for 45 s (the main rechecks a stalled job's execution for 30 s).
		const timeline = await followKilledExecution(
			stack,
			workflow.id,
			victim.executionId,
			victim.jobId,
			victim.killedAt,
		);
		killed.status = timeline[timeline.length - 1].status;
		report.killedExecution = describeKilled(stack, victim, timeline);
		harness.log(`killed execution: ${JSON.stringify(report.killedExecution)}`);

		await killMainAtRandom('second');
		await harness.sleep(15_000);
		await churn.stop();
		report.churn = churn.counts;

		// Everything drains: the cursor in Postgres passes the newest change and nothing runs.
		truth = await control.truth();
		const newest = Math.max(...truth.map((row) => row.generated_timestamp));
		await waitFor(
			'the cursor in Postgres to reach the newest change',
			async () => ((await storedCursor(stack, workflow.id))?.cursorSeconds ?? 0) >= newest,
			{ timeoutMs: 420_000, intervalMs: 3000 },
		);
		await waitFor(
			'every execution to finish',
			async () =>
				(await executionRows(stack, workflow.id)).every((r) => TERMINAL_STATUSES.has(r.status)),
			{ timeoutMs: 180_000, intervalMs: 2000 },
		);
		// One more tick: nothing new, nothing repeated.
		const count = (await executionRows(stack, workflow.id)).length;
		await harness.sleep(70_000);
		rows = await executionRows(stack, workflow.id);
		expect(rows.length).toBe(count);
		executions = await main.executions(workflow.id);
		recordTiming('queue: publish to drained', Date.now() - t);
	});

	it('should emit every final version exactly once and nothing twice', () => {
		const emitted = executions
			.filter((e) => e.id !== killed.executionId)
			.flatMap((e) => harness.triggerItems(e, TRIGGER) as TicketVersion[])
			.concat(killed.items);
		const keys = emitted.map(versionKey);
		const got = new Set(keys);
		const missing = truth.map(versionKey).filter((key) => !got.has(key));
		const finalKeys = new Set(truth.map(versionKey));
		const extra = emitted.filter((ticket) => !finalKeys.has(versionKey(ticket)));
		report.items = {
			executions: rows.map((r) => `${r.id}:${r.status}`).join(' '),
			emitted: keys.length,
			finalVersions: truth.length,
			earlierVersionsOfChurnedTickets: extra.length,
			duplicates: duplicates(keys).length,
			missing: missing.length,
		};
		harness.log(`items: ${JSON.stringify(report.items)}`);
		expect(duplicates(keys)).toEqual([]);
		expect(missing).toEqual([]);
		expect(extra.every((ticket) => churn.touched.has(ticket.id))).toBe(true);
		expect(rows.filter((r) => r.id !== killed.executionId).map((r) => r.status)).toEqual(
			rows.filter((r) => r.id !== killed.executionId).map(() => 'success'),
		);
	});

	it('should show what n8n did with the execution whose worker died: failed, not retried, its items not delivered', () => {
		const record = executions.find((e) => e.id === killed.executionId);
		keptInRecord = ticketKeysInRecord(record);
		const inRunData = record
			? (harness.triggerItems(record, TRIGGER) as TicketVersion[]).filter((item) =>
					Number.isFinite(Number(item?.generated_timestamp)),
				).length
			: -1;
		const error = record ? harness.executionError(record) : null;
		const killedKeys = new Set(killed.items.map(versionKey));
		const elsewhere = executions
			.filter((e) => e.id !== killed.executionId)
			.flatMap((e) => harness.triggerItems(e, TRIGGER) as TicketVersion[])
			.filter((ticket) => killedKeys.has(versionKey(ticket)));
		const finalKeys = new Set(truth.map(versionKey));
		const lostFinal = [...killedKeys].filter((key) => finalKeys.has(key)).length;
		const retries = rows.filter((r) => r.retryOf === killed.executionId);
		Object.assign(report.killedExecution as object, {
			finalStatus: rows.find((r) => r.id === killed.executionId)?.status,
			ticketItemsInTriggerRunDataAfter: inRunData,
			ticketItemsAnywhereInRecordAfter: keptInRecord.size,
			error,
			retries: retries.length,
			itemsInOtherExecutions: elsewhere.length,
			finalVersionsOnlyThere: lostFinal,
		});
		harness.log(`killed execution: ${JSON.stringify(report.killedExecution)}`);
		expect(['error', 'crashed']).toContain(killed.status);
		expect(rows.find((r) => r.id === killed.executionId)?.status).toBe(killed.status);
		expect(inRunData).toBe(0);
		expect(retries).toEqual([]);
		expect(elsewhere).toEqual([]);
	});

	it('should keep the cursor in Postgres where it belongs: behind now − 61 s, past every emitted change, never back', async () => {
		const cursor = (await storedCursor(stack, workflow.id))!;
		const now = await control.now();
		const newest = Math.max(...truth.map((row) => row.generated_timestamp));
		const atCursor = truth.filter((row) => row.generated_timestamp === cursor.cursorSeconds);
		report.cursor = {
			cursorSeconds: cursor.cursorSeconds,
			standInNow: now,
			secondsBehindNow: now - cursor.cursorSeconds,
			newestFinalVersion: newest,
			boundaryKeys: cursor.boundaryKeys.length,
			versionsAtCursorSecond: atCursor.length,
			catchingUp: cursor.catchingUp,
			samples: watch.samples.length,
			distinctValues: watch.distinct(),
			backwardSteps: watch.backwardSteps(),
		};
		harness.log(`cursor: ${JSON.stringify(report.cursor)}`);
		expect(cursor.cursorSeconds).toBeLessThanOrEqual(now - 61);
		expect(cursor.cursorSeconds).toBeGreaterThanOrEqual(newest);
		expect(cursor.catchingUp).toBe(false);
		for (const row of atCursor) expect(cursor.boundaryKeys).toContain(versionKey(row));
		expect(watch.backwardSteps()).toEqual([]);
		expect(watch.distinct()).toBeGreaterThan(3);
	});

	it('should poll on the main only: workers run the executions and never the poll', () => {
		const mainLog = stack.main!.log();
		expect(mainLog).toMatch(/Enqueued execution \d+ \(job \d+\)/);
		expect(mainLog).toMatch(/Zendesk Export Trigger: poll finished/);
		for (const w of stack.workers) expect(w.log()).not.toMatch(/Zendesk Export Trigger:/);
		const ran = rows.map((r) => stack.workerRunning(r.id));
		report.executionsPerWorker = [1, 2].map((n) => ran.filter((w) => w === n - 1).length);
		expect(ran.every((w) => w >= 0)).toBe(true);
	});

	it('should show what Retry in the Executions list does with it', async () => {
		const retry = await retryByHand(stack, workflow.id, killed.executionId);
		const killedKeys = new Set(killed.items.map(versionKey));
		const brought = retry.ticketVersions.filter((key) => killedKeys.has(key)).length;
		report.manualRetry = { ...retry, ticketVersions: retry.ticketVersions.length, brought };
		report.standIn = await control.stats();
		harness.log(`manual retry: ${JSON.stringify(report.manualRetry)}`);
		// Retry brings back exactly the tickets the failed record still holds: none once the main
		// replaced its data with the stalled-job error.
		expect(brought).toBe([...keptInRecord].filter((key) => killedKeys.has(key)).length);
		expect(retry.ticketVersions.length).toBe(brought);
	});
});
