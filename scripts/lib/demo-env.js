'use strict';
/**
 * What `npm run demo` runs, as functions, so `npm run screenshots` starts exactly the same thing:
 * the pinned n8n 2.41.1 with this package installed from its tarball, the Zendesk stand-in with a few
 * hundred tickets, an owner, an API-token credential for the stand-in and a published sample
 * workflow (Zendesk Export Trigger every minute → a Set node writing a Slack-style message).
 */

const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const h = require('./n8n-harness.js');
const { startStandIn } = require('../../test/zendesk-stand-in/server.js');

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
			simplify: true,
			options: {},
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
									'=:ticket: #{{ $json.id }} "{{ $json.subject }}" is now {{ $json.status }} ({{ $json.requester_email }}) {{ $json.agent_url }}',
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

/**
 * Starts the demo's n8n and stand-in. Every undo step goes onto `cleanups` as soon as there is
 * something to undo, so the caller can stop a half-started demo too (run them in reverse order).
 * Returns early with null when `isStopping()` turns true between the slow steps.
 *
 * @param {object} o
 * @param {string} o.stateDir    wiped and recreated (n8n's user folder and the tarball live there)
 * @param {number} o.seed        tickets the stand-in starts with
 * @param {number} o.port        n8n's preferred port (a free one when it is taken)
 * @param {string} [o.logLevel]  n8n's N8N_LOG_LEVEL
 * @param {Function} o.say       progress lines
 * @param {Array} o.cleanups     async undo steps are pushed here
 * @param {Function} [o.isStopping]
 */
async function startDemo({ stateDir, seed, port, logLevel = 'info', say, cleanups, isStopping }) {
	const stopping = isStopping ?? (() => false);
	fs.rmSync(stateDir, { recursive: true, force: true });
	fs.mkdirSync(stateDir, { recursive: true });

	say(
		'installing or reusing n8n 2.41.1 (the first run downloads about 3 GB and takes several minutes)…',
	);
	const n8n = await h.ensureN8n(2);
	say(
		`n8n ${n8n.version} ${n8n.cold ? 'installed' : 'reused'} (${(n8n.ms / 1000).toFixed(1)} s), Node ${n8n.nodeBin}`,
	);
	if (stopping()) return null;

	say('building and packing the package…');
	const tarball = await h.buildAndPack(path.join(stateDir, 'pack'));
	const userFolder = path.join(stateDir, 'n8n');
	await h.installPackage(userFolder, tarball);
	say(`installed ${path.basename(tarball)} into ${path.join(userFolder, '.n8n', 'nodes')}`);
	if (stopping()) return null;

	const standIn = await startStandIn({ seedTickets: seed });
	cleanups.push(async () => await standIn.close());
	const control = h.standInControl(standIn.url);
	say(
		`Zendesk stand-in on ${standIn.url} with ${seed} tickets (admin@example.com / API token admin-api-token)`,
	);

	const credential = h.apiTokenCredential({
		name: 'Zendesk stand-in (admin API token)',
		baseUrl: standIn.url,
		subdomain: 'demo',
	});
	const startDate = new Date(Date.now() - 2 * 86_400_000).toISOString();
	const workflow = sampleWorkflow(credential, startDate);

	const instance = new h.N8nInstance({ n8n, userFolder, env: { N8N_LOG_LEVEL: logLevel } });
	instance.port = (await portIsFree(port)) ? port : await h.freePort();
	cleanups.push(async () => await instance.stop());
	say('importing the credential and the sample workflow, publishing it…');
	await instance.importCredentials([credential]);
	await instance.importWorkflows([workflow]);
	await instance.publishWithCli(workflow.id);
	if (stopping()) return null;

	say('starting n8n…');
	const readyMs = await instance.start();
	const owner = await instance.ensureOwner();
	await instance.ensureApiKey();
	return { n8n, instance, standIn, control, credential, workflow, owner, readyMs };
}

/**
 * Ticket activity: alternately a new ticket and an update of a recent one, dated 61 s back so the
 * export (which withholds the last minute) returns it at the next poll. Makes the first change at
 * once, then resolves with a stop function.
 */
async function startTicketActivity({ control, everyMs, say, isStopping = () => false }) {
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
	const safely = () =>
		changeTicket().catch((error) => say(`ticket change failed: ${error.message}`));
	const timer = setInterval(() => {
		if (!isStopping()) safely();
	}, everyMs);
	await safely();
	return () => clearInterval(timer);
}

module.exports = {
	FORMAT_NODE,
	SUBJECTS,
	portIsFree,
	sampleWorkflow,
	startDemo,
	startTicketActivity,
};
