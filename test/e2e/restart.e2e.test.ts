/**
 * A big backlog, published through the API, then read across several ticks with n8n killed
 * (SIGKILL, no shutdown) in the middle of one and started again.
 *
 * 6000 seeded tickets, Start From = a date 40 days back, pages of 500 (the stand-in's per_page
 * cap), at most 2500 tickets per poll.
 * 1. Publish answers fast: the activation poll sends one export request (the access check, at
 *    now − 61 s), saves the cursor at the Start Date and emits nothing; the backlog waits for the
 *    first tick, which emits the first 2500 or so (the cap is checked after each page: ~3000 here).
 * 2. The second tick is killed after its first page (each page is slowed to 4 s so the kill lands
 *    inside the poll); tickets change while n8n is down.
 * 3. n8n starts again: its activation poll ("init", a saved position) sends no request; the ticks
 *    after it read on from the cursor the first tick saved. Every ticket's final version comes out
 *    exactly once, no version twice.
 */
import { startStandIn, type StandIn } from '../zendesk-stand-in/server';
import {
	TRIGGER,
	cronFiringIn,
	cronSecond,
	duplicates,
	emittedItems,
	exportRequests,
	harness,
	installedN8n,
	logLineTime,
	newInstance,
	nextTickAt,
	publishAndMeasure,
	recordTiming,
	versionKey,
	waitFor,
} from './support';

const n8nInfo = installedN8n();
const SEEDED = 6000;
const PER_PAGE = 500;
const MAX_PER_POLL = 2500;
const PAGE_DELAY_MS = 4000;
const ACTIVATED_LINE = /Zendesk Export Trigger: activated; reading resumes at the first tick/;

