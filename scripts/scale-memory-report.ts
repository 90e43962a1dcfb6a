/** What `npm run scale:memory` prints for each run, and the table of caps at the end. */
import type { checkAgainstTruth } from '../bench/lib';
import type { rssSummary } from './scale-lib';
import type { AllocationShare } from './scale-profile';
import { resultsFile } from './scale-lib';

const { currentCommit } = resultsFile;

const GOAL_MIB = 150;

type Rss = ReturnType<typeof rssSummary>;

/** The fields of one run's result (scale-memory.ts, backfill()) that are printed. */
export interface MemoryRun {
	control: boolean;
	cap: number | null;
	quiet: { load: number };
	finished: boolean;
	backfillS: number;
	backfillMeasured: boolean;
	measuredS: number;
	startedAt: string;
	ticketsRead: number;
	pollsPerMinute: number;
	executions: number;
	errors: number;
	exportRequests: number;
	served429: number;
	idle: Rss;
	active: Rss;
	run: Rss;
	after: Rss;
	liveHeapMiB: { idle: number | null; after: number | null };
	allocation: (AllocationShare & { pagesRead: number }) | null;
	usage: Array<Record<string, number | string>>;
	maxUsageMiB: Record<string, number>;
	peakAboveIdleMiB: { main: number; tree: number };
	check: ReturnType<typeof checkAgainstTruth> | null;
}

export function printRun(r: MemoryRun, tickets: number, minutes: number): void {
	const title = r.control
		? `control: no backlog, a new ticket every 10 s for ${minutes} min, the default cap`
		: `${tickets.toLocaleString('en-US')}-ticket backfill, Max Tickets per Poll ${r.cap}, ${r.pollsPerMinute} poll(s) a minute`;
	console.log(
		`\n== ${title} (load before ${r.quiet.load}, during ${r.run.load.min}-${r.run.load.max}, mean ${r.run.load.mean})`,
	);
	console.log(
		`backfill: ${r.finished ? '' : 'NOT finished, projected '}${r.backfillS} s, ${r.executions} executions (${r.errors} errors), ${r.exportRequests} export requests, ${r.served429} x 429`,
	);
	console.log(
		`n8n RSS MiB main / tree: idle ${r.idle.main.median} / ${r.idle.tree.median}; active before the first tick ${r.active.main.end} / ${r.active.tree.end}; peak ${r.run.main.peak} / ${r.run.tree.peak}; end of backfill ${r.run.main.end} / ${r.run.tree.end}; a minute later ${r.after.main.end} / ${r.after.tree.end}`,
	);
	const [a, idleUsage] = [r.allocation, r.usage[0] ?? {}];
	console.log(
		`n8n live heap after a forced GC: idle ${r.liveHeapMiB.idle} MiB, a minute after the backfill ${r.liveHeapMiB.after} MiB\nprocess.memoryUsage() MiB, idle -> highest of the samples every 30 s: ${['heapTotal', 'heapUsed', 'external', 'arrayBuffers'].map((k) => `${k} ${idleUsage[k]} -> ${r.maxUsageMiB[k]}`).join(', ')}`,
	);
	if (a)
		console.log(
			`allocated in n8n over ${a.seconds} s (${a.pagesRead} export pages read): ${a.allocatedMiB} MiB; with this node on the stack ${a.throughThisNodeMiB} MiB; by package ${JSON.stringify(a.byPackageMiB)}`,
		);
	console.log(
		`peak above idle: main ${r.peakAboveIdleMiB.main} MiB, tree ${r.peakAboveIdleMiB.tree} MiB (goal <= ${GOAL_MIB})`,
	);
	const c = r.check;
	if (c)
		console.log(
			`every ticket once: ${c.ok} (expected ${c.expected}, emitted ${c.emitted}, duplicates ${c.duplicates}, missing ${c.missing}, stale ${c.staleVersions})`,
		);
}

export function printSummary(results: MemoryRun[]): void {
	if (results.length > 1) {
		console.log('\ncap      backfill (s)  peak above idle, main / tree (MiB)');
		for (const r of results.filter((row) => !row.control))
			console.log(
				`${String(r.cap).padEnd(8)} ${String(r.backfillS).padStart(12)}${r.backfillMeasured ? ' ' : '*'}  ${r.peakAboveIdleMiB.main} / ${r.peakAboveIdleMiB.tree}`,
			);
		console.log('* projected from the share of the backlog read when --max-minutes ran out');
	}
}

/**
 * One row per run for results/scale-memory.json, the figures docs/performance.md quotes (the
 * samples stay in .scale/). MiB throughout: /proc counts KiB.
 */
export function memoryFigures(runs: MemoryRun[], tickets: number, kept: object[] = []) {
	const commit = currentCommit();
	return {
		goalAboveIdleMiB: GOAL_MIB,
		runs: [
			...kept,
			...runs.map((r) => ({
				date: r.startedAt,
				commit,
				what: r.control ? 'control: no backlog' : `backfill of ${tickets}`,
				cap: r.cap,
				pollsPerMinute: r.pollsPerMinute,
				finished: r.finished,
				measuredMinutes: Math.round(r.measuredS / 6) / 10,
				ticketsRead: r.control ? null : r.ticketsRead,
				backfillS: r.control ? null : r.backfillS,
				backfillMinutes: r.control ? null : Math.round(r.backfillS / 60),
				backfillMeasured: r.backfillMeasured,
				executions: r.executions,
				exportRequests: r.exportRequests,
				pagesPerExecution: r.executions
					? Math.round((10 * r.exportRequests) / r.executions) / 10
					: null,
				errors: r.errors,
				served429: r.served429,
				loadAtStart: r.quiet.load,
				loadDuring: r.run.load,
				idleMainMiB: r.idle.main.median,
				peakMainMiB: r.run.main.peak,
				peakAboveIdleMiB: r.peakAboveIdleMiB.main,
				peakAboveIdleTreeMiB: r.peakAboveIdleMiB.tree,
				withinGoal: r.peakAboveIdleMiB.main <= GOAL_MIB,
				liveHeapMiB: r.liveHeapMiB,
				maxUsageMiB: r.maxUsageMiB,
				check: r.check && {
					ok: r.check.ok,
					expected: r.check.expected,
					emitted: r.check.emitted,
					duplicates: r.check.duplicates,
					missing: r.check.missing,
				},
			})),
		],
	};
}

/** The rows of an earlier results file whose cap (or control) is not among `runs`. */
export function memoryRowsNotRun(
	earlier: Record<string, unknown> | null,
	runs: Array<{ control: boolean; cap?: number }>,
): object[] {
	const rows = (earlier?.runs ?? []) as Array<{ cap: number | null }>;
	const running = new Set(runs.map((run) => (run.control ? null : run.cap)));
	// A row from before rows had their own date and commit has its file's.
	const { date, commit } = earlier ?? {};
	return rows.filter((row) => !running.has(row.cap)).map((row) => ({ date, commit, ...row }));
}
