#!/usr/bin/env node
'use strict';
/**
 * npm run soak -- --minutes 30 [--seed N] [--fault-share 0.3]
 *
 * A long run of the trigger in a real n8n 2.41.1 (SQLite), the package installed from its tarball
 * as the e2e does, against the Zendesk stand-in (a separate process) while things go wrong:
 * faults on a steady share of the export requests, tickets changing all the time with bursts, and
 * n8n SIGKILLed and started again at random moments. Afterwards it checks what n8n saved against
 * the stand-in's truth: every final version exactly once per workflow. Exit 1 when something was
 * lost or emitted twice, 2 when the run itself failed. Everything stays in .soak/run-<time>/.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');

process.env.HARNESS_LOG_PREFIX ||= 'soak';
const h = require('./lib/n8n-harness.js');
const chaos = require('./lib/soak-chaos.js');
const report = require('./lib/soak-report.js');
const resultsFile = require('./scale-results.js');

const TRIGGER = 'Zendesk Export Trigger';
const SEEDED = 300;
const POLL_MS = 60_000;

function parseArgs(argv) {
	const args = { minutes: 30, seed: Date.now() % 1_000_000, faultShare: 0.3 };
	for (let i = 0; i < argv.length; i++) {
		const [name, inline] = argv[i].replace(/^--/, '').split('=');
		// --note "text": what results/soak.json says about this run (scale-results.js reads it).
		if (name === 'note') {
			if (inline === undefined) i++;
			continue;
		}
		const value = Number(inline ?? argv[++i]);
		if (!Number.isFinite(value)) throw new Error(`--${name} needs a number`);
		if (name === 'minutes') args.minutes = value;
		else if (name === 'seed') args.seed = value;
		else if (name === 'fault-share') args.faultShare = value;
		else throw new Error(`unknown option --${name}`);
	}
	return args;
}

/** The stand-in's CLI in its own process, so n8n's load and ours do not slow each other's answers. */
async function startStandInProcess(runDir) {
	const err = fs.openSync(path.join(runDir, 'stand-in.stderr.log'), 'a');
	const child = spawn(
		process.execPath,
		[
			path.join(h.REPO_ROOT, 'test/zendesk-stand-in/server.js'),
			'--port',
			'0',
			'--seed',
			String(SEEDED),
		],
		{ stdio: ['ignore', 'pipe', err] },
	);
	process.once('exit', () => child.kill('SIGKILL'));
	const first = await new Promise((resolve, reject) => {
		readline.createInterface({ input: child.stdout }).once('line', resolve);
		child.once('exit', (code) => reject(new Error(`stand-in exited (${code})`)));
	});
	return { child, url: JSON.parse(first).url };
}

async function activateWorkflow(n8n, doc) {
	await n8n.createWorkflow(doc);
	const answer = await n8n.activate(doc.id);
	if (answer.status !== 200)
		throw new Error(`activate ${doc.name}: ${answer.status} ${answer.text}`);
	// The activation poll saves where reading starts; nothing is read before that is known.
	for (let i = 0; i < 240; i++) {
		const data = await n8n.nodeStaticData(doc.id, TRIGGER).catch(() => null);
		if (typeof data?.cursorSeconds === 'number') return data.cursorSeconds;
		await chaos.sleep(500);
	}
	throw new Error(`${doc.name}: no cursor saved after activation`);
}