describe(`Zendesk Export Trigger with a big backlog and an n8n crash (n8n ${n8nInfo.version})`, () => {
	let n8n: harness.N8nInstance;
	let standIn: StandIn;
	let control: harness.StandInControl;
	let workflow: harness.WorkflowDoc;
	let tickSecond = 0;
	let startSeconds = 0;
	let cursorAfterFirstTick = 0;
	const started = Date.now();

	afterAll(async () => {
		await n8n?.stop();
		await standIn?.close();
		harness.log(`n8n log: ${n8n?.logFile}`);
		recordTiming('restart: whole file', Date.now() - started);
	});

	it('should publish fast with 6000 tickets to read: one export request (the access check), the backlog at the ticks', async () => {
		// 30 export requests a minute (Zendesk's High Volume add-on) so the replayed pages fit.
		standIn = await startStandIn({
			seedTickets: SEEDED,
			perPageMax: PER_PAGE,
			exportLimitPerWindow: 30,
		});
		control = harness.standInControl(standIn.url);
		const credential = harness.apiTokenCredential({ name: 'admin token', baseUrl: standIn.url });

		n8n = await newInstance('restart');
		await n8n.importCredentials([credential]);
		let t = Date.now();
		await n8n.start();
		await n8n.ensureOwner();
		await n8n.ensureApiKey();
		recordTiming('restart: first start until ready', Date.now() - t);

		const now = await control.now();
		startSeconds = now - 40 * 86_400;
		// 45 s after Publish: n8n 2.x's publication outbox takes up to 15 s to activate.
		const cron = cronFiringIn(now, 45);
		tickSecond = cronSecond(cron);
		workflow = harness.triggerWorkflow({
			name: 'backlog across a crash',
			credential,
			cron,
			parameters: {
				startFrom: 'date',
				startDate: new Date(startSeconds * 1000).toISOString(),
				options: { maxTicketsPerPoll: MAX_PER_POLL },
			},
		});
		await n8n.createWorkflow(workflow);
		const before = (await control.requests()).length;

		// 1. Publish, timed the way the editor waits for it.
		const publish = await publishAndMeasure(n8n, workflow.id);
		recordTiming('restart: Publish with a 6000-ticket backlog, activate call', publish.activateMs);
		recordTiming('restart: Publish with a 6000-ticket backlog, until settled', publish.settledMs);
		expect(publish.answer.status).toBe(200);
		expect(publish.status === '200' || publish.status === 'published').toBe(true);
		expect(publish.activateMs).toBeLessThan(10_000);
		expect(publish.settledMs).toBeLessThan(30_000);
		const saved = await waitFor(
			'the activation poll to save the cursor',
			async () => {
				const data = await n8n.nodeStaticData(workflow.id, TRIGGER);
				return typeof data?.cursorSeconds === 'number' ? data : null;
			},
			{ timeoutMs: 30_000, intervalMs: 500 },
		);
		expect(saved.cursorSeconds).toBe(startSeconds);

		// 2. The first tick emits the first tickets, at most MAX_PER_POLL.
		const first = await waitFor(
			'the first tick’s execution',
			async () => {
				const executions = await n8n.executions(workflow.id);
				return executions.length >= 1 && executions.every((e) => e.finished) ? executions : null;
			},
			{ timeoutMs: 150_000, intervalMs: 2_000 },
		);
		const sinceBefore = exportRequests((await control.requests()).slice(before));
		const check = sinceBefore[0];
		const firstTickAt = nextTickAt(Date.parse(check.at), tickSecond);
		const beforeTick = sinceBefore.filter((q) => Date.parse(q.at) < firstTickAt);
		harness.log(
			`Publish: activate ${publish.activateMs} ms, settled ${publish.settledMs} ms; export requests before the first tick: ${JSON.stringify(beforeTick)}`,
		);
		// Exactly one request before the first tick: the access check, not the start of a backfill.
		expect(beforeTick).toHaveLength(1);
		expect(check.status).toBe(200);
		expect(
			Math.abs(Number(check.query.start_time) - (Date.parse(check.at) / 1000 - 61)),
		).toBeLessThanOrEqual(5);
		// The tick starts reading at the Start Date.
		const tickFirst = sinceBefore[1];
		expect(Date.parse(tickFirst.at)).toBeGreaterThanOrEqual(firstTickAt - 1000);
		expect(Number(tickFirst.query.start_time)).toBe(startSeconds);
		expect(Date.parse(first[0].startedAt)).toBeGreaterThanOrEqual(firstTickAt - 1000);
		const firstCount = emittedItems(first).length;
		// At most MAX_PER_POLL, and no page fewer than that allows.
		expect(firstCount).toBeLessThanOrEqual(MAX_PER_POLL);
		expect(firstCount).toBeGreaterThan(MAX_PER_POLL - PER_PAGE);
		cursorAfterFirstTick = Number((await n8n.nodeStaticData(workflow.id, TRIGGER))?.cursorSeconds);
		expect(cursorAfterFirstTick).toBeGreaterThan(startSeconds);
	});

	it('should emit every ticket’s final version exactly once across a SIGKILL in the middle of a backfill', async () => {
		expect(cursorAfterFirstTick).toBeGreaterThan(0);
		// 3. Slow every page down, wait until the next tick has read its first page, and kill n8n while
		//    it waits for the second.
		const requestsBefore = (await control.requests()).length;
		await control.faults([
			{ kind: 'delay', delayMs: PAGE_DELAY_MS, pathContains: 'incremental', count: 20 },
		]);
		const inFlight = await waitFor(
			'the next tick to be inside its second page',
			async () => {
				const tickRequests = (await control.requests()).slice(requestsBefore);
				const done = tickRequests.filter((q) => q.status === 200);
				const pending = tickRequests.filter((q) => q.status === 0);
				return done.length >= 1 && pending.length === 1 ? tickRequests : null;
			},
			{ timeoutMs: 150_000, intervalMs: 200 },
		);
		let t = Date.now();
		await n8n.kill('SIGKILL');
		const killedAt = Date.now();
		const requestsAtKill = (await control.requests()).length;
		await control.clearFaults();
		harness.log(`SIGKILLed n8n during page ${inFlight.length} of a tick`);
		const afterKill = await n8n.executions(workflow.id).catch(() => null);
		expect(afterKill).toBeNull(); // it is down

		// 4. While n8n is down, tickets keep changing: some already emitted, some not yet, some new.
		const at = (await control.now()) - 61;
		const changed = [1, 2, 3, 2600, 2601, 5999, 6000];
		for (const id of changed)
			await control.updateTicket(id, { fields: { status: 'solved' }, atSeconds: at });
		await control.deleteTicket(4, { atSeconds: at });
		const created = await control.createTickets({ count: 20, atSeconds: at });

		// 5. Start again. The activation poll finds the saved position and sends nothing.
		await n8n.start();
		recordTiming('restart: SIGKILL to ready again', Date.now() - t);
		const activatedAt = await waitFor(
			'the activation poll after the restart (its debug line)',
			async () => logLineTime(n8n.log(), ACTIVATED_LINE),
			{ timeoutMs: 60_000, intervalMs: 500 },
		);
		const tickAfterRestart = nextTickAt(activatedAt, tickSecond);
		harness.log(
			`killed at ${new Date(killedAt).toISOString()}, re-activated at ${new Date(activatedAt).toISOString()}, next tick ${new Date(tickAfterRestart).toISOString()}`,
		);

		const truth = await control.truth();
		const finalKeys = new Set(truth.map(versionKey));
		const executions = await waitFor(
			'every final version to be emitted',
			async () => {
				const all = await n8n.executions(workflow.id);
				const got = new Set(emittedItems(all).map((i) => versionKey(i.ticket)));
				return [...finalKeys].every((k) => got.has(k)) && all.every((e) => e.finished) ? all : null;
			},
			{ timeoutMs: 300_000, intervalMs: 3_000 },
		);
		const afterRestart = exportRequests((await control.requests()).slice(requestsAtKill));
		// Nothing between the kill and the first tick after the restart: the activation poll sent no
		// request, and the first one the tick sent resumes where the first tick left off.
		expect(afterRestart.filter((q) => Date.parse(q.at) < tickAfterRestart - 1000)).toEqual([]);
		expect(Number(afterRestart[0]?.query.start_time)).toBe(cursorAfterFirstTick);

		// 6. One more tick: nothing new, nothing repeated.
		await harness.sleep(65_000);
		const final = await n8n.executions(workflow.id);
		expect(final.length).toBe(executions.length);

		const items = emittedItems(final);
		const keys = items.map((i) => versionKey(i.ticket));
		harness.log(
			`executions: ${final.map((e) => `${e.id}:${e.status}:${harness.triggerItems(e, TRIGGER).length}`).join(' ')}; items ${items.length}; tickets ${truth.length}`,
		);
		expect(duplicates(keys)).toEqual([]);
		for (const key of finalKeys) expect(keys).toContain(key);
		// Everything emitted is a real version: the final one, or an earlier one of a ticket changed later.
		const changedIds = new Set([...changed, 4]);
		const extra = items.filter((i) => !finalKeys.has(versionKey(i.ticket)));
		expect(extra.every((i) => changedIds.has(i.ticket.id))).toBe(true);
		expect(items.length).toBe(truth.length + extra.length);
		for (const ticket of created) expect(keys).toContain(`${ticket.id}:${at}`);
		expect(final.every((e) => e.status === 'success')).toBe(true);

		const state = await n8n.nodeStaticData(workflow.id, TRIGGER);
		expect(state?.catchingUp).toBe(false);
		expect(Number(state?.cursorSeconds)).toBeGreaterThan(cursorAfterFirstTick);
	});
});
