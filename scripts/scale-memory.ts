/**
 * `npm run scale:memory`: n8n's RSS during a 100,000-ticket backfill in a real n8n 2.41.1
 * (SQLite), one workflow, Every Minute, Start From a date before every ticket, against the
 * stand-in's 10-a-minute export limit. For each Max Tickets per Poll given: n8n idle (the
 * workflow imported, not active), peak and end while it backfills, the backfill's wall time, and
 * every ticket checked once against the stand-in's truth. Prints numbers; asserts nothing.
 *
 * `--control-minutes N` adds a control: the workflow started from now, one new ticket every 10 s:
 * how far n8n's RSS rises above idle when it works at all, without a backlog.
 *
 * `--polls-per-minute N` gives the trigger N poll times a minute (n8n's Poll Times list, each
 * "every minute at second s"): a backfill with a small cap then finishes sooner, and n8n runs N
 * times as many executions a minute, which is harder on its memory, not easier.
 *
 * `--profile-seconds N`: from the 5th minute of a backfill, N seconds of V8's sampling heap profile
 * (scripts/scale-profile.ts). The figures go to results/scale-memory.json, every sample to .scale/;
 * `--add` keeps the file's rows of the caps not run this time (each row has its date and commit).
 *
 *   node scripts/.build/scripts/scale-memory.js [--tickets 100000] [--caps 1000,5000,10000]
 *     [--max-minutes 60] [--polls-per-minute 1] [--control-minutes 12] [--profile-seconds 120]
 *     [--no-check] [--load-below 1.5] [--note "what the results file should say"] [--add]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { checkAgainstTruth, type StandInStats, type TruthRow } from '../bench/lib';
import { memoryFigures, memoryRowsNotRun, printRun, printSummary } from './scale-memory-report';
import { emittedVersions } from './scale-read';
import { allocationShare, type AllocationShare } from './scale-profile';
import {
	REPO_ROOT,
	resultsFile,
	RssSampler,
	STATE_DIR,
	TRIGGER,
	activateAll,
	freshN8n,
	liveHeapMiB,
	memoryUsageMiB,
	harness,
	loadStandIn,
	machine,
	numberArg,
	round,
	rssSummary,
	say,
	sleep,
	startN8n,
	waitForQuietMachine,
} from './scale-lib';

const DAY = 86_400;
const capsArg = process.argv.indexOf('--caps');
const CAPS = capsArg >= 0 ? process.argv[capsArg + 1].split(',').map(Number) : [1_000]; // the default
const TICKETS = numberArg('--tickets', 100_000);
const MAX_MINUTES = numberArg('--max-minutes', 60);
const CONTROL_MINUTES = numberArg('--control-minutes', 0);
const POLLS_PER_MINUTE = numberArg('--polls-per-minute', 1);
const PROFILE_SECONDS = numberArg('--profile-seconds', 0);

/** One measured run: a backfill at a cap, or the control (no backlog, the default cap). */
interface Run {
	control: boolean;
	/** Max Tickets per Poll; the control leaves it at the default. */
	cap?: number;
	pollsPerMinute: number;
	minutes: number;
}

const RUNS: Run[] = [
	...CAPS.map((cap) => ({
		control: false,
		cap,
		pollsPerMinute: POLLS_PER_MINUTE,
		minutes: MAX_MINUTES,
	})),
	...(CONTROL_MINUTES > 0 ? [{ control: true, pollsPerMinute: 1, minutes: CONTROL_MINUTES }] : []),
];
const runLabel = (run: Run) => (run.control ? 'control' : `cap ${run.cap}`);