async function checkAll(n8n, control, workflows, changes) {
	const truth = await control('GET', '/truth');
	const { cutoff } = await control('GET', '/now');
	const results = [];
	for (const wf of workflows) {
		const executions = await n8n.executions(wf.id);
		const check = report.checkWorkflow({
			executions,
			truth,
			startSeconds: wf.startSeconds,
			cutoffSeconds: cutoff,
			changes,
			nodeName: TRIGGER,
		});
		results.push({ wf, executions, check });
	}
	return results;
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const started = Date.now();
	const rng = chaos.createRng(args.seed);
	const record = resultsFile.startResults('soak', { ...args, n8nMajor: 2, pollEveryMs: POLL_MS });
	const runDir = path.join(
		h.REPO_ROOT,
		'.soak',
		`run-${new Date().toISOString().replace(/[:.]/g, '-')}`,
	);
	fs.mkdirSync(runDir, { recursive: true });
	h.log(
		`soak: ${args.minutes} min, seed ${args.seed}, target fault share ${args.faultShare}, dir ${runDir}`,
	);

	const install = await h.ensureN8n(2);
	const tarball = await h.buildAndPack(path.join(runDir, 'pack'));
	const standIn = await startStandInProcess(runDir);
	const control = chaos.controlClient(standIn.url);
	// Tickets changed 5 minutes before the start: only the backfilling workflow must emit them.
	const pre = await control('POST', '/tickets', {
		count: 60,
		atSeconds: (await control('GET', '/now')).now - 300,
	});
	const knownIds = [
		...Array.from({ length: SEEDED }, (_, i) => i + 1),
		...pre.tickets.map((t) => t.id),
	];

	const userFolder = path.join(runDir, 'n8n');
	await h.installPackage(userFolder, tarball);
	const n8n = new h.N8nInstance({ n8n: install, userFolder });
	const credential = h.apiTokenCredential({ name: 'stand-in admin', baseUrl: standIn.url });
	await n8n.importCredentials([credential]);
	await n8n.start({ timeoutMs: 300_000 });
	await n8n.ensureOwner();
	await n8n.ensureApiKey();

	// Two workflows half a minute apart: Start From now, and a backfill from 10 minutes back.
	const now = (await control('GET', '/now')).now;
	const second = Math.floor(rng() * 30);
	const startDateSeconds = now - 600;
	const docs = [
		h.triggerWorkflow({
			name: 'soak: start from now',
			credential,
			cron: h.cronAtSecond(second),
			parameters: { startFrom: 'now' },
		}),
		h.triggerWorkflow({
			name: 'soak: start from a date',
			credential,
			cron: h.cronAtSecond(second + 30),
			parameters: { startFrom: 'date', startDate: new Date(startDateSeconds * 1000).toISOString() },
		}),
	];
	const workflows = [];
	for (const doc of docs) {
		const cursor = await activateWorkflow(n8n, doc);
		workflows.push({ id: doc.id, name: doc.name, startSeconds: cursor });
		h.log(`${doc.name}: active, cursor ${new Date(cursor * 1000).toISOString()}`);
	}
	if (workflows[1].startSeconds !== startDateSeconds) {
		throw new Error(
			`the backfill's cursor is ${workflows[1].startSeconds}, not its Start Date ${startDateSeconds}`,
		);
	}

	// The chaos: faults, churn, kills, RSS. Kills at one random moment in each equal slice of the run.
	const churnMs = args.minutes * 60_000;
	const churnStart = Date.now();
	const kills = Math.max(3, Math.round(args.minutes / 8));
	const slice = churnMs / kills;
	const moments = Array.from(
		{ length: kills },
		(_, i) => churnStart + i * slice + 30_000 + rng() * Math.max(10_000, slice - 60_000),
	);
	const rss = chaos.startRssSampler({ n8n });
	const feeder = chaos.startFaultFeeder({ url: standIn.url, rng, target: args.faultShare });
	const churn = chaos.startChurn({
		url: standIn.url,
		rng,
		perMinute: 20,
		burstEveryMs: 5 * 60_000,
		knownIds,
		log: h.log,
	});
	const killer = chaos.startKiller({ n8n, rng, moments, log: h.log });
	while (Date.now() < churnStart + churnMs) {
		await chaos.sleep(30_000);
		h.log(
			`churn: ${churn.changes.length} changes, ${feeder.state.queued} faults queued, load ${os.loadavg()[0].toFixed(2)}`,
		);
	}
	await churn.stop();
	await killer.stop();
	const lastChangeMs = churn.state.lastChangeMs;
	h.log(
		`churn stopped; last change at ${new Date(lastChangeMs).toISOString()}; waiting for the trigger to catch up`,
	);

	// Caught up: every final version emitted by both workflows (checked every 30 s, 20 min at most).
	let caughtUpAt = null;
	let counts = null;
	for (const deadline = Date.now() + 20 * 60_000; Date.now() < deadline;) {
		const results = await checkAll(n8n, control, workflows, churn.changes).catch((e) => {
			h.log(`check failed: ${e.message}`);
			return null;
		});
		if (
			results &&
			results.every((r) => r.check.lost.length === 0) &&
			Date.now() > lastChangeMs + 61_000
		) {
			caughtUpAt = Date.now();
			counts = results.map((r) => r.executions.length);
			break;
		}
		await chaos.sleep(30_000);
	}
	h.log(
		caughtUpAt
			? `caught up after ${Math.round((caughtUpAt - lastChangeMs) / 1000)} s`
			: 'did not catch up in 20 min',
	);
	// A few quiet polls (a duplicate shows up there) and 2 minutes more.
	await chaos.sleep(3 * POLL_MS + 120_000);

	const results = await checkAll(n8n, control, workflows, churn.changes);
	await feeder.stop();
	await rss.stop();
	const requests = await control('GET', '/requests');
	const logText = n8n.log();
	const allExecutions = results.flatMap((r) => r.executions);
	const byKind = {};
	for (const c of churn.changes) byKind[c.kind] = (byKind[c.kind] ?? 0) + 1;
	const summary = {
		minutes: args.minutes,
		seed: args.seed,
		n8nVersion: install.version,
		runDir,
		wallMs: Date.now() - started,
		loadavg: os
			.loadavg()
			.map((x) => x.toFixed(2))
			.join(', '),
		faults: report.faultShare(requests),
		churn: {
			changes: churn.changes.length,
			byKind,
			bursts: churn.bursts,
			errors: churn.state.errors,
		},
		restarts: killer.events,
		workflows: results.map((r, i) => ({
			name: r.wf.name,
			startSeconds: r.wf.startSeconds,
			check: r.check,
			quietTailExecutions: counts ? r.executions.length - counts[i] : null,
		})),
		problems: report.executionProblems(allExecutions, h.executionError),
		logProblems: report.logProblems(logText),
		rss: report.rssSummary(rss.samples),
	};
	summary.ok = summary.workflows.every(
		(w) => w.check.lost.length === 0 && w.check.duplicates.length === 0,
	);
	fs.writeFileSync(
		path.join(runDir, 'result.json'),
		JSON.stringify({ ...summary, rssSamples: rss.samples, changes: churn.changes }, null, 1),
	);
	fs.writeFileSync(path.join(runDir, 'requests.json'), JSON.stringify(requests));
	const text = report.formatReport(summary);
	fs.writeFileSync(path.join(runDir, 'result.txt'), `${text}\n`);
	console.log(text);
	const figures = record.finish({ n8nVersion: install.version, ...report.soakFigures(summary) });
	console.log(`figures: ${path.relative(h.REPO_ROOT, figures)}`);

	await n8n.stop();
	standIn.child.kill('SIGTERM');
	return summary.ok ? 0 : 1;
}

process.on('SIGINT', () => process.exit(130));
main().then(
	(code) => process.exit(code),
	(error) => {
		console.error(`soak failed: ${error.stack ?? error}`);
		process.exit(2);
	},
);
