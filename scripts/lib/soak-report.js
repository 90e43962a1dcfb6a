'use strict';
/**
 * What `npm run soak` prints at the end, computed from what n8n saved (executions), what the
 * stand-in knows (truth, request log) and what the soak recorded (changes, restarts, RSS).
 * Pure functions over plain data, so the checks can be unit-tested without n8n.
 */

const versionKey = (t) => `${t.id}:${Number(t.generated_timestamp)}`;

function triggerItems(execution, nodeName) {
	const runs = execution?.data?.resultData?.runData?.[nodeName];
	if (!Array.isArray(runs)) return [];
	return runs.flatMap((run) => (run?.data?.main?.[0] ?? []).map((item) => item.json));
}

/**
 * Items an execution was started with but never ran (n8n was killed first): n8n stores the
 * trigger's output in the execution's start stack before running it. Emitted, but never delivered.
 */
function pendingItems(execution, nodeName) {
	const stack = execution?.data?.executionData?.nodeExecutionStack ?? [];
	return stack
		.filter((entry) => entry?.node?.name === nodeName)
		.flatMap((entry) => (entry?.data?.main?.[0] ?? []).map((item) => item.json));
}

function quantile(sorted, q) {
	if (sorted.length === 0) return null;
	const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
	return sorted[i];
}

/**
 * One workflow's verdict. `startSeconds` is where its cursor began: every final version at or after
 * it (and old enough to be exported) must be emitted exactly once.
 */
function checkWorkflow({ executions, truth, startSeconds, cutoffSeconds, changes, nodeName }) {
	const emitted = [];
	const pending = new Map();
	for (const execution of executions) {
		for (const ticket of triggerItems(execution, nodeName)) {
			emitted.push({ key: versionKey(ticket), execution });
		}
		if (execution.status !== 'success') {
			for (const ticket of pendingItems(execution, nodeName)) {
				pending.set(versionKey(ticket), execution.id);
			}
		}
	}
	const count = new Map();
	const firstExecution = new Map();
	for (const { key, execution } of emitted) {
		count.set(key, (count.get(key) ?? 0) + 1);
		if (!firstExecution.has(key)) firstExecution.set(key, execution);
	}
	const duplicates = [...count]
		.filter(([, n]) => n > 1)
		.map(([key, n]) => ({
			key,
			times: n,
			executions: emitted.filter((e) => e.key === key).map((e) => e.execution.id),
		}));
	const expected = truth.filter(
		(t) => t.generated_timestamp >= startSeconds && t.generated_timestamp <= cutoffSeconds,
	);
	const lost = expected
		.filter((t) => !count.has(versionKey(t)))
		.map((t) => ({
			key: versionKey(t),
			status: t.status,
			inUnfinishedExecution: pending.get(versionKey(t)) ?? null,
		}));
	const finalKeys = new Set(truth.map(versionKey));
	const beforeStart = emitted.filter((e) => Number(e.key.split(':')[1]) < startSeconds).length;
	// From the call that made a change to the start of the execution that carried it.
	const changedAt = new Map();
	for (const c of changes) changedAt.set(`${c.id}:${c.gts}`, c.atMs);
	const latencies = [];
	for (const [key, execution] of firstExecution) {
		const at = changedAt.get(key);
		if (at !== undefined) latencies.push(Date.parse(execution.startedAt) - at);
	}
	latencies.sort((a, b) => a - b);
	return {
		executions: executions.length,
		itemsEmitted: emitted.length,
		distinctVersions: count.size,
		expectedFinalVersions: expected.length,
		earlierVersions: [...count.keys()].filter((k) => !finalKeys.has(k)).length,
		emittedFromBeforeStart: beforeStart,
		lost,
		duplicates,
		latency: {
			n: latencies.length,
			p50: quantile(latencies, 0.5),
			p99: quantile(latencies, 0.99),
			max: latencies.at(-1) ?? null,
			min: latencies[0] ?? null,
		},
	};
}

