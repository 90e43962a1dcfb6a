/** The stand-in as sections 2-4 of `npm run bench` use it: started fresh, counted, its log read. */
import {
	BASIC_AUTH,
	getJson,
	INCLUDE,
	loadStandIn,
	type LoggedRequest,
	type StandInStats,
	type TruthCheck,
	type TruthRow,
} from './lib';
import { DAY_SECONDS } from './run-options';

export async function startStandIn(
	options: Parameters<ReturnType<typeof loadStandIn>['startStandIn']>[0],
) {
	const standIn = await loadStandIn().startStandIn(options);
	const truth = await getJson<TruthRow[]>(`${standIn.url}/__control/truth`);
	const { now } = await getJson<{ now: number }>(`${standIn.url}/__control/now`);
	// Every seeded ticket is younger than 30 days: a day more takes them all.
	const startSeconds = now - 31 * DAY_SECONDS;
	return { standIn, truth, startSeconds, startDate: new Date(startSeconds * 1000).toISOString() };
}

export async function clearCounters(url: string): Promise<void> {
	for (const path of ['ratelimit', 'stats', 'requests']) {
		await getJson(`${url}/__control/${path}`, { method: 'DELETE' });
	}
}

/** The least round trip of one export page, fetched and parsed (the next start_time is in it). */
export async function leastRoundTripMs(
	url: string,
	startSeconds: number,
	tries = 3,
): Promise<number> {
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

export interface ExportCounts {
	requests: number;
	served429: number;
	accepted: number;
	log: LoggedRequest[];
}

export async function exportCounts(url: string): Promise<ExportCounts> {
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
export function pacingLateness(
	log: LoggedRequest[],
	limit: number,
	windowMs: number,
	pauseMs: number,
) {
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

export interface BackfillRow {
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

export interface FloorInfo {
	minimum: number;
	limit: number;
	windowMs: number;
	fullPageRoundTripMs: number;
	lastPageRoundTripMs: number;
	floorMs: number;
}

/** Runs the node's backfill once against a fresh stand-in with the scaled-down limit. */
