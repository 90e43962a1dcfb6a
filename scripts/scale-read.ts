/**
 * Reading what happened in a scale run: executions per workflow (the gaps between them), the
 * stand-in's request log (export requests per minute), our node's lines in n8n's log, and the
 * ticket versions a workflow emitted.
 */
import { TRIGGER, harness, round, type N8n } from './scale-lib';

/** Every ticket version the workflow's executions emitted, as flat (id, generated_timestamp) pairs. */
export async function emittedVersions(n8n: N8n, workflowId: string): Promise<number[]> {
	const versions: number[] = [];
	for (const execution of await n8n.executions(workflowId, { includeData: false })) {
		const answer = await n8n.api('GET', `/executions/${execution.id}?includeData=true`);
		for (const ticket of harness.triggerItems(answer.json, TRIGGER))
			versions.push(Number(ticket.id), Number(ticket.generated_timestamp));
	}
	return versions;
}

/** Start times (ms) of a workflow's executions, oldest first, and how many ended in an error. */
export async function executionTimes(n8n: N8n, workflowId: string) {
	const executions = await n8n.executions(workflowId, { includeData: false });
	return {
		startedMs: executions.map((e) => Date.parse(e.startedAt)).sort((a, b) => a - b),
		errors: executions.filter((e) => e.status === 'error').length,
	};
}

/**
 * The longest time a workflow went without an execution inside [fromMs, toMs]: between two
 * executions, or from `fromMs` to its first one, or from its last one to `toMs`.
 */
export function longestGapMs(startedMs: number[], fromMs: number, toMs: number) {
	const inside = startedMs.filter((t) => t >= fromMs && t <= toMs);
	const points = [fromMs, ...inside, toMs];
	let gap = 0;
	let between = 0;
	for (let i = 1; i < points.length; i++) {
		gap = Math.max(gap, points[i] - points[i - 1]);
		if (i >= 2 && i < points.length - 1) between = Math.max(between, points[i] - points[i - 1]);
	}
	return {
		count: inside.length,
		gapMs: gap,
		betweenMs: between,
		firstMs: inside.length ? inside[0] - fromMs : null,
	};
}

// ---- the stand-in's request log ----------------------------------------------------------------

/** Endpoints that take a slot of the account's 10-a-minute export budget. */
export const EXPORT_SLOT_ENDPOINTS = new Set([
	'tickets',
	'cursor',
	'ticket_events',
	'users',
	'organizations',
]);

export interface LoggedRequest {
	at: string;
	status: number;
	endpoint: string;
	query: Record<string, string>;
}

/**
 * Accepted export requests inside [fromMs, toMs]: per minute over the whole span, per whole minute,
 * and the mean over every 60-s window starting in the span, a second apart (the share of the
 * sliding window's 10 slots in use, free of where the minute boundaries fall).
 */
export function exportRate(log: LoggedRequest[], fromMs: number, toMs: number) {
	const times = log
		.filter((r) => EXPORT_SLOT_ENDPOINTS.has(r.endpoint) && r.status !== 429)
		.map((r) => Date.parse(r.at))
		.filter((t) => t >= fromMs && t < toMs)
		.sort((a, b) => a - b);
	const inRange = (a: number, b: number) => times.filter((t) => t >= a && t < b).length;
	const minutes = Math.floor((toMs - fromMs) / 60_000);
	const windows: number[] = [];
	for (let t = fromMs; t + 60_000 <= toMs; t += 1000) windows.push(inRange(t, t + 60_000));
	return {
		accepted: times.length,
		perMinute: round(times.length / ((toMs - fromMs) / 60_000), 2),
		slidingMean: round(windows.reduce((a, b) => a + b, 0) / Math.max(1, windows.length), 2),
		slidingMin: Math.min(...windows),
		minuteCounts: Array.from({ length: minutes }, (_, m) =>
			inRange(fromMs + m * 60_000, fromMs + (m + 1) * 60_000),
		),
	};
}

/** Each "poll finished" line our node wrote (n8n debug level): time, items, requests, stop reason. */
export function pollsFinished(log: string) {
	const pattern =
		/^(\d\d:\d\d:\d\d\.\d{3})\s+debug\s+Zendesk Export Trigger: poll finished \{ "items": (\d+), "requests": (\d+), "stopReason": "(\w+)"/;
	return log
		.split('\n')
		.map((line) => pattern.exec(line))
		.filter((m): m is RegExpExecArray => m !== null)
		.map((m) => ({ at: m[1], items: Number(m[2]), requests: Number(m[3]), stopReason: m[4] }));
}

/** The lines of n8n's log that our node wrote about a spent budget or a failure. */
export function nodeLogCounts(log: string) {
	const count = (pattern: RegExp) => log.split('\n').filter((line) => pattern.test(line)).length;
	return {
		pollsFinished: count(/Zendesk Export Trigger: poll finished/),
		accessCheckDeferred: count(/access is checked at the first tick instead/),
		skippedOverlap: count(/the previous poll is still running/),
		warnings: count(/^\S+\s+warn\s.*Zendesk Export Trigger/),
		errors: count(/^\S+\s+error\s/),
	};
}
