'use strict';
/**
 * What Fetch Test Event hands to the next node, in n8n 2.41.1's real editor (headless Chromium):
 * New Comment's test event shows the customer's reply, and the two flows a new user builds by
 * dragging fields only (issue 18): "ticket solved → a Slack message with the requester's name, the
 * subject and a link" and "every ticket change → a Sheets row with two custom fields by title".
 * Slack and Sheets need real accounts, so an Edit Fields (Set) node named like them stands in for
 * the destination: it shows, and its execution keeps, exactly what the drag mapped.
 */
const editor = require('../../scripts/lib/editor.js');
const mapping = require('../../scripts/lib/browser-mapping.js');
const h = require('../../scripts/lib/n8n-harness.js');
const { see, step, useSession, unexpectedRequests } = require('./support/session.js');

const run = Date.now().toString(36);
// Texts only this run's stand-in holds, so seeing them proves the data came from it.
const SOLVED_SUBJECT = `Invoice printed twice (browser test ${run})`;
const SHEETS_SUBJECT = `Seats for the new team (browser test ${run})`;
const CUSTOMER_REPLY = `Thanks, it prints again (browser test ${run})`;
// Seeded end-users of the stand-in (ids 2001–2040): the requesters of the two tickets.
const SOLVED_REQUESTER_ID = 2007;
const SHEETS_REQUESTER_ID = 2009;
// The stand-in's custom fields: Plan (a dropdown whose option plan_business is named "Business")
// and VIP customer (a checkbox): one title a plain key, one with a space in it.
const PLAN_FIELD = { id: 7001, served: 'plan_business', shown: 'Business' };
const VIP_FIELD = { id: 7003, served: true, shown: true };
// An expression the drag writes for a field, nothing around it: {{ $json.a.b }} or
// {{ $json.a['b c'] }}.
const PLAIN_EXPRESSION = /^=\{\{ \$json(\.[A-Za-z_]\w*|\['[^'\]]+'\])+ \}\}$/;
const ADMIN = 'admin@example.com';

let solvedTicket;
let sheetsTicket;
const session = useSession({
	folder: 'next-node',
	// Each test event is the newest of its kind, dated past the minute the exports withhold: the
	// only status change to solved; the newest ticket (its customer reply moved it last); the
	// newest comment (that reply).
	prepare: async (control) => {
		const now = await control.now();
		[solvedTicket] = await control.createTickets({
			atSeconds: now - 400,
			fields: {
				subject: SOLVED_SUBJECT,
				raw_subject: SOLVED_SUBJECT,
				requester_id: SOLVED_REQUESTER_ID,
				status: 'open',
			},
		});
		await control.updateTicket(solvedTicket.id, {
			atSeconds: now - 300,
			fields: { status: 'solved' },
		});
		[sheetsTicket] = await control.createTickets({
			atSeconds: now - 200,
			fields: {
				subject: SHEETS_SUBJECT,
				raw_subject: SHEETS_SUBJECT,
				requester_id: SHEETS_REQUESTER_ID,
				custom_fields: [PLAN_FIELD, VIP_FIELD].map(({ id, served }) => ({ id, value: served })),
			},
		});
		await control.addComment(sheetsTicket.id, {
			body: CUSTOMER_REPLY,
			author: 'requester',
			atSeconds: now - 61,
		});
	},
});

/** A user's name as the stand-in holds it (its control API, not a Zendesk request). */
async function nameOfUser(id) {
	return (await session.control.call('GET', `/users/${id}`)).user.name;
}

/** New workflow, the trigger's event from the nodes panel, the admin credential, Fetch Test Event. */
async function fetchTestEventOf(event) {
	const { page } = session;
	await editor.newWorkflow(page, session.instance.url);
	await editor.searchNodesPanel(page, 'Zendesk Export Trigger');
	await editor.addZendeskTrigger(page, event);
	const entries = await editor.openCredentialDropdown(page);
	await entries.filter({ hasText: session.admin.name }).first().click();
	const output = await editor.fetchTestEvent(page);
	await see(
		output.getByTestId('node-run-status-success'),
		'the green "success" mark on the output',
	);
	await editor.showOutputAsJson(page);
	return output;
}

/** Only what Fetch Test Event reads: the export, Simplify's lookups and definitions, by the admin. */
function isTestEventRead(exportEndpoint) {
	const allowed = [
		exportEndpoint,
		'users_show_many',
		'tickets_show_many',
		'ticket_fields',
		'groups',
	];
	return (request) =>
		allowed.includes(request.endpoint) && request.status === 200 && request.user === ADMIN;
}

/** From the trigger on the canvas to the Set node named `name`, every field in it dragged. */
async function dragIntoSetNode(name, keys) {
	const { page } = session;
	await editor.closeNode(page);
	await mapping.addEditFieldsAfterTrigger(page);
	await mapping.renameOpenNode(page, name);
	await mapping.showInputAsSchema(page);
	for (const key of keys) await mapping.dragFieldToSetNode(page, key);
	return await mapping.shownAssignments(page);
}

/**
 * Execute step in the open Set node: the output panel shows `expected`, and n8n's API holds the
 * same in the execution, with the node's parameters as the drag wrote them. Zendesk is not asked
 * again: the step reuses the trigger's test event.
 */
async function executeSetNode(name, expected) {
	const { page, control } = session;
	await control.clearRequests();
	await page.getByTestId('node-execute-button').click();
	const output = page.getByTestId('output-panel');
	await see(
		output.getByTestId('node-run-status-success'),
		'the green "success" mark on the output',
	);
	await editor.showOutputAsJson(page);
	const shown = await output.innerText();
	for (const value of Object.values(expected).flatMap(leaves))
		expect(shown).toContain(JSON.stringify(value));
	const workflowId = /\/workflow\/([^/?#]+)/.exec(page.url())?.[1];
	const execution = await waitForExecutionOf(workflowId, name);
	expect(execution.data.resultData.runData[name][0].data.main[0].map((item) => item.json)).toEqual([
		expected,
	]);
	const node = execution.workflowData.nodes.find((candidate) => candidate.name === name);
	expect(await unexpectedRequests(() => false)).toEqual([]);
	return node.parameters.assignments.assignments;
}

const leaves = (value) =>
	value !== null && typeof value === 'object' ? Object.values(value).flatMap(leaves) : [value];

/** The newest execution of the workflow that ran `nodeName`, from n8n's public API. */
async function waitForExecutionOf(workflowId, nodeName) {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const executions = await session.instance.executions(workflowId, { includeData: true });
		const ran = executions.filter((execution) => execution.data?.resultData?.runData?.[nodeName]);
		if (ran.length > 0) return ran.at(-1);
		if (Date.now() > deadline)
			throw new Error(`no execution of workflow ${workflowId} ran "${nodeName}" within 60 s`);
		await h.sleep(2_000);
	}
}

step(
	'"On new comment" from the nodes panel, and Fetch Test Event shows the customer’s reply',
	async () => {
		const output = await fetchTestEventOf('On new comment');
		const triggerOn = session.page
			.getByTestId('parameter-input-triggerOn')
			.locator('input')
			.first();
		expect(await triggerOn.inputValue()).toBe('New Comment');
		await see(output.getByText(CUSTOMER_REPLY), `the comment "${CUSTOMER_REPLY}"`);
		// The JSON view spaces its text with "·" and line breaks.
		const shown = (await output.innerText()).replace(/[\s·]/g, '');
		expect(shown).toContain(`"ticket_id":${sheetsTicket.id},`);
		// Simplified (the default): the link an agent opens.
		expect(shown).toContain(
			`"agent_url":"${session.standIn.url}/agent/tickets/${sheetsTicket.id}"`,
		);
		// The ticket events export with the comments in it, and Simplify's look-ups, nothing else.
		const reads = (await session.control.requests()).filter((r) => r.endpoint === 'ticket_events');
		expect(reads.map((request) => `${request.query.include} ${request.status}`)).toEqual(
			reads.map(() => 'comment_events 200'),
		);
		expect(reads.length).toBeGreaterThan(0);
		expect(await unexpectedRequests(isTestEventRead('ticket_events'))).toEqual([]);
	},
);

const SLACK_KEYS = ['requester_name', 'ticket_subject', 'agent_url'];

step(
	'Ticket Solved → "Slack message": the requester, subject and link dragged from the schema view',
	async () => {
		await session.control.clearRequests();
		const output = await fetchTestEventOf('On ticket solved');
		await see(output.getByText(SOLVED_SUBJECT), `the subject "${SOLVED_SUBJECT}"`);
		expect(await unexpectedRequests(isTestEventRead('ticket_events'))).toEqual([]);
		const shown = await dragIntoSetNode('Slack message', SLACK_KEYS);
		expect(shown).toEqual(
			SLACK_KEYS.map((key) => ({ name: key, expression: `{{ $json.${key} }}` })),
		);
	},
);

step(
	'"Slack message" runs with the values the stand-in served, from plain expressions',
	async () => {
		const assignments = await executeSetNode('Slack message', {
			requester_name: await nameOfUser(SOLVED_REQUESTER_ID),
			ticket_subject: SOLVED_SUBJECT,
			agent_url: `${session.standIn.url}/agent/tickets/${solvedTicket.id}`,
		});
		expect(assignments.map(({ name, value }) => [name, value])).toEqual(
			SLACK_KEYS.map((key) => [key, `={{ $json.${key} }}`]),
		);
	},
);

const SHEETS_KEYS = ['subject', 'requester_name', 'Plan', 'VIP customer'];

step('every ticket change → "Sheets row": two custom fields by title dragged too', async () => {
	await session.control.clearRequests();
	const output = await fetchTestEventOf('On ticket created or updated');
	await see(output.getByText(SHEETS_SUBJECT), `the subject "${SHEETS_SUBJECT}"`);
	expect(await unexpectedRequests(isTestEventRead('tickets'))).toEqual([]);
	const shown = await dragIntoSetNode('Sheets row', SHEETS_KEYS);
	expect(shown.map(({ expression }) => expression)).toEqual([
		'{{ $json.subject }}',
		'{{ $json.requester_name }}',
		'{{ $json.custom_fields.Plan }}',
		"{{ $json.custom_fields['VIP customer'] }}",
	]);
});

step('"Sheets row" runs with the values the stand-in served, custom fields by title', async () => {
	const assignments = await executeSetNode('Sheets row', {
		subject: SHEETS_SUBJECT,
		requester_name: await nameOfUser(SHEETS_REQUESTER_ID),
		custom_fields: { Plan: PLAN_FIELD.shown, 'VIP customer': VIP_FIELD.shown },
	});
	for (const { value } of assignments) expect(value).toMatch(PLAIN_EXPRESSION);
});
