'use strict';
/**
 * The trigger's life in n8n 2.41.1's real editor (headless Chromium), with this package installed
 * from its tarball and the local Zendesk stand-in behind an admin's and an agent's API-token
 * credentials: sign in, find the trigger in the nodes panel, pick the admin credential, Fetch Test
 * Event, Publish, the execution in the executions list, and the requests the stand-in saw. The
 * session (n8n, stand-in, browser, steps) is support/session.js.
 */
const h = require('../../scripts/lib/n8n-harness.js');
const editor = require('../../scripts/lib/editor.js');
const { STEP_TIMEOUT_MS, see, step, useSession } = require('./support/session.js');

// Every Minute fires at a random second, the ticket is exportable a minute after it is dated and
// the list refreshes itself: an execution shows up within about 2.5 min; 6 min allows a slow machine.
const EXECUTION_TIMEOUT_MS = 6 * 60_000;

const run = Date.now().toString(36);
// Subjects only this run's stand-in holds, so seeing them proves the data came from it.
const SAMPLE_SUBJECT = `Printer on fire, floor 3 (browser test ${run})`;
const PUBLISHED_SUBJECT = `Coffee machine leaks again (browser test ${run})`;

let sampleTicket;
const session = useSession({
	folder: 'trigger',
	signIn: false,
	// The newest exportable ticket (dated past the minute the export withholds) is the test event.
	prepare: async (control) => {
		[sampleTicket] = await control.createTickets({
			count: 1,
			atSeconds: (await control.now()) - 61,
			fields: { subject: SAMPLE_SUBJECT, raw_subject: SAMPLE_SUBJECT },
		});
	},
});

step('signs in through the sign-in page', async () => {
	await editor.signIn(session.page, session.instance.url, h.OWNER);
	await see(
		session.page.getByRole('button', { name: 'Create workflow' }),
		'the "Create workflow" button',
	);
	expect(new URL(session.page.url()).pathname).not.toMatch(/^\/signin/);
});

step('finds "Zendesk Export Trigger" by typing in the nodes panel of a new workflow', async () => {
	await editor.newWorkflow(session.page, session.instance.url);
	await editor.searchNodesPanel(session.page, 'Zendesk Export Trigger');
	await see(
		session.page
			.getByTestId('node-creator-item-description')
			.filter({ hasText: 'Starts the workflow for every Zendesk ticket change' }),
		"the node's description under the search result",
	);
	await editor.addZendeskTrigger(session.page);
	await see(
		session.page.getByTestId('node-title-container').filter({ hasText: 'Zendesk Export Trigger' }),
		"the node's settings titled Zendesk Export Trigger",
	);
	await see(session.page.getByTestId('ndv').getByText('Poll Times'), 'the Poll Times parameter');
});

step("picks the admin credential in the node's credential dropdown", async () => {
	const entries = await editor.openCredentialDropdown(session.page);
	await see(
		entries.filter({ hasText: session.agent.name }),
		`"${session.agent.name}" in the dropdown`,
	);
	await see(
		entries.filter({ hasText: session.admin.name }),
		`"${session.admin.name}" in the dropdown`,
	);
	await entries.filter({ hasText: session.admin.name }).first().click();
	expect(await editor.selectedCredential(session.page)).toBe(session.admin.name);
});

step('Fetch Test Event shows the newest ticket of the stand-in', async () => {
	const output = await editor.fetchTestEvent(session.page);
	await see(
		output.getByTestId('node-run-status-success'),
		'the green "success" mark on the output',
	);
	await editor.showOutputAsJson(session.page);
	await see(output.getByText(SAMPLE_SUBJECT), `the ticket subject "${SAMPLE_SUBJECT}"`);
	// Simplify is on by default: the link an agent opens, not the API's address.
	expect(await output.innerText()).toContain(`/agent/tickets/${sampleTicket.id}`);
});

step('publishes the workflow with the Publish button and its dialog', async () => {
	await editor.closeNode(session.page);
	await editor.publish(session.page);
	await see(session.page.getByText('Workflow published'), 'the "Workflow published" message');
	await editor.dismissPopups(session.page);
});

