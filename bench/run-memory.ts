/** Section 3 of `npm run bench`: the node's memory over backfills of growing size, outside n8n. */
import type { BackfillInput, BackfillResult } from './backfill';
import { checkAgainstTruth, round, runChild, type TruthCheck } from './lib';
import { fmt, int, print, table, targets } from './report';
import { quick } from './run-options';
import { startStandIn } from './run-stand-in';
import { DEFAULT_MAX_ITEMS_PER_POLL } from '../nodes/ZendeskExportTrigger/engine/settings';

export interface MemoryRow {
	tickets: number;
	cap: number;
	capIsDefault: boolean;
	polls: number;
	maxItemsPerPoll: number;
	baselineRssMiB: number;
	peakRssMiB: number;
	peakHeapUsedMiB: number;
	/** From a second run with a full GC after every poll: the most heap any poll left behind. */
	maxLiveHeapAfterPollMiB: number;
	rssAfterEachPollMiB: number[];
	liveHeapAfterEachPollMiB: number[];
	wallMs: number;
	caughtUp: boolean;
	check: TruthCheck;
}

export async function memoryRun(tickets: number, cap: number | undefined, gcBetweenPolls: boolean) {
	const { standIn, truth, startSeconds, startDate } = await startStandIn({
		seedTickets: tickets,
		// No limit here: this run is about memory, and it should not take minutes.
		exportLimitPerWindow: 1_000_000,
		accountLimitPerMinute: 1_000_000,
	});
	try {
		const input: BackfillInput = {
			url: standIn.url,
			startDate,
			maxTicketsPerPoll: cap,
			timeLimitMs: 600_000,
			pollGapMs: 0,
			gcBetweenPolls,
		};
		const run = await runChild<BackfillResult>('backfill.js', input, {
			nodeFlags: gcBetweenPolls ? ['--expose-gc'] : [],
			timeLimitMs: 660_000,
		});
		if (!run.result) throw new Error(`The memory child failed (exit ${run.exitCode})`);
		return {
			result: run.result,
			check: checkAgainstTruth(truth, run.result.versions, startSeconds),
		};
	} finally {
		await standIn.close();
	}
}

export async function memorySection() {
	const cases: Array<{ tickets: number; cap: number | undefined }> = quick
		? [
				{ tickets: 20_000, cap: undefined },
				{ tickets: 40_000, cap: undefined },
			]
		: [
				{ tickets: 50_000, cap: undefined },
				{ tickets: 100_000, cap: undefined },
				{ tickets: 200_000, cap: undefined },
				{ tickets: 100_000, cap: 20_000 },
			];
	const rows: MemoryRow[] = [];
	for (const { tickets, cap } of cases) {
		// As n8n runs it: no forced GC. Then again with a full GC after each poll, for the live heap.
		const natural = await memoryRun(tickets, cap, false);
		const collected = await memoryRun(tickets, cap, true);
		const result = natural.result;
		const live = collected.result.polls.map((poll) => poll.liveHeapMiB ?? Number.NaN);
		rows.push({
			tickets,
			cap: cap ?? DEFAULT_MAX_ITEMS_PER_POLL,
			capIsDefault: cap === undefined,
			polls: result.polls.length,
			maxItemsPerPoll: Math.max(...result.polls.map((poll) => poll.items)),
			baselineRssMiB: result.baselineRssMiB,
			peakRssMiB: result.peakRssMiB,
			peakHeapUsedMiB: result.peakHeapUsedMiB,
			maxLiveHeapAfterPollMiB: Math.max(...live),
			rssAfterEachPollMiB: result.polls.map((poll) => round(poll.rssMiB, 1)),
			liveHeapAfterEachPollMiB: live.map((value) => round(value, 1)),
			wallMs: result.wallMs,
			caughtUp: result.caughtUp && collected.result.caughtUp,
			check: natural.check.ok ? collected.check : natural.check,
		});
	}
	print();
	print(
		'3. Memory: backfill through the node in a child process (stand-in in another process, no rate limit)',
	);
	print(
		'   peak RSS = VmHWM of that process, run as n8n runs it; live heap = heapUsed after a forced full GC after each poll (a second run)',
	);
	table(
		[
			'tickets',
			'max tickets/poll',
			'polls',
			'largest poll',
			'RSS at start',
			'peak RSS',
			'peak heapUsed',
			'live heap after a poll, max',
			'wall s',
			'emitted = truth',
		],
		rows.map((row) => [
			int(row.tickets),
			`${int(row.cap)}${row.capIsDefault ? ' (default)' : ''}`,
			row.polls,
			int(row.maxItemsPerPoll),
			`${fmt(row.baselineRssMiB, 0)} MiB`,
			`${fmt(row.peakRssMiB, 0)} MiB`,
			`${fmt(row.peakHeapUsedMiB, 0)} MiB`,
			`${fmt(row.maxLiveHeapAfterPollMiB, 0)} MiB`,
			fmt(row.wallMs / 1000, 1),
			row.check.ok && row.caughtUp ? 'yes' : `NO ${JSON.stringify(row.check)}`,
		]),
	);
	for (const row of rows) {
		print(
			`   ${int(row.tickets)} / ${int(row.cap)}: RSS after each poll ${row.rssAfterEachPollMiB.map((value) => fmt(value, 0)).join(' ')} MiB`,
		);
	}
	const atDefault = rows.filter((row) => row.capIsDefault).sort((a, b) => a.tickets - b.tickets);
	const smallest = atDefault[0];
	const largest = atDefault[atDefault.length - 1];
	// --quick's sizes end before the heap has settled: nothing to judge there.
	if (smallest && largest && smallest !== largest && !quick) {
		const rssGrowth = largest.peakRssMiB / smallest.peakRssMiB;
		const liveGrowth = largest.maxLiveHeapAfterPollMiB / smallest.maxLiveHeapAfterPollMiB;
		const ticketGrowth = largest.tickets / smallest.tickets;
		print(
			`   default cap, ${int(smallest.tickets)} -> ${int(largest.tickets)} tickets (x${fmt(ticketGrowth, 0)}): peak RSS x${fmt(rssGrowth)}, live heap x${fmt(liveGrowth)}`,
		);
		targets.push({
			what: 'Memory bounded by the per-poll cap, not by N',
			target: `x${fmt(ticketGrowth, 0)} tickets: peak RSS and live heap each grow < 25%`,
			value: `peak RSS ${fmt(smallest.peakRssMiB, 0)} -> ${fmt(largest.peakRssMiB, 0)} MiB, live heap ${fmt(smallest.maxLiveHeapAfterPollMiB, 0)} -> ${fmt(largest.maxLiveHeapAfterPollMiB, 0)} MiB`,
			met:
				rssGrowth < 1.25 &&
				liveGrowth < 1.25 &&
				atDefault.every((row) => row.check.ok && row.caughtUp),
		});
	}
	return rows;
}
