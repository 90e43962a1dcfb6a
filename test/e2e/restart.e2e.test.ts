/**
 * A backfill that spans several polls, with n8n killed (SIGKILL, no shutdown) in the middle of a
 * poll and started again: every ticket's final version must come out exactly once across the
 * restart, and no version twice.
 *
 * 6000 seeded tickets plus changes made while n8n is down, pages of 500 (the stand-in's per_page
 * cap), at most 2500 tickets per poll: the activation poll emits 2500, the next tick is killed after
 * its first page (each page is slowed to 4 s so the kill lands inside the poll), the activation poll
 * after the restart emits the next 2500, and the following tick the rest.
 */
import { startStandIn, type StandIn } from '../zendesk-stand-in/server';
import {
	TRIGGER,
	cronFiringIn,
	duplicates,
	emittedItems,
	harness,
	installedN8n,
	newInstance,
	recordTiming,
	versionKey,
	waitFor,
} from './support';

const n8nInfo = installedN8n();
const SEEDED = 6000;
const PER_PAGE = 500;
const MAX_PER_POLL = 2500;
const PAGE_DELAY_MS = 4000;

describe(`Zendesk Export Trigger across an n8n crash (n8n ${n8nInfo.version})`, () => {
	let n8n: harness.N8nInstance;
	let standIn: StandIn;
	let control: harness.StandInControl;

	afterAll(async () => {
		await n8n?.stop();
		await standIn?.close();
		harness.log(`n8n log: ${n8n?.logFile}`);
	});

	it('should emit every ticket’s final version exactly once across a SIGKILL in the middle of a backfill', async () => {
		const started = Date.now();
		// 30 export requests a minute (Zendesk's High Volume add-on) so the replayed pages fit.
		standIn = await startStandIn({
			seedTickets: SEEDED,
			perPageMax: PER_PAGE,
			exportLimitPerWindow: 30,
		});
		control = harness.standInControl(standIn.url);
		const credential = harness.apiTokenCredential({ name: 'admin token', baseUrl: standIn.url });
		const now = await control.now();
		const workflow = harness.triggerWorkflow({
			name: 'backfill across a crash',
			credential,
			// About 25 s after the activation poll of the first start.
			cron: cronFiringIn(now, 50),
			parameters: {
				startFrom: 'date',
				startDate: new Date((now - 40 * 86_400) * 1000).toISOString(),
				options: { maxTicketsPerPoll: MAX_PER_POLL },
			},
		});

		n8n = await newInstance('restart');
		await n8n.importCredentials([credential]);
		await n8n.importWorkflows([workflow]);
		await n8n.publishWithCli(workflow.id);
		let t = Date.now();
		await n8n.start();
		await n8n.ensureOwner();
		await n8n.ensureApiKey();
		recordTiming('restart: first start until ready', Date.now() - t);

		// 1. The activation poll emits the first MAX_PER_POLL tickets.
		const first = await waitFor(
			'the activation poll’s execution',
			async () => {
				const executions = await n8n.executions(workflow.id);
				return executions.length >= 1 && executions.every((e) => e.finished) ? executions : null;
			},
			{ timeoutMs: 120_000 },
		);
		const firstCount = emittedItems(first).length;
		expect(firstCount).toBeGreaterThanOrEqual(MAX_PER_POLL);
		expect(firstCount).toBeLessThan(SEEDED);
		const cursorBeforeCrash = (await n8n.nodeStaticData(workflow.id, TRIGGER))?.cursorSeconds;

		// 2. Slow every page down, wait until the next tick has read its first page, and kill n8n while
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
		t = Date.now();
		await n8n.kill('SIGKILL');
		await control.clearFaults();
		harness.log(`SIGKILLed n8n during page ${inFlight.length} of a tick`);
		const afterKill = await n8n.executions(workflow.id).catch(() => null);
		expect(afterKill).toBeNull(); // it is down

		// 3. While n8n is down, tickets keep changing: some already emitted, some not yet, some new.
		const at = (await control.now()) - 61;
		const changed = [1, 2, 3, 2600, 2601, 5999, 6000];
		for (const id of changed)
			await control.updateTicket(id, { fields: { status: 'solved' }, atSeconds: at });
		await control.deleteTicket(4, { atSeconds: at });
		const created = await control.createTickets({ count: 20, atSeconds: at });

		// 4. Start again and let the backfill finish.
		await n8n.start();
		recordTiming('restart: SIGKILL to ready again', Date.now() - t);
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

		// 5. One more tick: nothing new, nothing repeated.
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
		expect(Number(state?.cursorSeconds)).toBeGreaterThan(Number(cursorBeforeCrash));
		recordTiming('restart: whole scenario', Date.now() - started);
	});
});
