/**
 * `npm run bench`: every measurement side by side, in one run on one machine. Prints a table and
 * writes bench/results.json. What each number means: bench/README.md.
 *
 *   node bench/.build/bench/run.js [--only cpu,profile,events,backfill,peer,memory] [--quick]
 *     [--tickets 50000] [--limit 10] [--window-ms 6000] [--no-probe]   (the backfill's stand-in)
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { BackfillInput, BackfillResult } from './backfill';
import type { CpuInput, PageResult } from './cpu';
import type { EventsCpuInput, EventsCpuResult } from './cpu-events';
import {
	BASIC_AUTH,
	checkAgainstTruth,
	getJson,
	INCLUDE,
	loadStandIn,
	machine,
	rateLimitFloorMs,
	REPO_ROOT,
	round,
	runChild,
	type LoggedRequest,
	type StandInStats,
	type TruthCheck,
	type TruthRow,
} from './lib';
import type { PeerInput, PeerResult } from './peer';
import { DEFAULT_MAX_ITEMS_PER_POLL } from '../nodes/ZendeskExportTrigger/engine/settings';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.indexOf('--only');
const only = onlyArg >= 0 ? new Set(args[onlyArg + 1].split(',')) : null;
const wanted = (section: string) => only === null || only.has(section);
function numberArg(name: string, fallback: number): number {
	const index = args.indexOf(name);
	return index >= 0 ? Number(args[index + 1]) : fallback;
}
const noProbe = args.includes('--no-probe');

/** The CPU target: the node's handling of a page costs at most this many bare JSON.parses. */
const CPU_TARGET_RATIO = 1.25;
const WALL_TARGET_RATIO = 1.05;
const BACKFILL = {
	tickets: numberArg('--tickets', quick ? 20_000 : 50_000),
	limit: numberArg('--limit', 10),
	windowMs: numberArg('--window-ms', 6_000),
};
const PER_PAGE = 1000;
const DAY_SECONDS = 86_400;
const PROFILE_DIR = join(REPO_ROOT, 'bench', 'profiles');

interface Target {
	what: string;
	target: string;
	value: string;
	met: boolean;
}
const targets: Target[] = [];
const lines: string[] = [];
function print(line = ''): void {
	lines.push(line);
	console.log(line);
}

function table(header: string[], rows: Array<Array<string | number>>): void {
	const cells = [header, ...rows.map((row) => row.map(String))];
	const widths = header.map((_, column) =>
		Math.max(...cells.map((row) => (row[column] ?? '').length)),
	);
	const format = (row: string[]) =>
		row
			.map((cell, column) =>
				column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]),
			)
			.join('  ');
	print(format(header));
	print(widths.map((width) => '-'.repeat(width)).join('  '));
	for (const row of cells.slice(1)) print(format(row));
}

const fmt = (value: number, digits = 2) =>
	Number.isFinite(value) ? value.toFixed(digits) : String(value);
const int = (value: number) => Math.round(value).toLocaleString('en-US');
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

// ---- 1. CPU per page ---------------------------------------------------------------------------

