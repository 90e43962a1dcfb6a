'use strict';
/**
 * What `npm run soak` does to the system while it runs: faults fed to the Zendesk stand-in, ticket
 * churn, SIGKILL restarts of n8n, and RSS sampling. Each runs as its own loop until stopped.
 * Plain CommonJS; the randomness comes from one seeded generator so a run can be repeated.
 */
const fs = require('node:fs');
const os = require('node:os');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** mulberry32: small, seedable, good enough to pick faults and moments. */
function createRng(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const pick = (rng, list) => list[Math.floor(rng() * list.length)];

/** A control call to the stand-in; throws on a non-2xx answer. */
function controlClient(baseUrl) {
	return async (method, path, body) => {
		const res = await fetch(`${baseUrl}/__control${path}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(30_000),
		});
		const text = await res.text();
		if (!res.ok)
			throw new Error(`${method} /__control${path}: ${res.status} ${text.slice(0, 200)}`);
		return text ? JSON.parse(text) : undefined;
	};
}

/**
 * The mix of faults, with weights. Every kind the stand-in can serve that a real Zendesk (or what
 * sits in front of it) sends; `replay` is left out: it is a shape test, not a transient failure.
 */
const FAULT_MIX = [
	[18, (rng) => ({ kind: '429', retryAfterSeconds: 1 + Math.floor(rng() * 5) })],
	[2, () => ({ kind: '429', retryAfter: 'none' })], // bare 429: the node then waits a full minute
	[7, () => ({ kind: '500' })],
	[5, () => ({ kind: '502' })],
	[5, (rng) => ({ kind: '503', retryAfterSeconds: 1 + Math.floor(rng() * 3) })],
	[5, () => ({ kind: '504' })],
	[12, () => ({ kind: 'html503' })],
	[16, () => ({ kind: 'reset' })],
	[15, () => ({ kind: 'truncated' })],
	[15, (rng) => ({ kind: 'delay', delayMs: 2000 + Math.floor(rng() * 18_000) })],
];

function pickFault(rng) {
	const total = FAULT_MIX.reduce((sum, [w]) => sum + w, 0);
	let r = rng() * total;
	for (const [weight, make] of FAULT_MIX) {
		if ((r -= weight) < 0) return { ...make(rng), pathContains: '/incremental/tickets' };
	}
	return { kind: 'reset', pathContains: '/incremental/tickets' };
}

/**
 * The stand-in has a fault queue, not a fault rate: a queued fault goes to the next matching request.
 * So this watches the count of export requests and, each time one has been answered and the queue
 * is empty, queues one fault for the next request with probability p. p is steered towards the
 * target share (faults served / export requests so far), so retries, which follow faults, do not
 * pull the share below it. The real share is counted afterwards from the request log.
 */
function startFaultFeeder({ url, rng, target }) {
	const control = controlClient(url);
	const state = { stopped: false, queued: 0, errors: 0 };
	const loop = (async () => {
		let seen = null;
		while (!state.stopped) {
			try {
				const stats = await control('GET', '/stats');
				const exports = (stats.byEndpoint.tickets || 0) + (stats.byEndpoint.cursor || 0);
				const faulted = Object.values(stats.faultsServed).reduce((a, b) => a + b, 0);
				if (seen === null) seen = exports;
				if (exports > seen) {
					seen = exports;
					const { faults } = await control('GET', '/faults');
					const share = exports > 0 ? faulted / exports : 0;
					const p = Math.min(0.9, Math.max(0.05, target + (target - share) * 3));
					if (faults.length === 0 && rng() < p) {
						await control('POST', '/faults', { faults: [pickFault(rng)] });
						state.queued++;
					}
				}
			} catch {
				state.errors++;
			}
			await sleep(100);
		}
	})();
	return { state, stop: async () => ((state.stopped = true), await loop) };
}

const STATUSES = ['open', 'pending', 'hold', 'solved', 'open'];
const PRIORITIES = ['low', 'normal', 'high', 'urgent'];

/**
 * Ticket changes at a steady rate (creates, updates, comments, a few deletes), plus a burst every
 * few minutes (hundreds of creates or updates in one second; sometimes more than a page). Changes
 * are made "now" on the stand-in's clock, as Zendesk users make them, so the latency measured from
 * them is the real one. Every change is recorded with the wall time it was made.
 */
function startChurn({ url, rng, perMinute, burstEveryMs, knownIds, log }) {
	const control = controlClient(url);
	const ids = [...knownIds];
	const deleted = new Set();
	const changes = [];
	const bursts = [];
	const state = { stopped: false, errors: 0, lastChangeMs: 0 };
	const record = (id, gts, atMs, kind) => {
		changes.push({ id, gts, atMs, kind });
		state.lastChangeMs = atMs;
	};
	const live = () => ids[Math.floor(rng() * ids.length)];
	const oneChange = async () => {
		const atMs = Date.now();
		const r = rng();
		if (r < 0.4) {
			const { tickets } = await control('POST', '/tickets', { count: 1 + Math.floor(rng() * 3) });
			for (const t of tickets)
				(ids.push(t.id), record(t.id, t.generated_timestamp, atMs, 'create'));
		} else if (r < 0.88) {
			const id = live();
			const fields = { status: pick(rng, STATUSES), priority: pick(rng, PRIORITIES) };
			const { ticket } = await control('PATCH', `/tickets/${id}`, { fields });
			record(ticket.id, ticket.generated_timestamp, atMs, 'update');
		} else if (r < 0.97) {
			const { ticket } = await control('POST', `/tickets/${live()}/comments`, {
				body: `soak comment ${atMs}`,
				public: rng() < 0.7,
			});
			record(ticket.id, ticket.generated_timestamp, atMs, 'comment');
		} else {
			const id = live();
			const { ticket } = await control('DELETE', `/tickets/${id}`, {});
			// A deleted ticket stays in the export with status "deleted"; it is changed no more.
			ids.splice(ids.indexOf(id), 1);
			deleted.add(id);
			record(ticket.id, ticket.generated_timestamp, atMs, 'delete');
		}
	};
	const burst = async () => {
		const count = pick(rng, [80, 250, 600, 1200]);
		const mode = rng() < 0.5 ? 'create' : 'update';
		const atMs = Date.now();
		const answer = await control('POST', '/burst', { count, mode });
		for (const id of answer.ids) {
			if (mode === 'create') ids.push(id);
			record(id, answer.atSeconds, atMs, `burst-${mode}`);
		}
		// An update burst touches the `count` lowest ids: every ticket when there are fewer.
		bursts.push({
			atMs,
			asked: count,
			count: answer.ids.length,
			mode,
			atSeconds: answer.atSeconds,
		});
		log(`burst: ${answer.ids.length} ${mode}s at ${new Date(atMs).toISOString()}`);
	};
	const loop = (async () => {
		let nextBurst = Date.now() + burstEveryMs * (0.5 + rng());
		while (!state.stopped) {
			try {
				if (Date.now() >= nextBurst) {
					await burst();
					nextBurst = Date.now() + burstEveryMs * (0.6 + 0.8 * rng());
				} else await oneChange();
			} catch (error) {
				state.errors++;
				log(`churn call failed: ${error.message}`);
			}
			await sleep((60_000 / perMinute) * (0.5 + rng()));
		}
	})();
	return {
		changes,
		bursts,
		deleted,
		state,
		stop: async () => ((state.stopped = true), await loop),
	};
}

/**
 * SIGKILLs the whole n8n process group at the given moments (chosen at random by the caller), keeps
 * it down a few seconds while the churn goes on, and starts it again on the same user folder and DB.
 */
function startKiller({ n8n, rng, moments, log }) {
	const events = [];
	const state = { stopped: false };
	const loop = (async () => {
		for (const at of moments) {
			while (!state.stopped && Date.now() < at) await sleep(250);
			if (state.stopped) break;
			const pid = n8n.child?.pid;
			const killedAt = Date.now();
			await n8n.kill('SIGKILL');
			const downMs = 3000 + Math.floor(rng() * 25_000);
			log(`SIGKILL n8n (pid ${pid}); down for ${Math.round(downMs / 1000)} s`);
			await sleep(downMs);
			let readyMs = null;
			for (let attempt = 1; attempt <= 3 && readyMs === null; attempt++) {
				try {
					readyMs = await n8n.start({ timeoutMs: 300_000 });
					await n8n.ensureOwner();
				} catch (error) {
					log(`restart attempt ${attempt} failed: ${error.message.split('\n')[0]}`);
					await n8n.kill('SIGKILL');
				}
			}
			events.push({ pid, killedAt, downMs, readyMs, upAt: Date.now() });
			log(
				`n8n up again (pid ${n8n.child?.pid}) after ${Math.round((Date.now() - killedAt) / 1000)} s`,
			);
		}
	})();
	return { events, stop: async () => ((state.stopped = true), await loop) };
}

function rssKb(pid) {
	try {
		const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
		return m ? Number(m[1]) : 0;
	} catch {
		return 0;
	}
}

/** Members of a process group: n8n is its leader (the harness starts it detached). */
function groupPids(pgid) {
	const pids = [];
	for (const name of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (Number(fields[2]) === pgid) pids.push(Number(name));
		} catch {
			/* gone */
		}
	}
	return pids;
}

/**
 * RSS of the n8n main process and of its whole group (plus the task runner), every intervalMs, with
 * the machine's 1-minute load average: the machine is shared, and a slow poll may just be a busy CPU.
 */
function startRssSampler({ n8n, intervalMs = 30_000 }) {
	const samples = [];
	const state = { stopped: false };
	const take = () => {
		const pid = n8n.child?.pid;
		const load = os.loadavg()[0];
		if (!pid)
			return samples.push({ atMs: Date.now(), pid: null, mainKb: null, groupKb: null, load });
		const group = groupPids(pid).reduce((sum, p) => sum + rssKb(p), 0);
		samples.push({ atMs: Date.now(), pid, mainKb: rssKb(pid), groupKb: group, load });
	};
	const loop = (async () => {
		while (!state.stopped) {
			take();
			const until = Date.now() + intervalMs;
			while (!state.stopped && Date.now() < until) await sleep(250);
		}
	})();
	return { samples, stop: async () => ((state.stopped = true), await loop) };
}

module.exports = {
	sleep,
	createRng,
	controlClient,
	pickFault,
	startFaultFeeder,
	startChurn,
	startKiller,
	startRssSampler,
};
