/**
 * The `many` section of `npm run scale:workflows`: 200 workflows on 20 accounts (a stand-in each,
 * on its own port, so 20 origins and 20 rate budgets) in one n8n, small backlogs and then a
 * trickle of changes, for n8n's memory over time: RSS every 10 s and, every 3 minutes, the live
 * heap after a forced full GC (what stays, whatever V8 keeps around).
 */
import {
	freshN8n,
	liveHeapMiB,
	numberArg,
	rssSummary,
	say,
	sleep,
	slope,
	slopeMiBPerMin,
	waitForQuietMachine,
} from './scale-lib';
import { executionTimes, exportRate, nodeLogCounts } from './scale-read';
import { MIX, bringUp, control, startAccount, workflowsFor, type Account } from './scale-setup';

export async function many() {
	const minutes = numberArg('--many-minutes', 15);
	const accountCount = numberArg('--accounts', 20);
	const perAccount = numberArg('--per-account', 10);
	const quiet = await waitForQuietMachine('scale:workflows many');
	const accounts: Account[] = [];
	for (let a = 0; a < accountCount; a++)
		accounts.push(
			await startAccount(`acct${a}`, {
				seedTickets: 2_000,
				seedUsers: 500,
				seedOrganizations: 100,
				randomSeed: a + 1,
			}),
		);
	const n8n = await freshN8n('workflows-20x10', { inspect: !process.argv.includes('--no-heap') });
	const workflows = accounts.flatMap((account, a) =>
		workflowsFor(
			account,
			Array.from({ length: perAccount }, (_, j) => MIX[(a * perAccount + j) % MIX.length]),
			`acct${a}`,
		),
	);
	let trickle: NodeJS.Timeout | undefined;
	try {
		const { sampler, activatedMs, publishFailures, idleHeapMiB } = await bringUp(
			n8n,
			accounts,
			workflows,
			60,
		);
		sampler.phase = 'running';
		// n8n's live heap after a forced full GC, every 3 minutes: what stays, whatever V8 keeps.
		const heap: Array<{ min: number; mib: number | null }> = [];
		// A trickle of changes on every account: 3 new tickets, 2 comments, 1 new user a minute.
		let round = 0;
		trickle = setInterval(() => {
			round++;
			for (const a of accounts) {
				const post = (path: string, body: unknown) =>
					fetch(`${a.url}/__control/${path}`, {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify(body),
					}).catch(() => undefined);
				void post('tickets', { count: 3 });
				void post(`tickets/${1 + (round % 2000)}/comments`, { author: 'requester' });
				void post(`tickets/${1000 + (round % 1000)}/comments`, { public: false });
				void post('users', { count: 1 });
			}
		}, 60_000);
		const endMs = activatedMs + minutes * 60_000;
		for (let minute = 1; Date.now() < endMs; minute++) {
			await sleep(Math.min(60_000, endMs - Date.now()));
			if (minute % 3 === 0) heap.push({ min: minute, mib: await liveHeapMiB(n8n) });
			const s = sampler.samples[sampler.samples.length - 1];
			say(
				`${Math.round((Date.now() - activatedMs) / 60_000)} min: ${s.mainMiB} / ${s.treeMiB} MiB, load ${s.load}`,
			);
		}
		clearInterval(trickle);
		sampler.stop();
		let served429 = 0;
		let accepted = 0;
		for (const a of accounts) {
			served429 += (await control(a.url, 'stats')).served429;
			accepted += exportRate(await control(a.url, 'requests'), activatedMs, endMs).accepted;
		}
		let executions = 0;
		let errors = 0;
		for (const wf of workflows) {
			const times = await executionTimes(n8n, wf.id);
			executions += times.startedMs.length;
			errors += times.errors;
		}
		const running = sampler.of('running');
		const secondHalf = running.filter((s) => s.t >= running[0].t + (minutes * 60) / 2);
		const result = {
			quiet,
			accounts: accountCount,
			workflows: workflows.length,
			publishFailures,
			served429,
			exportRequestsPerAccountPerMinute: Number((accepted / accountCount / minutes).toFixed(2)),
			executions,
			errors,
			rss: {
				idle: rssSummary(sampler.of('idle')),
				run: rssSummary([...sampler.of('activate'), ...running]),
				slopeSecondHalfMiBPerMin: slopeMiBPerMin(secondHalf),
				byMinute: running
					.filter((_, i) => i % 6 === 0)
					.map((s) => `${Math.round(s.t / 60)}m:${s.treeMiB}`),
				samples: sampler.samples,
			},
			heap: {
				idleMiB: idleHeapMiB,
				series: heap,
				slopeSecondHalfMiBPerMin: slope(
					heap.filter((h) => h.min >= minutes / 2).map((h) => h.min),
					heap.filter((h) => h.min >= minutes / 2).map((h) => h.mib ?? Number.NaN),
				),
			},
			n8nLog: nodeLogCounts(n8n.log()),
			logFile: n8n.logFile,
		};
		const r = result.rss;
		console.log(
			`\n== ${result.workflows} workflows on ${accountCount} accounts, ${minutes} min (load before ${quiet.load}, during ${r.run.load.min}-${r.run.load.max}, mean ${r.run.load.mean})`,
		);
		console.log(
			`publish failures ${publishFailures}; 429s served ${served429}; export requests per account per minute ${result.exportRequestsPerAccountPerMinute}; executions ${executions} (${errors} errors)`,
		);
		console.log(
			`n8n RSS MiB (main / tree): idle ${r.idle.main.median} / ${r.idle.tree.median}; peak ${r.run.main.peak} / ${r.run.tree.peak}; end ${r.run.main.end} / ${r.run.tree.end}`,
		);
		console.log(
			`tree RSS trend over the second half: ${r.slopeSecondHalfMiBPerMin} MiB/min; by minute: ${r.byMinute.join(' ')}`,
		);
		console.log(
			`n8n live heap after a forced GC, MiB: idle ${idleHeapMiB}; ${heap.map((h) => `${h.min}m:${h.mib}`).join(' ')}; trend over the second half ${result.heap.slopeSecondHalfMiBPerMin} MiB/min`,
		);
		console.log(`n8n log: ${JSON.stringify(result.n8nLog)} (${result.logFile})`);
		return result;
	} finally {
		clearInterval(trickle);
		await n8n.stop();
		for (const a of accounts) await a.close();
	}
}
