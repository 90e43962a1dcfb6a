/**
 * Shared pieces of the e2e tests: the n8n that global-setup.js installed, a fresh instance per test
 * file, waiting, reading what the trigger emitted, and the timings file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import * as harness from '../../scripts/lib/n8n-harness';

export { harness };

export const TRIGGER = 'Zendesk Export Trigger';

export function installedN8n(): harness.N8nInstall {
	const raw = process.env.E2E_N8N;
	if (!raw) throw new Error('E2E_N8N is not set: run the suite with `npm run test:e2e`');
	return JSON.parse(raw) as harness.N8nInstall;
}

export function runDir(): string {
	const dir = process.env.E2E_RUN_DIR;
	if (!dir) throw new Error('E2E_RUN_DIR is not set: run the suite with `npm run test:e2e`');
	return dir;
}

export function tarball(): string {
	const file = process.env.E2E_TARBALL;
	if (!file) throw new Error('E2E_TARBALL is not set: run the suite with `npm run test:e2e`');
	return file;
}

/** Appends a named duration to .e2e/run-<major>/timings.json. */
export function recordTiming(name: string, ms: number): void {
	const file = path.join(runDir(), 'timings.json');
	const timings = JSON.parse(fs.readFileSync(file, 'utf8')) as {
		phases: Array<{ name: string; ms: number }>;
	};
	timings.phases.push({ name, ms });
	fs.writeFileSync(file, JSON.stringify(timings, null, 2));
	harness.log(`${name}: ${(ms / 1000).toFixed(1)} s`);
}

/** A user folder with the package installed the way the community-nodes panel installs it. */
export async function newInstance(name: string): Promise<harness.N8nInstance> {
	const userFolder = path.join(runDir(), name);
	fs.rmSync(userFolder, { recursive: true, force: true });
	fs.mkdirSync(userFolder, { recursive: true });
	await harness.installPackage(userFolder, tarball());
	return new harness.N8nInstance({ n8n: installedN8n(), userFolder });
}

/** Calls `probe` until it returns something truthy, or throws with `what` after `timeoutMs`. */
export async function waitFor<T>(
	what: string,
	probe: () => Promise<T | null | undefined | false>,
	{ timeoutMs = 120_000, intervalMs = 1_000 } = {},
): Promise<T> {
	const started = Date.now();
	let lastError: unknown;
	for (;;) {
		try {
			const value = await probe();
			if (value) return value;
		} catch (error) {
			lastError = error;
		}
		if (Date.now() - started > timeoutMs) {
			const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
			throw new Error(
				`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}${why}`,
			);
		}
		await harness.sleep(intervalMs);
	}
}

/** A promise that never rejects unhandled: scenarios start in beforeAll and are awaited in their `it`. */
export interface Settled<T> {
	promise: Promise<T>;
}
export function settle<T>(promise: Promise<T>): Settled<T> {
	promise.catch(() => undefined);
	return { promise };
}

export interface TicketVersion {
	id: number;
	generated_timestamp: number;
	status: string;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	[field: string]: any;
}

/** Every item the trigger emitted, in execution order, with the execution it came in. */
export function emittedItems(
	executions: harness.Execution[],
): Array<{ execution: string; ticket: TicketVersion }> {
	return executions.flatMap((execution) =>
		harness.triggerItems(execution, TRIGGER).map((ticket) => ({ execution: execution.id, ticket })),
	);
}

export const versionKey = (ticket: { id: number; generated_timestamp: number }): string =>
	`${ticket.id}:${ticket.generated_timestamp}`;

/** Keys that occur more than once. */
export function duplicates(keys: string[]): string[] {
	const seen = new Map<string, number>();
	for (const key of keys) seen.set(key, (seen.get(key) ?? 0) + 1);
	return [...seen].filter(([, n]) => n > 1).map(([key]) => key);
}