step(
	'an execution of the published trigger appears in the executions list',
	async () => {
		// With Start From: Now the activation poll places the cursor and emits nothing. A ticket dated
		// 10 s after that (the stand-in applies it when its clock gets there) is a change the
		// following polls must start an execution for.
		const workflowId = /\/workflow\/([^/?#]+)/.exec(session.page.url())?.[1];
		await waitForPublication(workflowId);
		await session.control.createTickets({
			count: 1,
			atSeconds: (await session.control.now()) + 10,
			fields: { subject: PUBLISHED_SUBJECT, raw_subject: PUBLISHED_SUBJECT },
		});
		// The trigger's own execution, by its id: under load the flask icon that marks Fetch Test
		// Event's run can render after its card, so "the first card without it" once picked the test
		// run (a fresh-clone CI run).
		const triggered = await waitForTriggerExecution(workflowId);
		await editor.openExecutions(session.page);
		const card = session.page.locator(`[data-test-id="execution-details-${triggered.id}"]`);
		await waitForListItem(card);
		await see(card.getByText(/Succeeded/), 'the execution marked "Succeeded"');
		// The list's auto refresh keeps replaying the card's enter transition, so playwright can wait
		// the whole action timeout for it to hold still (seen once in a fresh-clone CI run); the card
		// is visible and marked Succeeded by now, so click it without waiting for stillness.
		await card.click({ force: true });
		await editor.openNode(
			session.page,
			editor.TRIGGER_NAME,
			session.page.getByTestId('execution-preview-host'),
		);
		const output = session.page.getByTestId('output-panel');
		await editor.showOutputAsJson(session.page);
		await see(output.getByText(PUBLISHED_SUBJECT), `the ticket subject "${PUBLISHED_SUBJECT}"`);
	},
	EXECUTION_TIMEOUT_MS + STEP_TIMEOUT_MS,
);

/** n8n 2.x activates in the background after Publish; the cursor is placed once that settles. */
async function waitForPublication(workflowId) {
	const deadline = Date.now() + 2 * 60_000;
	for (;;) {
		const status = await session.instance.publicationStatus(workflowId);
		if (status?.status && !['in_progress', 'not_published'].includes(status.status)) {
			const failure = await session.instance.activationFailure(workflowId);
			if (failure) throw new Error(`the trigger failed to activate: ${failure.message}`);
			return;
		}
		if (Date.now() > deadline)
			throw new Error(`publication did not settle: ${JSON.stringify(status)}`);
		await h.sleep(1_000);
	}
}

/** The first execution the published trigger started, from n8n's API. */
async function waitForTriggerExecution(workflowId) {
	const deadline = Date.now() + EXECUTION_TIMEOUT_MS;
	for (;;) {
		const executions = await session.instance.executions(workflowId, { includeData: false });
		const triggered = executions.find((execution) => execution.mode === 'trigger');
		if (triggered) return triggered;
		if (Date.now() > deadline)
			throw new Error(
				`expected an execution of the trigger within ${EXECUTION_TIMEOUT_MS / 1000} s; none came (Fetch Test Event's do not count)`,
			);
		await h.sleep(3_000);
	}
}

/** The list refreshes itself every few seconds; reopening the tab now and then covers a stall. */
async function waitForListItem(items) {
	const deadline = Date.now() + EXECUTION_TIMEOUT_MS;
	let reopenAt = Date.now() + 90_000;
	while ((await items.count()) === 0) {
		if (Date.now() > deadline)
			throw new Error(
				`expected an execution of the trigger in the executions list within ${EXECUTION_TIMEOUT_MS / 1000} s; none came (Fetch Test Event's do not count)`,
			);
		if (Date.now() > reopenAt) {
			await session.page.reload();
			await session.page.getByTestId('executions-sidebar').waitFor();
			await editor.dismissPopups(session.page);
			reopenAt = Date.now() + 90_000;
		}
		await h.sleep(3_000);
	}
}

step(
	'the stand-in saw only the requests these clicks explain, all by the chosen credential',
	async () => {
		// Fetch Test Event, the activation's access check and the polls read the ticket export, and
		// Simplify (the default) reads the ticket fields list for custom fields by title; the
		// credential form may test the credential (users/me). Anything else, any failure, or any request
		// made with the agent's credential that was not picked, is a request nobody scripted.
		const requests = await session.control.requests();
		const unexpected = requests.filter(
			(request) =>
				!['tickets', 'ticket_fields', 'users_me'].includes(request.endpoint) ||
				request.status !== 200 ||
				request.user !== 'admin@example.com',
		);
		expect(unexpected).toEqual([]);
		expect(
			requests.filter((request) => request.endpoint === 'tickets').length,
		).toBeGreaterThanOrEqual(3);
	},
);