/** Error and crashed executions, grouped by status and message (numbers folded so they group). */
function executionProblems(executions, errorOf) {
	const groups = new Map();
	for (const e of executions) {
		if (e.status === 'success') continue;
		const error = errorOf(e);
		const message = error?.message ?? '(no error message saved)';
		const key = `${e.status}: ${message}`;
		const group = groups.get(key) ?? { status: e.status, message, count: 0, ids: [] };
		group.count++;
		group.ids.push(e.id);
		groups.set(key, group);
	}
	return [...groups.values()].sort((a, b) => b.count - a.count);
}

/** The node's own warnings and n8n's warn/error lines, grouped with numbers and times folded. */
function logProblems(logText) {
	const groups = new Map();
	for (const line of logText.split('\n')) {
		const m = /^\d\d:\d\d:\d\d\.\d{3}\s+(warn|error)\s+(.*)$/.exec(line);
		if (!m) continue;
		const text = m[2]
			.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<time>')
			.replace(/\d+(\.\d+)?/g, '#')
			.slice(0, 180);
		const key = `${m[1]} ${text}`;
		groups.set(key, (groups.get(key) ?? 0) + 1);
	}
	return [...groups].sort((a, b) => b[1] - a[1]).map(([line, count]) => ({ line, count }));
}

/** Export requests in the stand-in's log: how many, how many faulted (by kind), the limiter's 429s. */
function faultShare(requests) {
	const exports = requests.filter((q) => q.endpoint === 'tickets' || q.endpoint === 'cursor');
	const byKind = {};
	let faulted = 0;
	let delays = 0;
	for (const q of exports) {
		if (!q.fault) continue;
		faulted++;
		if (q.fault === 'delay') delays++;
		byKind[q.fault] = (byKind[q.fault] ?? 0) + 1;
	}
	const limiter429 = exports.filter((q) => !q.fault && q.status === 429).length;
	const byStatus = {};
	for (const q of exports) byStatus[q.status] = (byStatus[q.status] ?? 0) + 1;
	return {
		exportRequests: exports.length,
		faulted,
		share: exports.length ? faulted / exports.length : 0,
		shareWithoutDelays: exports.length ? (faulted - delays) / exports.length : 0,
		byKind,
		limiter429,
		byStatus,
	};
}

/** min/median/max of the RSS samples, and a short series (about `points` values). */
function rssSummary(samples, points = 16) {
	const up = samples.filter((s) => s.mainKb);
	const mb = (kb) => Math.round(kb / 1024);
	const stat = (field) => {
		const values = up.map((s) => s[field]).sort((a, b) => a - b);
		return values.length
			? { min: mb(values[0]), median: mb(quantile(values, 0.5)), max: mb(values.at(-1)) }
			: null;
	};
	const step = Math.max(1, Math.ceil(samples.length / points));
	const series = samples
		.filter((_, i) => i % step === 0 || i === samples.length - 1)
		.map((s) => (s.mainKb ? mb(s.mainKb) : 'down'));
	const loads = samples.map((s) => s.load).sort((a, b) => a - b);
	const load = loads.length
		? { min: loads[0], median: quantile(loads, 0.5), max: loads.at(-1) }
		: null;
	return { samples: samples.length, main: stat('mainKb'), group: stat('groupKb'), series, load };
}

const secs = (ms) => (ms === null ? 'n/a' : `${(ms / 1000).toFixed(1)} s`);
const pct = (x) => `${(100 * x).toFixed(1)} %`;

