'use strict';
/**
 * docs/items.md, written by `npm run docs:items` (scripts/example-items.js --docs): every Trigger On
 * mode's simplified item in full, its raw item trimmed, and the API requests the node made to read
 * the story, all from the node itself against the stand-in. Nothing in that file is typed by hand
 * but the words below; test/release/items-doc.test.ts fails when it is out of date.
 */

const TITLES = {
	tickets: 'Ticket Created or Updated',
	comments: 'New Comment',
	fieldChanges: 'Ticket Field Changed',
	users: 'User Created or Updated',
	organizations: 'Organization Created or Updated',
	slaBreaches: 'SLA Breached',
	ticketSolved: 'Ticket Solved (preset)',
	tagAdded: 'Tag Added to Ticket (preset)',
	ticketAssigned: 'Ticket Assigned (preset)',
	priorityChanged: 'Priority Changed (preset)',
	customerReplied: 'Customer Replied (preset)',
};

/** What each endpoint of the stand-in's request log is, in the words of the cost table. */
const ENDPOINTS = {
	tickets: 'export',
	cursor: 'export',
	ticket_events: 'export',
	users: 'export',
	users_cursor: 'export',
	organizations: 'export',
	ticket_metric_events: 'export',
	users_show_many: 'users lookup',
	tickets_show_many: 'tickets lookup',
	ticket_fields: 'ticket fields list',
	groups: 'groups list',
};

const portless = (text) => text.replace(/http:\/\/127\.0\.0\.1:\d+/g, 'http://127.0.0.1:PORT');
const json = (value) => portless(JSON.stringify(value, null, '\t'));

function costOf(requests) {
	const counts = {};
	for (const [endpoint, count] of Object.entries(requests)) {
		const what = ENDPOINTS[endpoint] ?? endpoint;
		counts[what] = (counts[what] ?? 0) + count;
	}
	return Object.entries(counts)
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([what, count]) => `${count} ${what}`)
		.join(', ');
}

async function writeItemsDoc({ MODES, PRESETS, PICK, KEEP, trim, runMode }) {
	const lines = [
		'# The items each mode emits',
		'',
		"Written by `npm run docs:items` from the node itself: the real poll code, n8n-core's request",
		'helpers and real HTTP against the Zendesk stand-in (`test/zendesk-stand-in/`) on a virtual clock,',
		'through one short story — a customer writes in, an agent answers and sets the ticket to pending,',
		'writes an internal note, the customer replies and the ticket reopens; a user and an organization',
		'are created or changed; the ticket misses its SLA policy\'s first reply target (30 seconds, so',
		'the story stays short). `test/release/items-doc.test.ts` fails when this file is out of date.',
		'Addresses point at the stand-in, its port written `PORT`; on Zendesk they are',
		'`https://<you>.zendesk.com/…`.',
		'',
		"**Simplify** (on by default) gives the flat item; off, the item is Zendesk's record as the export",
		'holds it, plus `agent_url`. "Requests" counts every API request the trigger made for the story:',
		'the access check at activation, the export pages, and what Simplify or a filter looked up.',
		"Exports count against the account's export limit (10 a minute); lookups and lists against its",
		'general API limit. A poll that finds nothing new makes no lookup, and the ticket fields and',
		'groups lists are read at most once per 10 minutes per account and credential.',
		'',
	];
	for (const [mode, parameters] of [...Object.entries(MODES), ...Object.entries(PRESETS)]) {
		const simplified = await runMode(parameters, { simplify: true });
		const pick = PICK[mode] ?? ((items) => items[0]);
		lines.push(`## ${TITLES[mode]}`, '');
		lines.push(`Parameters: \`${JSON.stringify({ ...parameters, simplify: true })}\`.`, '');
		lines.push(
			`The story gave ${simplified.items.length} items. Requests: ${costOf(simplified.requests)}.`,
			'',
		);
		lines.push('```json', json(pick(simplified.items) ?? null), '```', '');
		if (MODES[mode]) {
			const raw = await runMode(parameters, { simplify: false });
			const item = pick(raw.items);
			// A mode without fields to keep (SLA Breached: a short record) is shown in full.
			const keep = KEEP[mode];
			const how = keep ? 'trimmed' : 'in full';
			lines.push(
				`With Simplify off (${how}): ${raw.items.length} items. Requests: ${costOf(raw.requests)}.`,
				'',
			);
			lines.push('```json', json(item && keep ? trim(item, keep) : item ?? null), '```', '');
		}
	}
	return `${lines.join('\n').trimEnd()}\n`;
}

module.exports = { writeItemsDoc };
