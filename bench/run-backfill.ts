/** Section 2 of `npm run bench`: the node's backfill against the stand-in's scaled-down limit. */
import type { BackfillInput, BackfillResult } from './backfill';
import { checkAgainstTruth, INCLUDE, rateLimitFloorMs, runChild } from './lib';
import { fmt, int, print, table, targets } from './report';
import { BACKFILL, noProbe, PER_PAGE, quick, WALL_TARGET_RATIO } from './run-options';
import {
	clearCounters,
	exportCounts,
	leastRoundTripMs,
	pacingLateness,
	startStandIn,
	type BackfillRow,
	type FloorInfo,
} from './run-stand-in';

export async function nodeBackfill(label: string, maxTicketsPerPoll: number | undefined) {
	const { tickets, limit, windowMs } = BACKFILL;
	const minimum = Math.ceil(tickets / PER_PAGE) + 1;
	const { standIn, truth, startSeconds, startDate } = await startStandIn({
		seedTickets: tickets,
		exportLimitPerWindow: limit,
		rateWindowMs: windowMs,
	});
	try {
		// The floor's round trips: a full page, and the short last page.
		const sortedSeconds = truth.map((row) => row.generated_timestamp).sort((a, b) => a - b);
		const fullMs = await leastRoundTripMs(standIn.url, startSeconds);
		const lastMs = await leastRoundTripMs(standIn.url, sortedSeconds[Math.max(0, tickets - 50)]);
		await clearCounters(standIn.url);
		const floorMs = rateLimitFloorMs(minimum, limit, windowMs, (k) =>
			k === minimum - 1 ? lastMs : fullMs,
		);
		const floor: FloorInfo = {
			minimum,
			limit,
			windowMs,
			fullPageRoundTripMs: fullMs,
			lastPageRoundTripMs: lastMs,
			floorMs,
		};

		const input: BackfillInput = {
			url: standIn.url,
			startDate,
			maxTicketsPerPoll,
			timeLimitMs: Math.max(120_000, 4 * floorMs),
			pollGapMs: 0,
		};
		const run = await runChild<BackfillResult>('backfill.js', input, {
			timeLimitMs: input.timeLimitMs + 30_000,
		});
		if (!run.result)
			throw new Error(
				`The backfill child failed (exit ${run.exitCode}, timed out: ${run.timedOut})`,
			);
		const result = run.result;
		const counts = await exportCounts(standIn.url);
		const check = checkAgainstTruth(truth, result.versions, startSeconds);
		const waits = pacingLateness(counts.log, limit, windowMs, 900);
		const row: BackfillRow = {
			client: label,
			requests: counts.requests,
			served429: counts.served429,
			minimum,
			wallMs: result.wallMs,
			floorMs,
			returned: check.emitted,
			distinct: check.distinctIds,
			check,
			finished: result.caughtUp
				? `yes, ${result.polls.length} polls`
				: `no${result.error ? `: ${result.error}` : ''}`,
			note: result.polls
				.map((poll) => `${poll.items}/${poll.requests ?? '?'}/${poll.stopReason}`)
				.join(' '),
		};
		return {
			row,
			floor,
			polls: result.polls,
			waits,
			warnings: result.warnings,
			requests: counts.log.map((entry) => ({
				at: entry.at,
				status: entry.status,
				start_time: entry.query.start_time,
			})),
		};
	} finally {
		await standIn.close();
	}
}

