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

const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

process.env.HARNESS_LOG_PREFIX = 'demo';
const h = require('./lib/n8n-harness.js');
const { startStandIn } = require('../test/zendesk-stand-in/server.js');

const STATE_DIR = path.join(h.REPO_ROOT, '.e2e', 'demo');
const SEED = Number(process.env.DEMO_SEED || 300);
const CHANGE_EVERY_MS = Number(process.env.DEMO_CHANGE_EVERY_MS || 20_000);
const FORMAT_NODE = 'Format Slack message';
const STATUS_FLOW = {
	new: 'open',
	open: 'pending',
	pending: 'solved',
	hold: 'open',
	solved: 'closed',
};
const SUBJECTS = [
	'Cannot log in after password reset',
	'Invoice shows the wrong VAT number',
	'Export to CSV times out',
	'Feature request: dark mode',
	'Mobile app crashes on start',
	'Refund for a double charge',
	'Webhook deliveries are delayed',
	'How do I add a second admin?',
];

const say = (...args) => console.log(`[demo ${new Date().toISOString().slice(11, 19)}]`, ...args);

async function portIsFree(port) {
	return await new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

function sampleWorkflow(credential, startDate) {
	const workflow = h.triggerWorkflow({
		name: 'Zendesk ticket changes → Slack-style message',
		credential,
		parameters: {
			startFrom: 'date',
			startDate,
			event: 'createdOrUpdated',
			options: { include: ['users'] },
		},
		extraNodes: [
			{
				name: FORMAT_NODE,
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				parameters: {
					mode: 'manual',
					includeOtherFields: false,
					options: {},
					assignments: {
						assignments: [
							{
								id: h.uuid(),
								name: 'text',
								type: 'string',
								value:
									'=:ticket: #{{ $json.id }} "{{ $json.subject }}" is now {{ $json.status }} ({{ $json.requester ? $json.requester.email : "no requester" }})',
							},
							{ id: h.uuid(), name: 'ticketId', type: 'number', value: '={{ $json.id }}' },
							{ id: h.uuid(), name: 'status', type: 'string', value: '={{ $json.status }}' },
						],
					},
				},
			},
		],
	});
	// The trigger polls every minute, as a user would set it (n8n picks the second at random).
	workflow.nodes[0].parameters.pollTimes = { item: [{ mode: 'everyMinute' }] };
	return workflow;
}

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

	fs.rmSync(STATE_DIR, { recursive: true, force: true });
	fs.mkdirSync(STATE_DIR, { recursive: true });

	say(
		'installing or reusing n8n 2.41.1 (the first run downloads about 3 GB and takes several minutes)…',
	);
	const n8n = await h.ensureN8n(2);
	say(
		`n8n ${n8n.version} ${n8n.cold ? 'installed' : 'reused'} (${(n8n.ms / 1000).toFixed(1)} s), Node ${n8n.nodeBin}`,
	);
	if (stopping.now) return;

	say('building and packing the package…');
	const tarball = await h.buildAndPack(path.join(STATE_DIR, 'pack'));
	const userFolder = path.join(STATE_DIR, 'n8n');
	await h.installPackage(userFolder, tarball);
	say(`installed ${path.basename(tarball)} into ${path.join(userFolder, '.n8n', 'nodes')}`);
	if (stopping.now) return;

	const standIn = await startStandIn({ seedTickets: SEED });
	cleanups.push(async () => await standIn.close());
	const control = h.standInControl(standIn.url);
	say(
		`Zendesk stand-in on ${standIn.url} with ${SEED} tickets (admin@example.com / API token admin-api-token)`,
	);

	const credential = h.apiTokenCredential({
		name: 'Zendesk stand-in (admin API token)',
		baseUrl: standIn.url,
		subdomain: 'demo',
	});
	const startDate = new Date(Date.now() - 2 * 86_400_000).toISOString();
	const workflow = sampleWorkflow(credential, startDate);

	const instance = new h.N8nInstance({
		n8n,
		userFolder,
		env: { N8N_LOG_LEVEL: process.env.DEMO_LOG_LEVEL || 'info' },
	});
	const wanted = Number(process.env.DEMO_PORT || 5678);
	instance.port = (await portIsFree(wanted)) ? wanted : await h.freePort();
	cleanups.push(async () => await instance.stop());
	say('importing the credential and the sample workflow, publishing it…');
	await instance.importCredentials([credential]);
	await instance.importWorkflows([workflow]);
	await instance.publishWithCli(workflow.id);
	if (stopping.now) return;

	say('starting n8n…');
	const readyMs = await instance.start();
	const owner = await instance.ensureOwner();
	await instance.ensureApiKey();
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

	// Ticket activity: alternately a new ticket and an update of a recent one, dated 61 s back so the
	// export (which withholds the last minute) returns it at the next poll.
	let lastAt = 0;
	let step = 0;
	const recent = [];
	const changeTicket = async () => {
		const at = Math.max((await control.now()) - 61, lastAt + 1);
		lastAt = at;
		step++;
		if (step % 2 === 1 || recent.length === 0) {
			const subject = SUBJECTS[step % SUBJECTS.length];
			const [ticket] = await control.createTickets({
				count: 1,
				atSeconds: at,
				fields: { subject, raw_subject: subject },
			});
			recent.push(ticket.id);
			say(`created ticket #${ticket.id} "${subject}"`);
		} else {
			const id = recent[Math.floor(Math.random() * recent.length)];
			const { ticket } = await control.getTicket(id);
			const next = STATUS_FLOW[ticket.status] ?? 'open';
			await control.updateTicket(id, { fields: { status: next }, atSeconds: at });
			say(`updated ticket #${id}: ${ticket.status} → ${next}`);
			if (next === 'closed') recent.splice(recent.indexOf(id), 1);
		}
	};
	const activity = setInterval(() => {
		if (!stopping.now)
			changeTicket().catch((error) => say(`ticket change failed: ${error.message}`));
	}, CHANGE_EVERY_MS);
	cleanups.push(async () => clearInterval(activity));
	await changeTicket();

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