/** A cron with one fixed second that fires `secondsAhead` from the stand-in's clock `now`. */
export function cronFiringIn(now: number, secondsAhead: number): string {
	return harness.cronAtSecond(now + secondsAhead);
}

/** The lines of n8n's log from its latest start up to the line that says the server is up. */
export function startupLog(log: string): string {
	const runs = log.split(/\n===== start #\d+ at [^\n]*=====\n/);
	const last = runs[runs.length - 1] ?? '';
	const ready = last.search(/n8n ready on|Editor is now accessible/);
	return ready < 0 ? last : last.slice(0, ready);
}

/** Error and warning lines of n8n's log (first line of each entry). */
export function problemLines(log: string): string[] {
	return log.split('\n').filter((line) => /^\d\d:\d\d:\d\d\.\d{3}\s+(warn|error)\s/.test(line));
}

/** The export requests (time-based and cursor) in a stand-in's request log. */
export function exportRequests(requests: harness.StandInRequest[]): harness.StandInRequest[] {
	return requests.filter((q) => q.endpoint === 'tickets' || q.endpoint === 'cursor');
}

/** The second a 6-field cron from cronAtSecond() fires at. */
export function cronSecond(cron: string): number {
	return Number(cron.split(' ')[0]);
}

/** The first instant at or after `ms` at which a cron with that fixed second fires. */
export function nextTickAt(ms: number, second: number): number {
	let t = Math.ceil(ms / 1000) * 1000;
	while (new Date(t).getUTCSeconds() !== second) t += 1000;
	return t;
}

/**
 * The times of n8n's log lines (after its latest start) matching `pattern`, in ms. n8n writes
 * either `HH:MM:SS.mmm   level   …` (the harness runs it with TZ=UTC) or `<ISO> | level | …`.
 */
export function logLineTimes(log: string, pattern: RegExp, nearMs = Date.now()): number[] {
	const runs = log.split(/\n===== start #\d+ at [^\n]*=====\n/);
	const day = new Date(nearMs);
	const times: number[] = [];
	for (const line of (runs[runs.length - 1] ?? '').split('\n')) {
		if (!pattern.test(line)) continue;
		const iso = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)/.exec(line);
		if (iso) {
			times.push(Date.parse(iso[1]));
			continue;
		}
		const clock = /^(\d\d):(\d\d):(\d\d)\.(\d{3})\s/.exec(line);
		if (!clock) continue;
		const [h, m, s, ms] = clock.slice(1).map(Number);
		let t = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), h, m, s, ms);
		if (t - nearMs > 12 * 3_600_000) t -= 86_400_000;
		if (nearMs - t > 12 * 3_600_000) t += 86_400_000;
		times.push(t);
	}
	return times;
}

/** The time of the first such line, or null. */
export function logLineTime(log: string, pattern: RegExp, nearMs = Date.now()): number | null {
	return logLineTimes(log, pattern, nearMs)[0] ?? null;
}

/**
 * How long Publish kept the user waiting. n8n 1.x runs the activation poll inside the activate
 * call; n8n 2.x answers at once and activates through its publication outbox, so the editor then
 * waits for the publication status to settle: both are measured.
 */
export async function publishAndMeasure(
	n8n: harness.N8nInstance,
	workflowId: string,
): Promise<{ answer: harness.HttpAnswer; activateMs: number; settledMs: number; status: string }> {
	const started = Date.now();
	const answer = await n8n.activate(workflowId);
	const activateMs = Date.now() - started;
	if (n8n.n8n.major < 2 || answer.status !== 200)
		return { answer, activateMs, settledMs: activateMs, status: String(answer.status) };
	const status = await waitFor(
		'the publication to settle',
		async () => {
			const s = (await n8n.publicationStatus(workflowId)) as { status?: string } | null;
			return s?.status && s.status !== 'in_progress' && s.status !== 'not_published'
				? s.status
				: null;
		},
		{ timeoutMs: 120_000, intervalMs: 200 },
	);
	return { answer, activateMs, settledMs: Date.now() - started, status };
}