export async function backfillSection() {
	// 10,000 a poll, the limit's worth of pages: the default until the cap became one page (README,
	// "Memory in real n8n"), and what this row was measured with.
	const main = await nodeBackfill('this node (poll() via n8n-core HTTP)', 10_000);
	const { row, floor } = main;
	targets.push(
		{
			what: `Backfill ${int(BACKFILL.tickets)}: wall time vs floor`,
			target: `<= ${WALL_TARGET_RATIO}x floor (${fmt(floor.floorMs / 1000)} s)`,
			value: `${fmt(row.wallMs / 1000)} s = ${fmt(row.wallMs / floor.floorMs, 3)}x`,
			met: row.wallMs <= WALL_TARGET_RATIO * floor.floorMs,
		},
		{
			what: `Backfill ${int(BACKFILL.tickets)}: requests answered 429`,
			target: '0',
			value: String(row.served429),
			met: row.served429 === 0,
		},
		{
			what: `Backfill ${int(BACKFILL.tickets)}: export requests`,
			target: `<= minimum + 1 = ${floor.minimum + 1}`,
			value: String(row.requests),
			met: row.requests <= floor.minimum + 1,
		},
		{
			what: `Backfill ${int(BACKFILL.tickets)}: emitted = truth`,
			target: 'every ticket once, final version',
			value: row.check.ok ? 'yes' : JSON.stringify(row.check),
			met: row.check.ok && row.finished.startsWith('yes'),
		},
	);
	// A probe, not a target: with 9,000 a poll ends on exactly the 10th request of a window,
	// so the next poll starts with the window spent.
	const probe =
		quick || noProbe
			? null
			: await nodeBackfill('this node, Max Tickets per Poll 9,000 (probe)', 9_000);
	return { main, probe };
}

export function printBackfill(
	node: Awaited<ReturnType<typeof backfillSection>> | null,
	peers: BackfillRow[],
) {
	const { tickets, limit, windowMs } = BACKFILL;
	const floor = node?.main.floor;
	print();
	print(
		`2/4. Backfill of ${int(tickets)} tickets from the stand-in, export limit ${limit} per ${int(windowMs)} ms (sliding window), include=${INCLUDE.join(',')}`,
	);
	if (floor) {
		print(
			`   minimum requests = ceil(N/${PER_PAGE}) + 1 = ${floor.minimum}; floor = t_${floor.minimum - 1} + d_last, t_0 = 0, t_k = max(t_(k-1) + d, t_(k-${limit}) + ${windowMs}) = ${fmt(floor.floorMs / 1000, 3)} s`,
		);
		print(
			`   (d = least round trip of a full page ${fmt(floor.fullPageRoundTripMs, 1)} ms, of the last page ${fmt(floor.lastPageRoundTripMs, 1)} ms)`,
		);
	}
	const runs = node ? [node.main, ...(node.probe ? [node.probe] : [])] : [];
	const rows = [...runs.map((run) => run.row), ...peers];
	table(
		[
			'client',
			'requests',
			'429s',
			'minimum',
			'wall s',
			'wall/floor',
			'returned',
			'distinct ids',
			'truth',
			'correct',
			'finished',
		],
		rows.map((row) => [
			row.client,
			row.requests,
			row.served429,
			row.minimum,
			fmt(row.wallMs / 1000),
			// A client that left tickets behind has no time to compare with the floor.
			floor && row.check.missing === 0 ? fmt(row.wallMs / floor.floorMs, 3) : '',
			int(row.returned),
			int(row.distinct),
			int(row.check.expected),
			row.check.ok
				? 'yes'
				: `no: ${int(row.check.missing)} missing, ${int(row.check.duplicates)} dup`,
			row.finished,
		]),
	);
	for (const run of runs) {
		print(`   ${run.row.client}`);
		print(`     polls (items/requests/stop reason): ${run.row.note}`);
		print(
			`     paced waits (#request gap-before-it/late-vs-earliest-allowed, ms): ${run.waits.map((wait) => `#${wait.request} ${wait.gapMs}/${wait.lateMs}`).join(', ')}`,
		);
		const lateMs = run.waits.reduce((sum, wait) => sum + Math.max(0, wait.lateMs), 0);
		print(
			`     lateness summed: ${fmt(lateMs / 1000, 2)} s of the ${fmt((run.row.wallMs - run.floor.floorMs) / 1000, 2)} s above the floor`,
		);
	}
	for (const peer of peers) print(`   ${peer.client}: ${peer.note}`);
}