async function cpuSection() {
	const input: CpuInput = {
		pages: [
			{
				name: 'realistic (300 B descriptions)',
				descriptionBytes: 300,
				runs: quick ? 60 : 200,
				warmup: 20,
			},
			{
				name: 'large (20 KB descriptions)',
				descriptionBytes: 20_000,
				runs: quick ? 10 : 40,
				warmup: 5,
			},
		],
		components: { runs: quick ? 40 : 120, warmup: 10 },
	};
	const run = await runChild<{ pages: PageResult[]; niceness: number }>('cpu.js', input, {
		nodeFlags: ['--expose-gc', '--single-threaded-gc'],
		timeLimitMs: 15 * 60_000,
	});
	if (!run.result) throw new Error(`The CPU child failed (exit ${run.exitCode})`);
	print();
	print(
		'1. CPU per page: one 1000-ticket page, body string -> n8n items, vs bare JSON.parse of the same body',
	);
	print(
		`   ms on the main thread per page (GC included, single-threaded; niceness ${run.result.niceness}), median [p10-p90];`,
	);
	print('   ratio = node / JSON.parse within the same round, median [p10-p90]');
	const rows: Array<Array<string | number>> = [];
	for (const page of run.result.pages) {
		for (const variant of page.variants) {
			const ratio = variant.ratioToParse;
			rows.push([
				variant.name === 'bare JSON.parse' ? `${page.name}, ${mib(page.bodyBytes)}` : '',
				variant.name,
				`${fmt(variant.ms.median)} [${fmt(variant.ms.p10)}-${fmt(variant.ms.p90)}]`,
				ratio && variant.name !== 'bare JSON.parse'
					? `${fmt(ratio.median)} [${fmt(ratio.p10)}-${fmt(ratio.p90)}]`
					: '',
			]);
		}
		const node = page.variants.find((variant) => variant.name === 'node poll (default options)');
		if (node?.ratioToParse) {
			targets.push({
				what: `CPU per page, ${page.name}`,
				target: `<= ${CPU_TARGET_RATIO}x bare JSON.parse`,
				value: `${fmt(node.ratioToParse.median)}x (p10 ${fmt(node.ratioToParse.p10)}, p90 ${fmt(node.ratioToParse.p90)}; ${node.ms.runs} runs)`,
				met: node.ratioToParse.median <= CPU_TARGET_RATIO,
			});
		}
	}
	table(['page', 'path', 'ms per page', 'ratio to JSON.parse'], rows);

	const realistic = run.result.pages[0];
	const components = realistic.components ?? [];
	if (components.length) {
		const parseMs = components[0].ms.median;
		print();
		print(
			'1b. The parts of that handling, each timed alone on a freshly parsed realistic page (median ms)',
		);
		table(
			['part', 'ms', '% of JSON.parse'],
			components.map((component) => [
				component.name,
				fmt(component.ms.median, 3),
				fmt((100 * component.ms.median) / parseMs, 1),
			]),
		);
		const partsMs = components
			.filter((component) => component.kind === 'package')
			.reduce((sum, component) => sum + component.ms.median, 0);
		print(
			`    the parts add up to ${fmt(partsMs)} ms = ${fmt((100 * partsMs) / parseMs, 1)}% of JSON.parse`,
		);
	}
	return run.result;
}

// ---- 1c. where the time goes (node --cpu-prof) -------------------------------------------------

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}

/** Self time per function of a .cpuprofile, in µs. */
function selfTimes(file: string): Map<string, number> {
	const profile = JSON.parse(readFileSync(file, 'utf8')) as {
		nodes: ProfileNode[];
		samples: number[];
		timeDeltas: number[];
	};
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const totals = new Map<string, number>();
	profile.samples.forEach((sample, index) => {
		const frame = byId.get(sample)?.callFrame;
		if (!frame) return;
		const file = frame.url
			.replace(/^.*\/bench\/\.build\//, '')
			.replace(/^.*\/node_modules\//, 'node_modules/');
		const key = frame.url
			? `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`
			: frame.functionName;
		totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[index] ?? 0));
	});
	return totals;
}

