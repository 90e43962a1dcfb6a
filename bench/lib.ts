/**
 * Shared pieces of the benchmark: where the repository is, the stand-in, statistics, the
 * machine, child processes and the truth check. No timing happens here.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';

import type * as StandInModule from '../test/zendesk-stand-in/server';

/** The repository root, found from wherever the compiled file runs (bench/.build/bench/). */
export const REPO_ROOT: string = (() => {
	let dir = __dirname;
	for (;;) {
		const manifest = join(dir, 'package.json');
		if (existsSync(manifest)) {
			const name = (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name;
			if (name === 'n8n-nodes-zendesk-export') return dir;
		}
		const parent = dirname(dir);
		if (parent === dir)
			throw new Error(`No n8n-nodes-zendesk-export package.json above ${__dirname}`);
		dir = parent;
	}
})();

/** The stand-in is plain JS beside the tests; it is loaded from there, never copied. */
export function loadStandIn(): typeof StandInModule {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require(resolve(REPO_ROOT, 'test/zendesk-stand-in/server.js')) as typeof StandInModule;
}

export const ADMIN_EMAIL = 'admin@example.com';
export const ADMIN_TOKEN = 'admin-api-token';
export const BASIC_AUTH = `Basic ${Buffer.from(`${ADMIN_EMAIL}/token:${ADMIN_TOKEN}`).toString('base64')}`;
export const INCLUDE = ['users', 'groups', 'organizations'];

export async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
	const response = await fetch(url, init);
	if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${url} answered ${response.status}`);
	return (await response.json()) as T;
}

export interface StandInStats {
	total: number;
	byEndpoint: Record<string, number>;
	byStatus: Record<string, number>;
	served429: number;
	tickets: number;
}

export interface LoggedRequest {
	at: number;
	method: string;
	path: string;
	query: Record<string, string>;
	status: number;
	endpoint: string;
}

export interface TruthRow {
	id: number;
	generated_timestamp: number;
	status: string;
	updated_at: string;
}

/** Percentile by linear interpolation between the closest ranks; `q` in [0, 1]. */
export function percentile(values: readonly number[], q: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const position = (sorted.length - 1) * q;
	const low = Math.floor(position);
	const high = Math.ceil(position);
	return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

export interface Spread {
	median: number;
	p10: number;
	p90: number;
	min: number;
	runs: number;
}

export function spread(values: readonly number[]): Spread {
	return {
		median: percentile(values, 0.5),
		p10: percentile(values, 0.1),
		p90: percentile(values, 0.9),
		min: Math.min(...values),
		runs: values.length,
	};
}

export function round(value: number, digits = 2): number {
	if (!Number.isFinite(value)) return value;
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}

export interface Machine {
	cpuModel: string;
	cores: number;
	node: string;
	v8: string;
	platform: string;
	totalMemoryGiB: number;
	loadAverage1m: number;
}

export function machine(): Machine {
	const cpuList = cpus();
	return {
		cpuModel: cpuList[0]?.model ?? 'unknown',
		cores: cpuList.length,
		node: process.version,
		v8: process.versions.v8,
		platform: `${platform()} ${release()}`,
		totalMemoryGiB: round(totalmem() / 2 ** 30, 1),
		loadAverage1m: round(loadavg()[0], 2),
	};
}

/** Peak resident set size of this process so far, in MiB (Linux VmHWM; maxRSS elsewhere). */
export function peakRssMiB(): number {
	try {
		const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
		if (match) return Number(match[1]) / 1024;
	} catch {
		// not Linux
	}
	return process.resourceUsage().maxRSS / 1024;
}

/**
 * Runs `script` (a compiled bench file) in a child Node with `input` as its only argument, and
 * returns what it wrote to its result file. Killed after `timeLimitMs`.
 */
export async function runChild<T>(
	script: string,
	input: unknown,
	options: { nodeFlags?: string[]; timeLimitMs: number },
): Promise<{ result: T | null; timedOut: boolean; exitCode: number | null; wallMs: number }> {
	const dir = mkdtempSync(join(tmpdir(), 'zendesk-bench-'));
	const out = join(dir, 'result.json');
	const started = performance.now();
	try {
		const child = spawn(
			process.execPath,
			[
				...(options.nodeFlags ?? []),
				join(__dirname, script),
				JSON.stringify({ ...(input as object), out }),
			],
			{ stdio: ['ignore', 'inherit', 'inherit'] },
		);
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			child.kill('SIGKILL');
		}, options.timeLimitMs);
		const exitCode = await new Promise<number | null>((done) =>
			child.on('exit', (code) => done(code)),
		);
		clearTimeout(timer);
		const wallMs = performance.now() - started;
		const result = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as T) : null;
		return { result, timedOut, exitCode, wallMs };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** The single argument a child gets: its input, plus where to write its result. */
export function childInput<T>(): T & { out: string } {
	return JSON.parse(process.argv[2] ?? '{}') as T & { out: string };
}

export interface Emitted {
	/** Flat pairs: id, generated_timestamp, id, generated_timestamp, … */
	versions: number[];
}

export interface TruthCheck {
	expected: number;
	emitted: number;
	distinctIds: number;
	duplicates: number;
	missing: number;
	unexpected: number;
	/** Emitted a version other than the ticket's final one. */
	staleVersions: number;
	ok: boolean;
}

/**
 * Compares what a client emitted with the stand-in's truth: every ticket at or after the start
 * exactly once, in its final version, and nothing else.
 */
export function checkAgainstTruth(
	truth: readonly TruthRow[],
	versions: readonly number[],
	startSeconds: number,
	keep: (row: TruthRow) => boolean = () => true,
): TruthCheck {
	const finalById = new Map<number, number>();
	for (const row of truth) {
		if (row.generated_timestamp >= startSeconds && keep(row))
			finalById.set(row.id, row.generated_timestamp);
	}
	const seen = new Set<number>();
	let duplicates = 0;
	let unexpected = 0;
	let staleVersions = 0;
	for (let i = 0; i < versions.length; i += 2) {
		const id = versions[i];
		const finalSeconds = finalById.get(id);
		if (seen.has(id)) duplicates++;
		seen.add(id);
		if (finalSeconds === undefined) unexpected++;
		else if (finalSeconds !== versions[i + 1]) staleVersions++;
	}
	let missing = 0;
	for (const id of finalById.keys()) if (!seen.has(id)) missing++;
	const emitted = versions.length / 2;
	return {
		expected: finalById.size,
		emitted,
		distinctIds: seen.size,
		duplicates,
		missing,
		unexpected,
		staleVersions,
		ok:
			duplicates === 0 &&
			missing === 0 &&
			unexpected === 0 &&
			staleVersions === 0 &&
			emitted === finalById.size,
	};
}

/**
 * The shortest possible wall time of `requests` sequential export requests under the stand-in's
 * limit: a sliding window where each accepted request holds one of `limit` slots for exactly
 * `windowMs` from the moment it is accepted. Request k may start when request k-1 has come back
 * (its start_time comes from that page) and when request k-limit has left the window:
 *   t_0 = 0,  t_k = max(t_{k-1} + d_{k-1}, t_{k-limit} + windowMs),  floor = t_last + d_last
 * `durationMs(k)` is the least round trip of request k.
 */
export function rateLimitFloorMs(
	requests: number,
	limit: number,
	windowMs: number,
	durationMs: (k: number) => number,
): number {
	const starts: number[] = [];
	for (let k = 0; k < requests; k++) {
		let start = k === 0 ? 0 : starts[k - 1] + durationMs(k - 1);
		if (k >= limit) start = Math.max(start, starts[k - limit] + windowMs);
		starts.push(start);
	}
	return starts[requests - 1] + durationMs(requests - 1);
}
