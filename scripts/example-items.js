#!/usr/bin/env node
'use strict';
/**
 * Prints one real item per Trigger On mode, as JSON: the README's example items come from here.
 *
 *   node scripts/example-items.js             # one item per mode, in full
 *   node scripts/example-items.js comments    # one mode (tickets, comments, …, slaBreaches)
 *   node scripts/example-items.js --trimmed   # the trimmed items the README shows (port as PORT)
 *   node scripts/example-items.js --docs      # writes docs/items.md (npm run docs:items)
 *
 * Nothing here is written by hand: each item is what the node itself emits (the real
 * `pollZendeskExport`, n8n-core's request helpers, real HTTP on 127.0.0.1) when it polls the
 * Zendesk stand-in (test/zendesk-stand-in/) on the stand-in's virtual clock, the way
 * test/node/kinds-contract.test.ts runs it (test/helpers/node-on-stand-in.ts). The stand-in's
 * shapes follow what other projects saw in real Zendesk answers; where it guesses, its README says
 * so ("What is guessed here").
 *
 * The TypeScript of the node and the test helpers is loaded with TypeScript's own transpiler
 * (no type check, no build, no jest). Warnings the node logs go to stderr.
 */
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

require.extensions['.ts'] = (module, filename) => {
	const source = fs.readFileSync(filename, 'utf8');
	const { outputText } = ts.transpileModule(source, {
		compilerOptions: {
			module: ts.ModuleKind.CommonJS,
			target: ts.ScriptTarget.ES2021,
			esModuleInterop: true,
			resolveJsonModule: true,
		},
		fileName: filename,
	});
	module._compile(outputText, filename);
};

const ROOT = path.join(__dirname, '..');
const { startStandIn } = require(path.join(ROOT, 'test/zendesk-stand-in/server.js'));
const { nodeOnStandIn } = require(path.join(ROOT, 'test/helpers/node-on-stand-in.ts'));
// What the README shows of the items: the one per mode the story is about, trimmed.
const { PICK, KEEP, trim } = require('./lib/items-trim.js');
const { slaStory } = require('./lib/items-doc-sla.js');

/** A fixed instant, so every run prints the same items. */
const START_MS = Date.UTC(2026, 10, 30, 9, 0, 0);

/**
 * The trigger's parameters per mode, as a user sets them in the editor. Start From is a date just
 * before the story below, so the first tick reads it; the lookups are on where a mode has them, so
 * the item shows everything it can hold.
 */
const MODES = {
	tickets: { triggerOn: 'tickets', options: { include: ['users'] } },
	comments: {
		triggerOn: 'comments',
		commentOptions: { visibility: 'public', authors: 'endUsers', addTicketAndAuthor: true },
	},
	fieldChanges: {
		triggerOn: 'fieldChanges',
		fields: ['status'],
		fieldChangeOptions: { addTicketAndUpdater: true },
	},
	users: { triggerOn: 'users', changeEvent: 'createdOrUpdated' },
	organizations: { triggerOn: 'organizations', changeEvent: 'createdOrUpdated' },
	slaBreaches: { triggerOn: 'slaBreaches' },
};

/** What happens in the account: a customer writes in, an agent answers, the customer replies, … */
function story(store) {
	const t = Math.floor(START_MS / 1000);
	const [ticket] = store.createTickets({
		atSeconds: t + 5,
		fields: {
			subject: 'Invoice shows the wrong VAT number',
			raw_subject: 'Invoice shows the wrong VAT number',
			description: 'Hello, the invoice you sent us this morning has an old VAT number on it.',
			requester_id: 2007,
			submitter_id: 2007,
			priority: 'normal',
			tags: ['billing'],
		},
		updaterId: 2007,
		via: 'Mail',
	});
	store.addComment(ticket.id, {
		atSeconds: t + 65,
		author: 'agent',
		body: 'Thanks for reporting this. Which invoice number is it?',
		fields: { status: 'pending', assignee_id: 1002 },
	});
	store.addComment(ticket.id, {
		atSeconds: t + 70,
		author: 'agent',
		public: false,
		body: 'Billing team: VAT number comes from the organization record.',
	});
	store.addComment(ticket.id, {
		atSeconds: t + 125,
		author: 'requester',
		body: 'It is INV-2026-0042. Our VAT number is DE123456789.',
		fields: { status: 'open' },
	});
	const [user] = store.createUsers({
		atSeconds: t + 30,
		fields: { name: 'Ada Lovelace', email: 'ada@example.org', organization_id: 3002 },
	});
	store.updateUser(user.id, { atSeconds: t + 90, fields: { phone: '+44 20 7946 0000' } });
	store.updateOrganization(3002, {
		atSeconds: t + 95,
		fields: { notes: 'VAT number DE123456789', tags: ['vat-checked'] },
	});
	// The SLA events (scripts/lib/items-doc-sla.js): created at t + 5, answered at t + 65.
	return { ticketId: ticket.id, createdSeconds: t + 5, answeredSeconds: t + 65 };
}