async function profileSection() {
	const runs = quick ? 100 : 300;
	rmSync(PROFILE_DIR, { recursive: true, force: true });
	mkdirSync(PROFILE_DIR, { recursive: true });
	const input: CpuInput = {
		pages: [{ name: 'realistic (300 B descriptions)', descriptionBytes: 300, runs, warmup: 10 }],
		profileOnly: true,
	};
	const run = await runChild<{ pages: PageResult[] }>('cpu.js', input, {
		nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, '--cpu-prof-interval', '50'],
		timeLimitMs: 10 * 60_000,
	});
	const files = readdirSync(PROFILE_DIR)
		.filter((name) => name.endsWith('.cpuprofile'))
		.map((name) => join(PROFILE_DIR, name))
		.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
	if (!run.result || files.length === 0) throw new Error('The profiling child wrote no profile');
	const totals = selfTimes(files[0]);
	const pages = runs + 10;
	// Everything the page handling runs: the package's code, JSON.parse inside it, and the GC.
	const rows = [...totals]
		.filter(([key]) => key.includes('nodes/ZendeskExportTrigger/') || key === '(garbage collector)')
		.map(([key, micros]) => ({ key, perPageMs: micros / 1000 / pages }))
		.sort((a, b) => b.perPageMs - a.perPageMs);
	const parse = rows.find((row) => row.key.startsWith('parseJsonBody '));
	const parseMs = parse?.perPageMs ?? Number.NaN;
	print();
	print(
		`1c. Where the node's time goes on the realistic page (node --cpu-prof, ${pages} pages, self time per page)`,
	);
	print(
		`    JSON.parse runs inside parseJsonBody; every other line is on top of it. Profile: ${files[0].replace(`${REPO_ROOT}/`, '')}`,
	);
	const shown = rows.filter((row) => row.perPageMs >= 0.005);
	table(
		['function (file:line)', 'ms/page', '% of JSON.parse'],
		shown.map((row) => [
			row.key,
			fmt(row.perPageMs, 3),
			row === parse ? '100' : fmt((100 * row.perPageMs) / parseMs, 1),
		]),
	);
	const overheadMs = rows
		.filter((row) => row !== parse)
		.reduce((sum, row) => sum + row.perPageMs, 0);
	print(
		`    on top of JSON.parse: ${fmt(overheadMs, 2)} ms/page = ${fmt((100 * overheadMs) / parseMs, 1)}% of it`,
	);
	return {
		profile: files[0].replace(`${REPO_ROOT}/`, ''),
		pages,
		parseMsPerPage: parseMs,
		overheadMsPerPage: overheadMs,
		functions: rows.map((row) => ({ function: row.key, msPerPage: round(row.perPageMs, 4) })),
	};
}

// ---- 1d. CPU per page of ticket events --------------------------------------------------------

async function eventsSection() {
	const input: EventsCpuInput = {
		seedTickets: 700,
		descriptionBytes: 300,
		runs: quick ? 60 : 200,
		warmup: 20,
	};
	const run = await runChild<EventsCpuResult>('cpu-events.js', input, {
		nodeFlags: ['--expose-gc', '--single-threaded-gc'],
		timeLimitMs: 15 * 60_000,
	});
	if (!run.result) throw new Error(`The ticket events CPU child failed (exit ${run.exitCode})`);
	const result = run.result;
	const { Comment = 0, Create = 0, Change = 0 } = result.children;
	print();
	print(
		`1d. CPU per page of ticket events: one ${result.audits}-audit page of incremental/ticket_events (include=comment_events), body string -> items, vs bare JSON.parse of the same body`,
	);
	print(
		`   children: ${int(Comment)} comments, ${int(Create)} Create, ${int(Change)} Change; ms and ratio as in 1 (niceness ${result.niceness});`,
	);
	print(
		'   engine rows: runPoll on a scripted source handing over the page parsed beforehand (the parse is not in their ms)',
	);
	table(
		['page', 'path', 'ms per page', 'ratio to JSON.parse', 'items'],
		result.variants.map((variant) => [
			variant.name === 'bare JSON.parse' ? `ticket events, ${mib(result.bodyBytes)}` : '',
			variant.name,
			`${fmt(variant.ms.median)} [${fmt(variant.ms.p10)}-${fmt(variant.ms.p90)}]`,
			variant.ratioToParse && variant.name !== 'bare JSON.parse'
				? `${fmt(variant.ratioToParse.median)} [${fmt(variant.ratioToParse.p10)}-${fmt(variant.ratioToParse.p90)}]`
				: '',
			result.items[variant.name] === undefined ? '' : int(result.items[variant.name]),
		]),
	);
	return result;
}

// ---- 2. backfill against the limit -------------------------------------------------------------

