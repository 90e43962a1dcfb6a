/**
 * Shared pieces of `npm run scale:workflows` and `npm run scale:memory`: a real n8n with this
 * package installed (scripts/lib/n8n-harness.js), the machine's load, n8n's RSS sampled from /proc,
 * and reading the stand-in's request log. These are measurements, not tests: nothing here asserts.
 * The stand-in, the repository root and the machine description come from bench/lib.ts.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';

import { REPO_ROOT, loadStandIn, machine, percentile, round } from '../bench/lib';
import type * as Harness from './lib/n8n-harness';
import type * as Results from './scale-results';

export { REPO_ROOT, loadStandIn, machine, percentile, round };
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const harness = require(join(REPO_ROOT, 'scripts/lib/n8n-harness.js')) as typeof Harness;
/** results/<name>.json, the figures docs/performance.md quotes (plain CommonJS, shared with the soak). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const resultsFile = require(join(REPO_ROOT, 'scripts/scale-results.js')) as typeof Results;
export type N8n = Harness.N8nInstance;
export type WorkflowDoc = Harness.WorkflowDoc;
export const TRIGGER = 'Zendesk Export Trigger';
export const STATE_DIR = join(REPO_ROOT, '.scale');
export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
export const load1m = () => round(loadavg()[0], 2);
export const mib = (kib: number) => round(kib / 1024, 1);

export function say(text: string): void {
	process.stderr.write(`[scale ${new Date().toISOString().slice(11, 19)}] ${text}\n`);
}

export function numberArg(name: string, fallback: number): number {
	const index = process.argv.indexOf(name);
	return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

/**
 * The machine is shared: before a measurement, wait until the 1-minute load average is below
 * `below` (polled every 30 s, at most 20 minutes; `--load-below N` on the command line). Says what
 * it measured under either way.
 */
export async function waitForQuietMachine(
	label: string,
	below = numberArg('--load-below', 1.5),
	maxMs = 20 * 60_000,
) {
	const started = Date.now();
	// A smoke run of the script itself: no waiting, and the numbers are not a measurement.
	if (process.argv.includes('--no-wait'))
		return { label, load: load1m(), waitedS: 0, gaveUp: true };
	for (;;) {
		const load = load1m();
		if (load < below)
			return { label, load, waitedS: Math.round((Date.now() - started) / 1000), gaveUp: false };
		if (Date.now() - started >= maxMs) {
			say(`${label}: load ${load} after ${maxMs / 60_000} min of waiting; measuring anyway`);
			return { label, load, waitedS: Math.round((Date.now() - started) / 1000), gaveUp: true };
		}
		say(`${label}: load average ${load} >= ${below}; waiting 30 s`);
		await sleep(30_000);
	}
}

// ---- RSS of n8n's process tree ---------------------------------------------------------------

function vmRssKiB(pid: number): number {
	try {
		const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) : 0;
	} catch {
		return 0;
	}
}

/** `pid` and every process below it (n8n's task runner, …), from /proc/<pid>/stat. */
export function processTree(pid: number): number[] {
	const children = new Map<number, number[]>();
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
		} catch {
			/* gone */
		}
	}
	const tree = [pid];
	for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]) ?? []));
	return tree;
}

export interface RssSample {
	/** Seconds since the sampler started. */
	t: number;
	phase: string;
	mainMiB: number;
	treeMiB: number;
	load: number;
}

/** Samples VmRSS of n8n's main process and of its whole tree every `everyMs`, tagged with a phase. */
export class RssSampler {
	readonly samples: RssSample[] = [];
	phase = 'idle';
	private timer: NodeJS.Timeout | undefined;
	private readonly startedMs = Date.now();

	constructor(
		private readonly pid: number,
		private readonly everyMs = 10_000,
	) {}

	sample(): RssSample {
		const tree = processTree(this.pid);
		const s: RssSample = {
			t: Math.round((Date.now() - this.startedMs) / 1000),
			phase: this.phase,
			mainMiB: mib(vmRssKiB(this.pid)),
			treeMiB: mib(tree.reduce((sum, pid) => sum + vmRssKiB(pid), 0)),
			load: load1m(),
		};
		this.samples.push(s);
		return s;
	}

	start(): void {
		this.sample();
		this.timer = setInterval(() => this.sample(), this.everyMs);
	}

	stop(): void {
		clearInterval(this.timer);
		this.sample();
	}

	of(phase: string): RssSample[] {
		return this.samples.filter((s) => s.phase === phase);
	}
}

/** idle (median of the phase), peak and end of a list of samples, for main and tree. */
export function rssSummary(samples: RssSample[]) {
	const pick = (key: 'mainMiB' | 'treeMiB') => {
		const values = samples.map((s) => s[key]);
		return {
			median: round(percentile(values, 0.5), 1),
			peak: Math.max(...values),
			end: values[values.length - 1],
		};
	};
	const loads = samples.map((s) => s.load);
	return {
		samples: samples.length,
		main: pick('mainMiB'),
		tree: pick('treeMiB'),
		load: {
			min: Math.min(...loads),
			max: Math.max(...loads),
			mean: round(loads.reduce((a, b) => a + b, 0) / loads.length, 2),
		},
	};
}

/** Least-squares slope of ys over xs. */
export function slope(xs: number[], ys: number[]): number {
	const n = xs.length;
	if (n < 2) return Number.NaN;
	const mx = xs.reduce((a, b) => a + b, 0) / n;
	const my = ys.reduce((a, b) => a + b, 0) / n;
	let num = 0;
	let den = 0;
	for (let i = 0; i < n; i++) {
		num += (xs[i] - mx) * (ys[i] - my);
		den += (xs[i] - mx) ** 2;
	}
	return round(num / den, 2);
}