function formatReport(r) {
	const out = [];
	const line = (s = '') => out.push(s);
	line('================ soak result ================');
	line(`run: ${r.minutes} min of churn, seed ${r.seed}, n8n ${r.n8nVersion}, dir ${r.runDir}`);
	line(`wall time: ${secs(r.wallMs)}; load average at the end: ${r.loadavg}`);
	const f = r.faults;
	line(
		`export requests: ${f.exportRequests}; faulted ${f.faulted} (${pct(f.share)}; without slow answers ${pct(f.shareWithoutDelays)}); rate-limiter 429s ${f.limiter429}`,
	);
	line(`  faults by kind: ${JSON.stringify(f.byKind)}`);
	line(`  answers by status: ${JSON.stringify(f.byStatus)} (0 = connection reset)`);
	line(
		`churn: ${r.churn.changes} changes (${JSON.stringify(r.churn.byKind)}), ${r.churn.bursts.length} bursts [${r.churn.bursts.map((b) => `${b.count} ${b.mode}`).join(', ')}], ${r.churn.errors} failed calls`,
	);
	line(`restarts (SIGKILL of the n8n process group): ${r.restarts.length}`);
	for (const k of r.restarts) {
		line(
			`  killed ${new Date(k.killedAt).toISOString().slice(11, 19)} pid ${k.pid}, down ${secs(k.downMs)}, ready ${secs(k.readyMs)} after start`,
		);
	}
	for (const w of r.workflows) {
		const c = w.check;
		line(`workflow "${w.name}" (start ${new Date(w.startSeconds * 1000).toISOString()}):`);
		line(
			`  executions ${c.executions}, items ${c.itemsEmitted}, distinct versions ${c.distinctVersions}, final versions expected ${c.expectedFinalVersions} (+ ${c.earlierVersions} earlier versions emitted), from before start ${c.emittedFromBeforeStart}`,
		);
		line(
			`  versions lost: ${c.lost.length}${c.lost.length ? ` ${JSON.stringify(c.lost.slice(0, 20))}` : ''}`,
		);
		line(
			`  versions emitted twice: ${c.duplicates.length}${c.duplicates.length ? ` ${JSON.stringify(c.duplicates.slice(0, 20))}` : ''}`,
		);
		line(
			`  latency change → execution: p50 ${secs(c.latency.p50)}, p99 ${secs(c.latency.p99)}, min ${secs(c.latency.min)}, max ${secs(c.latency.max)} (n=${c.latency.n})`,
		);
		line(`  executions in the quiet tail: ${w.quietTailExecutions}`);
	}
	line(`executions not successful: ${r.problems.length ? '' : 'none'}`);
	for (const p of r.problems)
		line(`  ${p.count} × ${p.status}: ${p.message} (ids ${p.ids.slice(0, 8).join(', ')})`);
	line(`n8n log warnings/errors (grouped, top 12): ${r.logProblems.length ? '' : 'none'}`);
	for (const p of r.logProblems.slice(0, 12)) line(`  ${p.count} × ${p.line}`);
	const m = r.rss;
	line(
		`n8n RSS (MB, every 30 s, ${m.samples} samples): main min ${m.main?.min} / median ${m.main?.median} / max ${m.main?.max}; with task runner max ${m.group?.max}`,
	);
	line(`  series: ${m.series.join(' ')}`);
	if (m.load) {
		const l = (x) => x.toFixed(2);
		line(
			`load average (1 min, 2 cores, shared): min ${l(m.load.min)} / median ${l(m.load.median)} / max ${l(m.load.max)}`,
		);
	}
	line(
		`VERDICT: ${r.ok ? 'PASS: nothing lost, nothing twice' : 'FAIL: versions lost or emitted twice'}`,
	);
	return out.join('\n');
}

/** The figures of a run for results/soak.json (docs/performance.md quotes them); the rest stays in .soak/. */
function soakFigures(r) {
	const seconds = (ms) => (ms === null ? null : Math.round(ms / 1000));
	return {
		ok: r.ok,
		exportRequests: r.faults.exportRequests,
		faulted: r.faults.faulted,
		faultedPercent: Math.round(1000 * r.faults.share) / 10,
		changes: r.churn.changes,
		bursts: r.churn.bursts.length,
		kills: r.restarts.length,
		workflows: r.workflows.map((w) => ({
			name: w.name,
			executions: w.check.executions,
			expectedFinalVersions: w.check.expectedFinalVersions,
			itemsEmitted: w.check.itemsEmitted,
			lost: w.check.lost.length,
			twice: w.check.duplicates.length,
			latencyP50S: seconds(w.check.latency.p50),
			latencyP99S: seconds(w.check.latency.p99),
		})),
		unsuccessfulExecutions: r.problems.reduce((sum, group) => sum + group.count, 0),
		rssMiB: { median: r.rss.main?.median ?? null, max: r.rss.main?.max ?? null },
		loadDuring: r.rss.load,
	};
}

module.exports = {
	versionKey,
	triggerItems,
	pendingItems,
	quantile,
	checkWorkflow,
	executionProblems,
	logProblems,
	faultShare,
	rssSummary,
	formatReport,
	soakFigures,
};