async function startStandIn(
	options: Parameters<ReturnType<typeof loadStandIn>['startStandIn']>[0],
) {
	const standIn = await loadStandIn().startStandIn(options);
	const truth = await getJson<TruthRow[]>(`${standIn.url}/__control/truth`);
	const { now } = await getJson<{ now: number }>(`${standIn.url}/__control/now`);
	// Every seeded ticket is younger than 30 days: a day more takes them all.
	const startSeconds = now - 31 * DAY_SECONDS;
	return { standIn, truth, startSeconds, startDate: new Date(startSeconds * 1000).toISOString() };
}

async function clearCounters(url: string): Promise<void> {
	for (const path of ['ratelimit', 'stats', 'requests']) {
		await getJson(`${url}/__control/${path}`, { method: 'DELETE' });
	}
}

/** The least round trip of one export page, fetched and parsed (the next start_time is in it). */
async function leastRoundTripMs(url: string, startSeconds: number, tries = 3): Promise<number> {
	const query = new URLSearchParams({
		start_time: String(startSeconds),
		include: INCLUDE.join(','),
		support_type_scope: 'all',
	});
	let best = Number.POSITIVE_INFINITY;
	for (let i = 0; i < tries; i++) {
		const started = performance.now();
		const response = await fetch(`${url}/api/v2/incremental/tickets.json?${query}`, {
			headers: { authorization: BASIC_AUTH },
		});
		JSON.parse(await response.text());
		best = Math.min(best, performance.now() - started);
	}
	return best;
}

interface ExportCounts {
	requests: number;
	served429: number;
	accepted: number;
	log: LoggedRequest[];
}

async function exportCounts(url: string): Promise<ExportCounts> {
	const stats = await getJson<StandInStats>(`${url}/__control/stats`);
	const log = (await getJson<LoggedRequest[]>(`${url}/__control/requests`)).filter(
		(entry) => entry.endpoint === 'tickets' || entry.endpoint === 'cursor',
	);
	const requests = (stats.byEndpoint.tickets ?? 0) + (stats.byEndpoint.cursor ?? 0);
	return { requests, served429: stats.served429, accepted: requests - stats.served429, log };
}

/**
 * The requests that went out after a pause (a gap of at least `pauseMs` since the one before:
 * the engine's pacing sleeps and Retry-After waits are whole seconds), and for each, how much
 * later than the window allowed it went: t_k - (t_{k-limit} + windowMs), counted over accepted
 * requests. Their sum is what the pacing added to the floor.
 */
function pacingLateness(log: LoggedRequest[], limit: number, windowMs: number, pauseMs: number) {
	const accepted = log
		.filter((entry) => entry.status !== 429)
		.map((entry) => Date.parse(String(entry.at)));
	const waits: Array<{ request: number; gapMs: number; lateMs: number }> = [];
	for (let k = 1; k < accepted.length; k++) {
		const gapMs = accepted[k] - accepted[k - 1];
		if (gapMs < pauseMs) continue;
		const earliest = k >= limit ? accepted[k - limit] + windowMs : accepted[k - 1];
		waits.push({
			request: k + 1,
			gapMs: Math.round(gapMs),
			lateMs: Math.round(accepted[k] - earliest),
		});
	}
	return waits;
}

interface BackfillRow {
	client: string;
	requests: number;
	served429: number;
	minimum: number;
	wallMs: number;
	floorMs: number;
	returned: number;
	distinct: number;
	check: TruthCheck;
	finished: string;
	note: string;
}

interface FloorInfo {
	minimum: number;
	limit: number;
	windowMs: number;
	fullPageRoundTripMs: number;
	lastPageRoundTripMs: number;
	floorMs: number;
}

