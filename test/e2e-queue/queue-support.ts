/**
 * Pieces of the queue-mode test: the workflow, the kills (of the main, and of a worker inside an
 * execution), following what n8n then does with that execution, and what n8n keeps in Postgres
 * (executions, the trigger's static data). Kill moments come from a seeded generator, so the seed
 * the log names replays a run (E2E_QUEUE_SEED).
 */
import type { QueueStack } from '../../scripts/lib/queue-stack';
import { TRIGGER, harness, waitFor, type TicketVersion } from '../e2e/support';

/** A log from its latest `===== start #N` marker on. */
export const sinceLastStart = (log: string): string => log.slice(log.lastIndexOf('===== start #'));

/** The trigger reading from a Start Date, then a Wait node that holds each execution on its worker. */
export function backfillWorkflow(o: {
	credential: harness.CredentialDoc;
	cron: string;
	startSeconds: number;
	maxPerPoll: number;
	holdSeconds: number;
}): harness.WorkflowDoc {
	return harness.triggerWorkflow({
		name: 'queue-mode backfill',
		credential: o.credential,
		cron: o.cron,
		parameters: {
			startFrom: 'date',
			startDate: new Date(o.startSeconds * 1000).toISOString(),
			options: { maxTicketsPerPoll: o.maxPerPoll },
		},
		extraNodes: [
			{
				name: 'Hold',
				type: 'n8n-nodes-base.wait',
				typeVersion: 1.1,
				parameters: { resume: 'timeInterval', amount: o.holdSeconds, unit: 'seconds' },
				webhookId: harness.uuid(),
			},
		],
	});
}

/** After delayMs, SIGKILL the main (no shutdown at all) and start it again; what was going on then. */
export async function killMainAfter(
	stack: QueueStack,
	control: harness.StandInControl,
	workflowId: string,
	delayMs: number,
) {
	const main = stack.main!;
	await harness.sleep(delayMs);
	const pollInFlight = (await control.requests()).some((q) => q.status === 0);
	const statuses = (await executionRows(stack, workflowId)).map((r) => r.status);
	await main.kill('SIGKILL');
	const killedAt = Date.now();
	await main.start({ timeoutMs: 240_000 });
	const at = new Date(killedAt).toISOString();
	return { delayMs, at, pollInFlight, statuses, downMs: Date.now() - killedAt };
}

/**
 * Waits for an execution running on a worker, lets it run pauseMs more, reads its items (the
 * Wait node holds it), then SIGKILLs that worker's process group: n8n and its task runner.
 */
export async function killWorkerInExecution(
	stack: QueueStack,
	workflowId: string,
	pauseMs: number,
) {
	const { executionId, worker } = await waitFor(
		'an execution running on a worker',
		async () => {
			for (const row of await executionRows(stack, workflowId)) {
				const worker = row.status === 'running' ? stack.workerRunning(row.id) : -1;
				if (worker >= 0) return { executionId: row.id, worker };
			}
			return null;
		},
		{ timeoutMs: 300_000, intervalMs: 500 },
	);
	await harness.sleep(pauseMs);
	const whileRunning = await stack.main!.api('GET', `/executions/${executionId}?includeData=true`);
	const items = itemsOfExecution(whileRunning.json);
	const rows = await executionRows(stack, workflowId);
	const statusAtKill = rows.find((r) => r.id === executionId)?.status;
	await stack.workers[worker].kill('SIGKILL');
	const killedAt = Date.now();
	const started = new RegExp(`Worker started execution ${executionId} \\(job (\\d+)\\)`);
	const jobId = String(started.exec(stack.workers[worker].log())?.[1]);
	return { executionId, worker, items, statusAtKill, jobId, killedAt };
}

/**
 * The killed execution's status, and whether Bull still holds its job as active, at each change:
 * until the job has left the active list and the status stayed put for 45 s (a main that waits on
 * a stalled job rechecks its execution for 30 s before it writes its verdict), 5 min at most.
 */
export async function followKilledExecution(
	stack: QueueStack,
	workflowId: string,
	executionId: string,
	jobId: string,
	killedAt: number,
) {
	const timeline: Array<{ afterS: number; status: string; jobActive: boolean }> = [];
	let changedAt = Date.now();
	for (;;) {
		const row = (await executionRows(stack, workflowId)).find((r) => r.id === executionId);
		const active = await stack.redisCli('LRANGE', 'bull:jobs:active', '0', '-1');
		const now = { status: String(row?.status), jobActive: active.split('\n').includes(jobId) };
		const last = timeline[timeline.length - 1];
		if (!last || last.status !== now.status || last.jobActive !== now.jobActive) {
			timeline.push({ afterS: Math.round((Date.now() - killedAt) / 1000), ...now });
			changedAt = Date.now();
		}
		const settled = !now.jobActive && TERMINAL_STATUSES.has(now.status);
		if ((settled && Date.now() - changedAt >= 45_000) || Date.now() - killedAt > 300_000)
			return timeline;
		await harness.sleep(1000);
	}
}

