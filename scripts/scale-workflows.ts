/**
 * `npm run scale:workflows`: many workflows in one real n8n 2.41.1 (SQLite), against Zendesk
 * stand-ins that model the 10-a-minute export limit. Prints numbers; asserts nothing.
 *
 *   single  20 workflows on one account with a backlog (tickets, comments, field changes, users,
 *           organizations, different filters), Start From a date before all of it: 429s served,
 *           export requests per minute, per workflow the longest time without an execution, RSS.
 *   many    200 workflows on 20 accounts, for memory over time: scripts/scale-many.ts.
 *
 *   node scripts/.build/scripts/scale-workflows.js [--only single,many] [--minutes 15]
 *     [--many-minutes 15] [--tickets 30000] [--accounts 20] [--per-account 10] [--no-heap]
 *     [--no-wait]   (no waiting for a quiet machine: a smoke run, not a measurement)
 *     [--load-below 1.5] [--note "what results/scale-workflows.json should say"]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	REPO_ROOT,
	resultsFile,
	STATE_DIR,
	TRIGGER,
	freshN8n,
	machine,
	numberArg,
	percentile,
	rssSummary,
	say,
	sleep,
	waitForQuietMachine,
} from './scale-lib';
import {
	EXPORT_SLOT_ENDPOINTS,
	executionTimes,
	exportRate,
	longestGapMs,
	nodeLogCounts,
	pollsFinished,
	type LoggedRequest,
} from './scale-read';
import { MIX, bringUp, control, startAccount, workflowsFor } from './scale-setup';
import { many } from './scale-many';

const only = process.argv.includes('--only')
	? new Set(process.argv[process.argv.indexOf('--only') + 1].split(','))
	: null;
const wanted = (section: string) => only === null || only.has(section);
// ---- single: 20 workflows, one account ------------------------------------------------------------

async function single() {
	const minutes = numberArg('--minutes', 15);
	const tickets = numberArg('--tickets', 30_000);
	const quiet = await waitForQuietMachine('scale:workflows single');
	const account = await startAccount('one', {
		seedTickets: tickets,
		seedUsers: 20_000,
		seedOrganizations: 3_000,
	});
	const n8n = await freshN8n('workflows-1x20');
	const workflows = workflowsFor(account, MIX, 'one');
	try {
		const { sampler, activatedMs, publishFailures } = await bringUp(n8n, [account], workflows, 60);
		sampler.phase = 'backlog';
		const endMs = activatedMs + minutes * 60_000;
		while (Date.now() < endMs) {
			await sleep(Math.min(60_000, endMs - Date.now()));
			const stats = await control(account.url, 'stats');
			const s = sampler.samples[sampler.samples.length - 1];
			say(
				`${Math.round((Date.now() - activatedMs) / 60_000)} min: ${stats.served429} x 429, ${s.treeMiB} MiB, load ${s.load}`,
			);
		}
		sampler.stop();
		const log = (await control(account.url, 'requests')) as LoggedRequest[];
		const stats = await control(account.url, 'stats');
		const nowSeconds = Math.floor(Date.now() / 1000);
		const perWorkflow = [];
		for (const [i, wf] of workflows.entries()) {
			const { startedMs, errors } = await executionTimes(n8n, wf.id);
			const gap = longestGapMs(startedMs, activatedMs, endMs);
			const state = await n8n.nodeStaticData(wf.id, TRIGGER);
			const cursor = Number(state?.cursorSeconds ?? account.startSeconds);
			perWorkflow.push({
				workflow: MIX[i][0],
				executions: gap.count,
				errors,
				firstExecutionS: gap.firstMs === null ? null : Math.round(gap.firstMs / 1000),
				longestGapAfterFirstS: Math.round(gap.betweenMs / 1000),
				backlogReadPercent: Math.round(
					(100 * (cursor - account.startSeconds)) / (nowSeconds - 61 - account.startSeconds),
				),
				backlogRemains: cursor < nowSeconds - 3600 || state?.catchingUp === true,
			});
		}
		// The first minute after publishing holds the access checks; the rate is read from the first tick.
		const rate = exportRate(log, activatedMs + 60_000, endMs);
		const result = {
			minutes,
			quiet,
			standIn: { tickets, served429: stats.served429, byEndpoint: stats.byEndpoint },
			rate,
			perWorkflow,
			exportLog: log
				.filter((r) => EXPORT_SLOT_ENDPOINTS.has(r.endpoint))
				.map((r) => [r.at, r.status, r.endpoint, r.query.start_time]),
			rss: {
				idle: rssSummary(sampler.of('idle')),
				run: rssSummary([...sampler.of('activate'), ...sampler.of('backlog')]),
				samples: sampler.samples,
			},
			publishFailures,
			n8nLog: nodeLogCounts(n8n.log()),
			polls: pollsFinished(n8n.log()),
			logFile: n8n.logFile,
		};
		return result;
	} finally {
		await n8n.stop();
		await account.close();
	}
}

function printSingle(r: Awaited<ReturnType<typeof single>>) {
	console.log(
		`\n== 20 workflows on one account, ${r.minutes} min (load before ${r.quiet.load}, during ${r.rss.run.load.min}-${r.rss.run.load.max}, mean ${r.rss.run.load.mean})`,
	);
	console.log(`429s served by the stand-in: ${r.standIn.served429}`);
	console.log(
		`export requests accepted, from the first tick on: mean over every 60-s window ${r.rate.slidingMean} (goal >= 9.0); ${r.rate.perMinute} per minute over the span; per whole minute: ${r.rate.minuteCounts.join(' ')}`,
	);
	console.log(`requests by endpoint: ${JSON.stringify(r.standIn.byEndpoint)}`);
	console.log(
		'workflow                              execs  errors  first exec (s)  longest gap after it (s)  backlog read  remains',
	);
	for (const w of r.perWorkflow) {
		console.log(
			`${w.workflow.padEnd(38)} ${String(w.executions).padStart(5)}  ${String(w.errors).padStart(6)}  ${String(w.firstExecutionS).padStart(14)}  ${String(w.longestGapAfterFirstS).padStart(24)}  ${String(w.backlogReadPercent).padStart(11)}%  ${w.backlogRemains}`,
		);
	}
	console.log(
		`n8n RSS MiB (main / tree): idle ${r.rss.idle.main.median} / ${r.rss.idle.tree.median}; peak ${r.rss.run.main.peak} / ${r.rss.run.tree.peak}; end ${r.rss.run.main.end} / ${r.rss.run.tree.end}`,
	);
	const reasons: Record<string, number> = {};
	for (const p of r.polls) reasons[p.stopReason] = (reasons[p.stopReason] ?? 0) + 1;
	const items = r.polls.map((p) => p.items).filter((n) => n > 0);
	console.log(
		`polls that finished: ${r.polls.length}, stop reasons ${JSON.stringify(reasons)}; items per emitting poll: median ${percentile(items, 0.5)}, max ${Math.max(...items)}`,
	);
	console.log(`n8n log: ${JSON.stringify(r.n8nLog)} (${r.logFile})`);
}

/** What results/scale-workflows.json keeps of a run (docs/performance.md quotes it); .scale/ has the rest. */
function workflowsFigures(
	one: Awaited<ReturnType<typeof single>> | undefined,
	spread: Awaited<ReturnType<typeof many>> | undefined,
) {
	const gaps = one?.perWorkflow.map((w) => w.longestGapAfterFirstS) ?? [];
	return {
		single: one && {
			minutes: one.minutes,
			workflows: one.perWorkflow.length,
			loadAtStart: one.quiet.load,
			served429: one.standIn.served429,
			exportRequestsPerMinute: one.rate.perMinute,
			exportRequestsSlidingMean: one.rate.slidingMean,
			longestGapAfterFirstS: { min: Math.min(...gaps), max: Math.max(...gaps) },
			errors: one.perWorkflow.reduce((sum, w) => sum + w.errors, 0),
			rssMainMiB: {
				idle: one.rss.idle.main.median,
				median: one.rss.run.main.median,
				peak: one.rss.run.main.peak,
			},
		},
		many: spread && {
			minutes: numberArg('--many-minutes', 15),
			workflows: spread.workflows,
			accounts: spread.accounts,
			loadAtStart: spread.quiet.load,
			served429: spread.served429,
			exportRequestsPerAccountPerMinute: spread.exportRequestsPerAccountPerMinute,
			executions: spread.executions,
			errors: spread.errors,
			rssMainMiB: {
				idle: spread.rss.idle.main.median,
				median: spread.rss.run.main.median,
				peak: spread.rss.run.main.peak,
			},
			rssTreeTrendSecondHalfMiBPerMin: spread.rss.slopeSecondHalfMiBPerMin,
			liveHeapMiB: {
				idle: spread.heap.idleMiB,
				trendSecondHalfMiBPerMin: spread.heap.slopeSecondHalfMiBPerMin,
			},
		},
	};
}

async function main() {
	const record = resultsFile.startResults('scale-workflows', {
		sections: only ? [...only] : ['single', 'many'],
		minutes: numberArg('--minutes', 15),
		tickets: numberArg('--tickets', 30_000),
		manyMinutes: numberArg('--many-minutes', 15),
		accounts: numberArg('--accounts', 20),
		perAccount: numberArg('--per-account', 10),
		loadBelow: numberArg('--load-below', 1.5),
	});
	const all: Record<string, unknown> = { machine: machine(), startedAt: new Date().toISOString() };
	const one = wanted('single') ? await single() : undefined;
	if (one) printSingle(one);
	// Written now too: a failure in the many section keeps the single section's figures.
	if (one) record.finish(workflowsFigures(one, undefined));
	const spread = wanted('many') ? await many() : undefined;
	const file = join(STATE_DIR, `scale-workflows-${Date.now()}.json`);
	writeFileSync(file, JSON.stringify({ ...all, single: one, many: spread }, null, 2));
	record.finish(workflowsFigures(one, spread));
	console.log(
		`\nall numbers: ${file.replace(`${REPO_ROOT}/`, '')}; figures: results/scale-workflows.json`,
	);
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