/** Runs the node's backfill once against a fresh stand-in with the scaled-down limit. */
async function nodeBackfill(label: string, maxTicketsPerPoll: number | undefined) {
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

async function backfillSection() {
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

// ---- 3. memory --------------------------------------------------------------------------------

interface MemoryRow {
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

async function memoryRun(tickets: number, cap: number | undefined, gcBetweenPolls: boolean) {
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

async function memorySection() {
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

// ---- 4. the peer -------------------------------------------------------------------------------

async function peerSection() {
	const { tickets, limit, windowMs } = BACKFILL;
	const minimum = Math.ceil(tickets / PER_PAGE) + 1;
	const rows: BackfillRow[] = [];
	const variants: Array<{ variant: PeerInput['variant']; client: string }> = [
		{ variant: 'library', client: 'node-zendesk ticketexport.exportWithInclude' },
		{ variant: 'loop', client: 'node-zendesk ticketexport.export, hand loop' },
	];
	for (const { variant, client } of variants) {
		const { standIn, truth, startSeconds } = await startStandIn({
			seedTickets: tickets,
			exportLimitPerWindow: limit,
			rateWindowMs: windowMs,
		});
		try {
			const timeLimitMs = 120_000;
			const input: PeerInput = { url: standIn.url, startSeconds, variant, timeLimitMs };
			const run = await runChild<PeerResult>('peer.js', input, {
				timeLimitMs: timeLimitMs + 15_000,
			});
			const counts = await exportCounts(standIn.url);
			const versions = run.result?.versions ?? [];
			const check = checkAgainstTruth(truth, versions, startSeconds);
			rows.push({
				client,
				requests: counts.requests,
				served429: counts.served429,
				minimum,
				wallMs: run.result?.wallMs ?? run.wallMs,
				floorMs: Number.NaN,
				returned: versions.length / 2,
				distinct: check.distinctIds,
				check,
				finished: run.timedOut
					? 'no: killed at the time limit'
					: run.result?.finished
						? `yes: ${run.result.outcome}`
						: `no: ${run.result?.outcome ?? `exit ${run.exitCode}`}`,
				note: `calls made: ${run.result?.calls ?? '?'}; answers handed back that were not pages (429s): ${run.result?.nonPages ?? '?'}`,
			});
		} finally {
			await standIn.close();
		}
	}
	return rows;
}

function printBackfill(
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

async function main(): Promise<void> {
	const startedAt = new Date().toISOString();
	const before = machine();
	print(`Zendesk export benchmark — ${startedAt}${quick ? ' (quick)' : ''}`);
	print(
		`machine: ${before.cpuModel}, ${before.cores} cores, ${before.totalMemoryGiB} GiB, ${before.platform}; node ${before.node} (V8 ${before.v8}); load average (1 min) at start ${before.loadAverage1m}`,
	);

	const results: Record<string, unknown> = {};
	if (wanted('cpu')) results.cpu = await cpuSection();
	if (wanted('profile')) results.profile = await profileSection();
	if (wanted('events')) results.events = await eventsSection();
	const node = wanted('backfill') ? await backfillSection() : null;
	if (node) results.backfill = node;
	const peers = wanted('peer') ? await peerSection() : [];
	if (peers.length) results.peer = peers;
	if (node || peers.length) printBackfill(node, peers);
	if (wanted('memory')) results.memory = await memorySection();

	const after = machine();
	print();
	print('Targets');
	table(
		['what', 'target', 'measured', 'met'],
		targets.map((target) => [target.what, target.target, target.value, target.met ? 'yes' : 'NO']),
	);
	print(`load average (1 min) at the end: ${after.loadAverage1m}`);

	const file = join(REPO_ROOT, 'bench', 'results.json');
	writeFileSync(
		file,
		`${JSON.stringify(
			{
				startedAt,
				finishedAt: new Date().toISOString(),
				quick,
				machine: { ...before, loadAverage1mAtEnd: after.loadAverage1m },
				targets,
				...results,
				printed: lines,
			},
			null,
			'\t',
		)}\n`,
	);
	console.log(`\nwrote ${file.replace(`${REPO_ROOT}/`, '')}`);
}

main().catch((thrown) => {
	console.error(thrown);
	process.exitCode = 1;
});