/** The presets, simplified only: each is a ready configuration of a mode above. */
const PRESETS = {
	ticketSolved: { triggerOn: 'ticketSolved' },
	tagAdded: { triggerOn: 'tagAdded' },
	ticketAssigned: { triggerOn: 'ticketAssigned' },
	priorityChanged: { triggerOn: 'priorityChanged' },
	customerReplied: { triggerOn: 'customerReplied' },
};

/**
 * Runs the node on a fresh stand-in in one mode over the story; returns its items and the API
 * requests the polls made, by endpoint (the activation poll's access check included).
 */
async function runMode(parametersOfMode, { simplify = false } = {}) {
	const standIn = await startStandIn({
		clock: 'virtual',
		virtualStartMs: START_MS,
		seedTickets: 3,
	});
	try {
		const ticket = story(standIn.store);
		await slaStory(standIn.url, ticket);
		const parameters = {
			authentication: 'apiToken',
			startFrom: 'date',
			startDate: new Date(START_MS).toISOString(),
			simplify,
			...parametersOfMode,
		};
		const mode = parametersOfMode.triggerOn;
		const node = nodeOnStandIn(standIn, parameters);
		const activation = await node.poll(); // places the cursor at the Start Date, emits nothing
		if (activation !== null) throw new Error(`${mode}: the activation poll emitted items`);
		standIn.clock.advanceBy(4 * 60_000); // the whole story is past the withheld minute
		const items = [];
		for (let tick = 0; tick < 5; tick++) items.push(...((await node.tick()) ?? []));
		for (const line of node.ctx.logger.lines) {
			if (line.level === 'warn' || line.level === 'error')
				process.stderr.write(`${mode}: ${line.level}: ${line.message}\n`);
		}
		const log = await (await fetch(`${standIn.url}/__control/requests`)).json();
		const requests = {};
		for (const entry of log) requests[entry.endpoint] = (requests[entry.endpoint] ?? 0) + 1;
		return { items, requests };
	} finally {
		await standIn.close();
	}
}

/** Runs the node on a fresh stand-in in one mode until a tick brings items; returns them. */
async function itemsOf(mode) {
	return (await runMode(MODES[mode])).items;
}

async function main() {
	const args = process.argv.slice(2);
	if (args.includes('--docs') || args.includes('--docs-stdout')) {
		// --docs writes docs/items.md; --docs-stdout prints it, for the test that compares the two.
		const { writeItemsDoc } = require('./lib/items-doc.js');
		const doc = await writeItemsDoc({ MODES, PRESETS, PICK, KEEP, trim, runMode });
		if (args.includes('--docs-stdout')) return void process.stdout.write(doc);
		const file = path.join(ROOT, 'docs', 'items.md');
		fs.writeFileSync(file, doc);
		process.stderr.write(`wrote ${path.relative(ROOT, file)}\n`);
		return;
	}
	const trimmed = args.includes('--trimmed');
	const wanted = args.filter((arg) => arg !== '--trimmed');
	const modes = wanted.length ? wanted : Object.keys(MODES);
	const out = {};
	for (const mode of modes) {
		if (!MODES[mode])
			throw new Error(`unknown mode ${mode}; one of ${Object.keys(MODES).join(', ')}`);
		const items = await itemsOf(mode);
		process.stderr.write(`${mode}: ${items.length} items\n`);
		const item = (PICK[mode] ?? ((all) => all[0]))(items) ?? null;
		out[mode] = {
			parameters: MODES[mode],
			count: items.length,
			item: trimmed && item && KEEP[mode] ? trim(item, KEEP[mode]) : item,
		};
	}
	let json = JSON.stringify(out, null, 2);
	// Each mode runs its own stand-in on a free port: the README writes the port as PORT.
	if (trimmed) json = json.replace(/http:\/\/127\.0\.0\.1:\d+/g, 'http://127.0.0.1:PORT');
	process.stdout.write(`${json}\n`);
}

main().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exit(1);
});
