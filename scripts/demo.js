#!/usr/bin/env node
'use strict';
/**
 * `npm run demo`: the Zendesk Export Trigger running in a real n8n against the local Zendesk
 * stand-in, with no Zendesk account and nothing leaving this machine.
 *
 * It installs (once, into .cache/) or reuses the pinned n8n 2.41.1, builds and installs this package
 * the way n8n's community-nodes panel does, starts the stand-in with a few hundred tickets, and starts
 * n8n with an owner login, an API-token credential for the stand-in and a published sample workflow:
 * Zendesk Export Trigger (polls every minute) → Set node that writes a Slack-style message. A ticket
 * is created or updated every ~20 s, so executions keep appearing; their messages are printed here.
 * Ctrl-C stops everything it started. Its state lives in .e2e/demo/ (git-ignored), fresh every run.
 *
 * Environment: DEMO_PORT (n8n's port, default 5678 or a free one), DEMO_SEED (tickets, default 300),
 * DEMO_CHANGE_EVERY_MS (default 20000).
 */

const path = require('node:path');

process.env.HARNESS_LOG_PREFIX = 'demo';
const h = require('./lib/n8n-harness.js');
const { FORMAT_NODE, startDemo, startTicketActivity } = require('./lib/demo-env.js');

const STATE_DIR = path.join(h.REPO_ROOT, '.e2e', 'demo');
const SEED = Number(process.env.DEMO_SEED || 300);
const CHANGE_EVERY_MS = Number(process.env.DEMO_CHANGE_EVERY_MS || 20_000);

const say = (...args) => console.log(`[demo ${new Date().toISOString().slice(11, 19)}]`, ...args);

const stopping = { now: false };
/** Undo steps, run in reverse order on Ctrl-C, SIGTERM, a failure or n8n's own exit. */
const cleanups = [];
let shuttingDown = null;

async function shutdown(why) {
	if (shuttingDown) return await shuttingDown;
	stopping.now = true;
	shuttingDown = (async () => {
		say(`${why}: stopping everything this demo started…`);
		for (const cleanup of cleanups.reverse()) {
			try {
				await cleanup();
			} catch (error) {
				say(`while stopping: ${error.message}`);
			}
		}
		say('stopped.');
	})();
	return await shuttingDown;
}

async function main() {
	const started = Date.now();
	for (const signal of ['SIGINT', 'SIGTERM']) {
		process.on(signal, () => {
			shutdown(signal).then(() => process.exit(0));
		});
	}

	const demo = await startDemo({
		stateDir: STATE_DIR,
		seed: SEED,
		port: Number(process.env.DEMO_PORT || 5678),
		logLevel: process.env.DEMO_LOG_LEVEL || 'info',
		say,
		cleanups,
		isStopping: () => stopping.now,
	});
	if (!demo) return;
	const { n8n, instance, standIn, control, workflow, owner, readyMs } = demo;
	const editor = `${instance.url}/workflow/${workflow.id}`;
	console.log(
		[
			'',
			'  ┌──────────────────────────────────────────────────────────────────────',
			`  │ n8n ${n8n.version} is running (ready in ${(readyMs / 1000).toFixed(1)} s, ${((Date.now() - started) / 1000).toFixed(0)} s in all)`,
			`  │ Editor:    ${instance.url}`,
			`  │ Workflow:  ${editor}`,
			`  │ Login:     ${owner.email}  /  ${owner.password}`,
			`  │ Zendesk:   ${standIn.url} (the stand-in; control API at /__control/)`,
			`  │ n8n log:   ${instance.logFile}`,
			'  │ A ticket changes every ~20 s; the trigger polls once a minute.',
			'  │ Ctrl-C stops n8n and the stand-in.',
			'  └──────────────────────────────────────────────────────────────────────',
			'',
		].join('\n'),
	);

	const stopActivity = await startTicketActivity({
		control,
		everyMs: CHANGE_EVERY_MS,
		say,
		isStopping: () => stopping.now,
	});
	cleanups.push(async () => stopActivity());

	// Print what each new execution produced.
	const seen = new Set();
	const watch = async () => {
		const executions = await instance.executions(workflow.id);
		for (const execution of executions) {
			if (seen.has(execution.id) || (!execution.finished && execution.status !== 'error')) continue;
			seen.add(execution.id);
			const runs = execution.data?.resultData?.runData?.[FORMAT_NODE] ?? [];
			const texts = runs.flatMap((run) =>
				(run?.data?.main?.[0] ?? []).map((item) => item.json.text),
			);
			const error = h.executionError(execution);
			if (error) {
				say(`execution ${execution.id} failed: ${error.message}`);
				continue;
			}
			say(
				`execution ${execution.id}: ${texts.length} ticket change${texts.length === 1 ? '' : 's'}`,
			);
			for (const text of texts.slice(0, 8)) console.log(`    ${text}`);
			if (texts.length > 8) console.log(`    … and ${texts.length - 8} more`);
		}
	};
	const watcher = setInterval(() => {
		if (!stopping.now) watch().catch((error) => say(`could not read executions: ${error.message}`));
	}, 10_000);
	cleanups.push(async () => clearInterval(watcher));
	await watch();

	// Keep running until a signal, or until n8n dies on its own.
	const exit = await instance.exited;
	if (!stopping.now) {
		say(`n8n exited by itself (${JSON.stringify(exit)}); see ${instance.logFile}`);
		await shutdown('n8n exited');
		process.exit(1);
	}
}

main().catch(async (error) => {
	console.error(error);
	await shutdown('failed');
	process.exit(1);
});
