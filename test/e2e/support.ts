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