async function backfill(spec: Run) {
	const { control, cap } = spec;
	const label = runLabel(spec);
	const quiet = await waitForQuietMachine(`scale:memory ${label}`);
	const standIn = await loadStandIn().startStandIn({ seedTickets: TICKETS });
	const n8n = await freshN8n(`memory-${label.replace(' ', '-')}`, { inspect: true });
	try {
		const truth = (await (await fetch(`${standIn.url}/__control/truth`)).json()) as TruthRow[];
		const newest = Math.max(...truth.map((row) => row.generated_timestamp));
		const standInStats = async () =>
			(await (await fetch(`${standIn.url}/__control/stats`)).json()) as StandInStats;
		const exportRequestsOf = (stats: StandInStats) =>
			(stats.byEndpoint.tickets ?? 0) + (stats.byEndpoint.cursor ?? 0);
		const startSeconds = Math.floor(Date.now() / 1000) - 31 * DAY;
		const credential = harness.apiTokenCredential({ name: 'Zendesk', baseUrl: standIn.url });
		const workflow = harness.triggerWorkflow({
			name: control ? 'control' : `backfill ${label}`,
			credential,
			parameters: {
				// Once a minute (as Every Minute), at a second chosen so that the first tick comes
				// about 45 s after Publish: n8n is sampled idle with the workflow active first.
				pollTimes: { item: [{ mode: 'custom', cronExpression: '0 * * * * *' }] },
				...(control
					? { startFrom: 'now' }
					: { startFrom: 'date', startDate: new Date(startSeconds * 1000).toISOString() }),
				options: control ? {} : { maxTicketsPerPoll: cap },
			},
		});
		await n8n.importCredentials([credential]);
		await n8n.importWorkflows([workflow]);
		const pid = await startN8n(n8n);
		const sampler = new RssSampler(pid);
		sampler.start();
		say(`${label}: n8n ready (pid ${pid}); 60 s idle, the workflow imported but not active`);
		await sleep(60_000);
		const usage: Array<Record<string, number | string>> = [];
		const sampleUsage = async () => {
			const mem = await memoryUsageMiB(n8n);
			if (mem && mem.pid !== pid)
				throw new Error(`the inspector answered from pid ${mem.pid}, not n8n's ${pid}`);
			if (mem)
				usage.push({
					t: sampler.samples[sampler.samples.length - 1].t,
					phase: sampler.phase,
					...mem,
				});
		};
		await sampleUsage();
		const idleHeapMiB = await liveHeapMiB(n8n);
		// Publish about 45 s before the second the cron fires at.
		const firstSecond = new Date().getUTCSeconds() + 47;
		const pollTimes = Array.from({ length: spec.pollsPerMinute }, (_, i) => ({
			mode: 'custom',
			cronExpression: harness.cronAtSecond(
				firstSecond + Math.floor((i * 60) / spec.pollsPerMinute),
			),
		}));
		workflow.nodes[0].parameters = {
			...(workflow.nodes[0].parameters as object),
			pollTimes: { item: pollTimes },
		};
		const answer = await n8n.api('PUT', `/workflows/${workflow.id}`, {
			name: workflow.name,
			nodes: workflow.nodes,
			connections: workflow.connections,
			settings: workflow.settings,
		});
		if (answer.status !== 200) throw new Error(`PUT workflow: ${answer.status} ${answer.text}`);
		sampler.phase = 'active';
		const publishedMs = Date.now();
		const failed = await activateAll(n8n, [workflow.id]);
		if (failed.length) throw new Error(`publish failed: ${failed[0]}`);
		await sleep(Math.max(0, publishedMs + 40_000 - Date.now()));
		sampler.phase = 'backfill';
		let done = false;
		let cursor = startSeconds;
		const readCursor = async () => {
			const state = await n8n.nodeStaticData(workflow.id, TRIGGER);
			cursor = Number(state?.cursorSeconds ?? startSeconds);
			return state;
		};
		let profiling: Promise<(AllocationShare & { pagesRead: number }) | null> | undefined;
		const pagesRead = async () => exportRequestsOf(await standInStats());
		for (let tick = 1; !done && Date.now() - publishedMs < spec.minutes * 60_000; tick++) {
			await sleep(10_000);
			if (tick % 3 === 0) await sampleUsage();
			if (tick === 30 && PROFILE_SECONDS > 0 && !control) {
				const pagesBefore = await pagesRead();
				profiling = allocationShare(n8n, PROFILE_SECONDS).then(
					async (share) =>
						share ? { ...share, pagesRead: (await pagesRead()) - pagesBefore } : null,
					(error: unknown) => (say(`the heap profile failed: ${String(error)}`), null),
				);
			}
			if (control) {
				await fetch(`${standIn.url}/__control/tickets`, { method: 'POST', body: '{"count":1}' });
				continue;
			}
			const state = await readCursor();
			done = state?.catchingUp === false && cursor >= newest;
			const s = sampler.samples[sampler.samples.length - 1];
			if (tick % 6 === 0)
				say(
					`${label}: ${Math.round((Date.now() - publishedMs) / 1000)} s, read ${Math.round((100 * (cursor - startSeconds)) / (newest - startSeconds))}%, ${s.mainMiB} / ${s.treeMiB} MiB, load ${s.load}`,
				);
		}
		const allocation = (await profiling) ?? null;
		if (!done) {
			// Stop polling before reading the cursor: the check below holds the emitted tickets up to
			// it, and a poll after the read would emit past it.
			await n8n.deactivate(workflow.id);
			await sleep(15_000);
			await readCursor();
		}
		const executions = await n8n.executions(workflow.id, { includeData: false });
		const lastStopMs = Math.max(...executions.map((e) => Date.parse(e.stoppedAt ?? e.startedAt)));
		sampler.phase = 'after';
		await sleep(60_000);
		await sampleUsage();
		sampler.stop();
		const afterHeapMiB = await liveHeapMiB(n8n);
		const stats = await standInStats();
		const idle = rssSummary(sampler.of('idle'));
		const active = rssSummary(sampler.of('active'));
		const run = rssSummary(sampler.of('backfill'));
		// Tickets are not spread evenly in time: project by the share of tickets behind the cursor.
		const readShare =
			truth.filter((row) => row.generated_timestamp <= cursor).length / truth.length;
		const elapsedS = ((done ? lastStopMs : Date.now()) - publishedMs) / 1000;
		// Unfinished (--max-minutes ran out): every ticket up to the cursor's second, once.
		const check =
			process.argv.includes('--no-check') || control
				? null
				: checkAgainstTruth(
						truth,
						await emittedVersions(n8n, workflow.id),
						startSeconds,
						done ? undefined : (row) => row.generated_timestamp <= cursor,
					);
		return {
			control,
			cap: cap ?? null,
			pollsPerMinute: spec.pollsPerMinute,
			quiet,
			finished: done,
			backfillS: Math.round(done ? elapsedS : elapsedS / readShare),
			backfillMeasured: done,
			startedAt: new Date(publishedMs).toISOString(),
			measuredS: Math.round(elapsedS),
			ticketsRead: Math.round(readShare * truth.length),
			executions: executions.length,
			errors: executions.filter((e) => e.status === 'error').length,
			exportRequests: exportRequestsOf(stats),
			served429: stats.served429,
			idle,
			active,
			run,
			after: rssSummary(sampler.of('after')),
			liveHeapMiB: { idle: idleHeapMiB, after: afterHeapMiB },
			allocation,
			usage,
			maxUsageMiB: Object.fromEntries(
				['rss', 'heapTotal', 'heapUsed', 'external', 'arrayBuffers'].map((key) => [
					key,
					Math.max(...usage.map((u) => Number(u[key] ?? 0))),
				]),
			),
			peakAboveIdleMiB: {
				main: round(run.main.peak - idle.main.median, 1),
				tree: round(run.tree.peak - idle.tree.median, 1),
			},
			check,
			samples: sampler.samples,
			logFile: n8n.logFile,
		};
	} finally {
		await n8n.stop();
		await standIn.close();
	}
}

async function main() {
	const runs = [];
	const file = join(STATE_DIR, `scale-memory-${Date.now()}.json`);
	const record = resultsFile.startResults('scale-memory', {
		tickets: TICKETS,
		caps: CAPS,
		maxMinutes: MAX_MINUTES,
		pollsPerMinute: POLLS_PER_MINUTE,
		controlMinutes: CONTROL_MINUTES,
		loadBelow: numberArg('--load-below', 1.5),
		simplify: 'the default (on)',
	});
	const kept = process.argv.includes('--add')
		? memoryRowsNotRun(resultsFile.readResults('scale-memory'), RUNS)
		: [];
	for (const run of RUNS) {
		const r = await backfill(run);
		runs.push(r);
		writeFileSync(
			file,
			JSON.stringify({ machine: machine(), tickets: TICKETS, results: runs }, null, 2),
		);
		record.finish(memoryFigures(runs, TICKETS, kept));
		printRun(r, TICKETS, run.minutes);
	}
	printSummary(runs);
	console.log(
		`\nall numbers: ${file.replace(`${REPO_ROOT}/`, '')}; figures: results/scale-memory.json`,
	);
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