/** Least-squares slope of tree RSS in MiB per minute over the given samples. */
export function slopeMiBPerMin(samples: RssSample[]): number {
	return slope(
		samples.map((s) => s.t / 60),
		samples.map((s) => s.treeMiB),
	);
}

// ---- n8n ---------------------------------------------------------------------------------------

let tarball: string | undefined;
const inspectPorts = new WeakMap<N8n, number>();

/**
 * Sends inspector calls to n8n (started with `inspect`) in order and returns the last result, or
 * null without an inspector; `{ method: 'pause', params: { ms } }` waits in between. Run in n8n's
 * own Node 24, which has a WebSocket client.
 */
export async function inspectorCall(n8n: N8n, calls: Array<{ method: string; params?: object }>) {
	const port = inspectPorts.get(n8n);
	if (!port) return null;
	const script = `(async () => {
		const [target] = await (await fetch('http://127.0.0.1:' + process.argv[1] + '/json/list')).json();
		const ws = new WebSocket(target.webSocketDebuggerUrl);
		const waiting = new Map();
		ws.onmessage = (e) => { const m = JSON.parse(e.data); waiting.get(m.id)?.(m.result); };
		await new Promise((ok, fail) => { ws.onopen = ok; ws.onerror = fail; });
		let result;
		for (const [id, call] of JSON.parse(process.argv[2]).entries()) {
			if (call.method === 'pause') { await new Promise((ok) => setTimeout(ok, call.params.ms)); continue; }
			result = await new Promise((ok) => { waiting.set(id, ok); ws.send(JSON.stringify({ id, ...call })); });
		}
		// Exit once the pipe has taken it all: a large answer (a heap profile) is written in chunks.
		process.stdout.write(JSON.stringify(result), () => process.exit(0));
	})().catch((e) => { process.stderr.write(String(e)); process.exit(1); });`;
	const answer = await harness.run(n8n.n8n.nodeBin, [
		'-e',
		script,
		String(port),
		JSON.stringify(calls),
	]);
	return answer.code === 0 ? (JSON.parse(answer.stdout) as Record<string, unknown>) : null;
}

/**
 * n8n's live heap after a full GC, in MiB (HeapProfiler.collectGarbage, then Runtime.getHeapUsage).
 * The forced GC lowers RSS for a moment, so use it sparingly.
 */
export async function liveHeapMiB(n8n: N8n): Promise<number | null> {
	const usage = await inspectorCall(n8n, [
		{ method: 'HeapProfiler.collectGarbage' },
		{ method: 'Runtime.getHeapUsage' },
	]);
	return usage ? round(Number(usage.usedSize) / 2 ** 20, 1) : null;
}

/**
 * n8n's `process.memoryUsage()` in MiB (and the pid that answered), without a GC: how much of its RSS is V8's heap (committed,
 * and in use including garbage not yet collected) and how much is outside it.
 */
export async function memoryUsageMiB(n8n: N8n): Promise<Record<string, number> | null> {
	const answer = await inspectorCall(n8n, [
		{
			method: 'Runtime.evaluate',
			params: {
				expression: 'JSON.stringify({ ...process.memoryUsage(), pid: process.pid })',
				returnByValue: true,
			},
		},
	]);
	const value = (answer?.result as { value?: string } | undefined)?.value;
	if (!value) return null;
	const usage = JSON.parse(value) as Record<string, number>;
	return Object.fromEntries(
		Object.entries(usage).map(([k, v]) => [k, k === 'pid' ? v : round(v / 2 ** 20, 1)]),
	);
}

/**
 * A fresh n8n 2.41.1 user folder under .scale/<name> with the package installed as the community
 * panel installs it (built and packed once per script run). N8N_CACHE_DIR picks the n8n install.
 */
export async function freshN8n(name: string, { inspect = false } = {}): Promise<N8n> {
	const install = await harness.ensureN8n(2);
	if (!tarball) tarball = await harness.buildAndPack(join(STATE_DIR, 'pack'));
	const userFolder = join(STATE_DIR, name);
	rmSync(userFolder, { recursive: true, force: true });
	mkdirSync(userFolder, { recursive: true });
	await harness.installPackage(userFolder, tarball);
	// The harness's heap limit, plus n8n's inspector on a loopback port for liveHeapMiB().
	const port = inspect ? await harness.freePort() : 0;
	const env: Record<string, string> = port
		? { NODE_OPTIONS: `--max-old-space-size=2048 --inspect=127.0.0.1:${port}` }
		: {};
	const n8n = new harness.N8nInstance({ n8n: install, userFolder, env });
	if (port) inspectPorts.set(n8n, port);
	return n8n;
}

/** Starts n8n, sets up the owner and an API key; returns n8n's main PID. */
export async function startN8n(n8n: N8n): Promise<number> {
	await n8n.start({ timeoutMs: 300_000 });
	await n8n.ensureOwner();
	await n8n.ensureApiKey();
	const pid = n8n.child?.pid;
	if (!pid) throw new Error('n8n has no PID');
	return pid;
}

/** Publishes the workflows through the public API, one after the other, as a user would. */
export async function activateAll(n8n: N8n, ids: string[]): Promise<string[]> {
	const failed: string[] = [];
	for (const id of ids) {
		const answer = await n8n.activate(id);
		if (answer.status !== 200) failed.push(`${id}: ${answer.status} ${answer.text.slice(0, 200)}`);
	}
	return failed;
}