/** mulberry32: small, seedable, good enough to pick kill moments and tickets. */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export interface ExecutionRow {
	id: string;
	status: string;
	finished: boolean;
	mode: string;
	retryOf: string | null;
	createdAt: string;
	startedAt: string | null;
	stoppedAt: string | null;
}

/** A workflow's executions as n8n's database holds them, oldest first (readable while the main is down). */
export async function executionRows(
	stack: QueueStack,
	workflowId: string,
): Promise<ExecutionRow[]> {
	return await stack.rows<ExecutionRow>(
		`SELECT id::text AS id, status, finished, mode, "retryOf", "createdAt", "startedAt", "stoppedAt"
		 FROM execution_entity WHERE "workflowId" = '${workflowId}' ORDER BY id`,
	);
}

export const TERMINAL_STATUSES = new Set(['success', 'error', 'crashed', 'canceled']);

export interface StoredCursor {
	cursorSeconds: number;
	boundaryKeys: string[];
	catchingUp: boolean;
	configKey: string;
	windowStartSeconds: number;
}

/** The trigger's static data in workflow_entity."staticData" (key `node:<name>`). */
export async function storedCursor(
	stack: QueueStack,
	workflowId: string,
): Promise<StoredCursor | null> {
	const [row] = await stack.rows<{ sd: unknown }>(
		`SELECT "staticData" AS sd FROM workflow_entity WHERE id = '${workflowId}'`,
	);
	const data = typeof row?.sd === 'string' ? JSON.parse(row.sd) : row?.sd;
	return (data as Record<string, StoredCursor> | null)?.[`node:${TRIGGER}`] ?? null;
}

/**
 * The trigger's items of an execution read while it runs: the worker saves nothing before the
 * end (no "save execution progress"), so they are still where the main put them, in the node
 * execution stack of the execution's data; once the trigger node ran, in its run data.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function itemsOfExecution(execution: any): TicketVersion[] {
	const fromRun = harness.triggerItems(execution, TRIGGER) as TicketVersion[];
	if (fromRun.length) return fromRun;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	const stack: any[] = execution?.data?.executionData?.nodeExecutionStack ?? [];
	return (
		stack
			.filter((entry) => entry?.node?.name === TRIGGER)
			// eslint-disable-next-line @typescript-eslint/no-explicit-any
			.flatMap((entry) => (entry?.data?.main?.[0] ?? []).map((item: any) => item.json))
	);
}

/** Ticket versions anywhere in an execution's record: the trigger's run data or the node stack. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function ticketKeysInRecord(execution: any): Set<string> {
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	const stack: any[] = execution?.data?.executionData?.nodeExecutionStack ?? [];
	const items = [
		...harness.triggerItems(execution, TRIGGER),
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		...stack.flatMap((entry) => (entry?.data?.main?.[0] ?? []).map((item: any) => item?.json)),
	];
	const tickets = items.filter((item) => Number.isFinite(Number(item?.generated_timestamp)));
	return new Set(
		tickets.map((ticket: TicketVersion) => `${ticket.id}:${ticket.generated_timestamp}`),
	);
}

/**
 * What a person can do about a failed execution: Retry, as the Executions list offers it (with the
 * workflow as it was). Answers n8n's reply and, when it ran one, the retry's ticket versions.
 */
export async function retryByHand(stack: QueueStack, workflowId: string, executionId: string) {
	const main = stack.main!;
	const answer = await main.request('POST', `/rest/executions/${executionId}/retry`, {
		body: { loadWorkflow: false },
		timeoutMs: 120_000,
	});
	const retry = (await executionRows(stack, workflowId)).find((r) => r.retryOf === executionId);
	const record = retry
		? (await main.api('GET', `/executions/${retry.id}?includeData=true`)).json
		: undefined;
	return {
		httpStatus: answer.status,
		message: String(answer.json?.message ?? '').slice(0, 200),
		retryExecution: retry ? `${retry.id}:${retry.status}` : null,
		ticketVersions: record ? [...ticketKeysInRecord(record)] : [],
	};
}

/** The killed execution: its status timeline and what the main and the restarted worker logged. */
export function describeKilled(
	stack: QueueStack,
	victim: Awaited<ReturnType<typeof killWorkerInExecution>>,
	timeline: Awaited<ReturnType<typeof followKilledExecution>>,
) {
	const id = victim.executionId;
	const mainLog = sinceLastStart(stack.main!.log());
	const lines = (log: string, keep: (line: string) => boolean) =>
		log
			.split('\n')
			.filter(keep)
			.map((line) => line.slice(0, 300));
	return {
		id,
		jobId: victim.jobId,
		worker: victim.worker + 1,
		itemsWhileRunning: victim.items.length,
		statusAtKill: victim.statusAtKill,
		timeline,
		enqueuedByTheMainNowRunning: mainLog.includes(`Enqueued execution ${id} (`),
		mainSaid: lines(mainLog, (line) => line.includes(`execution ${id}:`)),
		restartedWorkerSaid: lines(sinceLastStart(stack.workers[victim.worker].log()), (line) =>
			/\[Recovery\]|crash/i.test(line),
		),
	};
}
