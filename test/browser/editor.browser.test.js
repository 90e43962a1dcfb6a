'use strict';
/**
 * What a user clicks, in n8n 2.41.1's real editor (headless Chromium), with this package installed
 * from its tarball and the local Zendesk stand-in behind an admin's and an agent's API-token
 * credentials: sign in, find the trigger in the nodes panel, pick the admin credential, Fetch Test
 * Event, Publish, the execution in the executions list, and New Comment's test event. Steps share
 * one page and run in order; after a failed step the later ones fail at once with "not run", and
 * the failed one saves a screenshot and n8n's log tail in .e2e/browser/failures/.
 */
const fs = require('node:fs');
const path = require('node:path');

const h = require('../../scripts/lib/n8n-harness.js');
const editor = require('../../scripts/lib/editor.js');
const { startStandIn } = require('../zendesk-stand-in/server.js');

const RUN_DIR = process.env.BROWSER_RUN_DIR;
const FAILURES_DIR = RUN_DIR && path.join(RUN_DIR, 'failures');
const STEP_TIMEOUT_MS = 4 * 60_000;
// Every Minute fires at a random second, the ticket is exportable a minute after it is dated and
// the list refreshes itself: an execution shows up within about 2.5 min; 6 min allows a slow machine.
const EXECUTION_TIMEOUT_MS = 6 * 60_000;
const SEE_TIMEOUT_MS = 60_000;

const run = Date.now().toString(36);
// Subjects only this run's stand-in holds, so seeing them proves the data came from it.
const SAMPLE_SUBJECT = `Printer on fire, floor 3 (browser test ${run})`;
const PUBLISHED_SUBJECT = `Coffee machine leaks again (browser test ${run})`;
const CUSTOMER_REPLY = `Thanks, it prints again (browser test ${run})`;

const state = { failedStep: null };
let instance;
let standIn;
let control;
let browser;
let page;
let admin;
let agent;
let sampleTicket;

const see = (locator, what, timeoutMs = SEE_TIMEOUT_MS) => editor.see(locator, what, timeoutMs);

async function saveEvidence(stepName) {
	if (!FAILURES_DIR) return 'nothing (no run folder)';
	const slug = stepName
		.replace(/[^a-z0-9]+/gi, '-')
		.toLowerCase()
		.slice(0, 60);
	fs.mkdirSync(FAILURES_DIR, { recursive: true });
	const shot = path.join(FAILURES_DIR, `${slug}.png`);
	const log = path.join(FAILURES_DIR, `${slug}.n8n-log-tail.txt`);
	const saved = [];
	if (page) {
		await page.screenshot({ path: shot, timeout: 15_000 }).then(
			() => saved.push(`screenshot ${shot}`),
			(error) => saved.push(`no screenshot (${error.message.split('\n')[0]})`),
		);
	}
	if (instance) {
		fs.writeFileSync(log, h.tail(instance.log(), 200));
		saved.push(`n8n log tail ${log}`);
	}
	return saved.join('; ');
}

/** One user-visible step; a failure saves evidence and names the step. */
function step(name, fn, timeoutMs = STEP_TIMEOUT_MS) {
	test(
		name,
		async () => {
			if (state.failedStep) throw new Error(`not run: the step "${state.failedStep}" failed`);
			try {
				await fn();
			} catch (error) {
				state.failedStep = name;
				const saved = await saveEvidence(name);
				error.message = `${name}: ${error.message}\n  saved: ${saved}`;
				throw error;
			}
		},
		timeoutMs,
	);
}

beforeAll(async () => {
	try {
		await setUp();
	} catch (error) {
		error.message = `setting up: ${error.message}\n  saved: ${await saveEvidence('set-up')}`;
		throw error;
	}
}, STEP_TIMEOUT_MS);

/** Everything before the browser: n8n with the package, the stand-in, credentials, the owner. */
async function setUp() {
	if (!RUN_DIR) throw new Error('BROWSER_RUN_DIR is not set: run with `npm run test:browser`');
	const userFolder = path.join(RUN_DIR, 'n8n');
	await h.installPackage(userFolder, process.env.BROWSER_TARBALL);
	standIn = await startStandIn({ seedTickets: 40 });
	control = h.standInControl(standIn.url);
	// The newest exportable ticket (dated past the minute the export withholds) is the test event.
	[sampleTicket] = await control.createTickets({
		count: 1,
		atSeconds: (await control.now()) - 61,
		fields: { subject: SAMPLE_SUBJECT, raw_subject: SAMPLE_SUBJECT },
	});
	admin = h.apiTokenCredential({ name: 'Stand-in admin (API token)', baseUrl: standIn.url });
	agent = h.apiTokenCredential({
		name: 'Stand-in agent (not an admin)',
		baseUrl: standIn.url,
		email: 'agent@example.com',
		apiToken: 'agent-api-token',
	});
	instance = new h.N8nInstance({
		n8n: JSON.parse(process.env.BROWSER_N8N),
		userFolder,
		env: { N8N_LOG_LEVEL: 'info' },
	});
	await instance.importCredentials([agent, admin]);
	await instance.start();
	await instance.ensureOwner();
	// For reading the trigger's executions from n8n's public API.
	await instance.ensureApiKey();
	browser = await editor.launchBrowser({ userDataDir: path.join(RUN_DIR, 'chromium-profile') });
	page = browser.page;
}

afterAll(async () => {
	if (browser) await browser.close();
	if (instance) await instance.stop();
	if (standIn) await standIn.close();
}, 2 * 60_000);

step('signs in through the sign-in page', async () => {
	await editor.signIn(page, instance.url, h.OWNER);
	await see(page.getByRole('button', { name: 'Create workflow' }), 'the "Create workflow" button');
	expect(new URL(page.url()).pathname).not.toMatch(/^\/signin/);
});

step('finds "Zendesk Export Trigger" by typing in the nodes panel of a new workflow', async () => {
	await editor.newWorkflow(page, instance.url);
	await editor.searchNodesPanel(page, 'Zendesk Export Trigger');
	await see(
		page
			.getByTestId('node-creator-item-description')
			.filter({ hasText: 'Starts the workflow for every Zendesk ticket change' }),
		"the node's description under the search result",
	);
	await editor.addZendeskTrigger(page);
	await see(
		page.getByTestId('node-title-container').filter({ hasText: 'Zendesk Export Trigger' }),
		"the node's settings titled Zendesk Export Trigger",
	);
	await see(page.getByTestId('ndv').getByText('Poll Times'), 'the Poll Times parameter');
});

step("picks the admin credential in the node's credential dropdown", async () => {
	const entries = await editor.openCredentialDropdown(page);
	await see(entries.filter({ hasText: agent.name }), `"${agent.name}" in the dropdown`);
	await see(entries.filter({ hasText: admin.name }), `"${admin.name}" in the dropdown`);
	await entries.filter({ hasText: admin.name }).first().click();
	expect(await editor.selectedCredential(page)).toBe(admin.name);
});

step('Fetch Test Event shows the newest ticket of the stand-in', async () => {
	const output = await editor.fetchTestEvent(page);
	await see(
		output.getByTestId('node-run-status-success'),
		'the green "success" mark on the output',
	);
	await editor.showOutputAsJson(page);
	await see(output.getByText(SAMPLE_SUBJECT), `the ticket subject "${SAMPLE_SUBJECT}"`);
	// Simplify is on by default: the link an agent opens, not the API's address.
	expect(await output.innerText()).toContain(`/agent/tickets/${sampleTicket.id}`);
});

step('publishes the workflow with the Publish button and its dialog', async () => {
	await editor.closeNode(page);
	await editor.publish(page);
	await see(page.getByText('Workflow published'), 'the "Workflow published" message');
	await editor.dismissPopups(page);
});

step(
	'an execution of the published trigger appears in the executions list',
	async () => {
		// With Start From: Now the activation poll places the cursor and emits nothing. A ticket dated
		// 10 s after that (the stand-in applies it when its clock gets there) is a change the
		// following polls must start an execution for.
		const workflowId = /\/workflow\/([^/?#]+)/.exec(page.url())?.[1];
		await waitForPublication(workflowId);
		await control.createTickets({
			count: 1,
			atSeconds: (await control.now()) + 10,
			fields: { subject: PUBLISHED_SUBJECT, raw_subject: PUBLISHED_SUBJECT },
		});
		// The trigger's own execution, by its id: under load the flask icon that marks Fetch Test
		// Event's run can render after its card, so "the first card without it" once picked the test
		// run (a fresh-clone CI run).
		const triggered = await waitForTriggerExecution(workflowId);
		await editor.openExecutions(page);
		const card = page.locator(`[data-test-id="execution-details-${triggered.id}"]`);
		await waitForListItem(card);
		await see(card.getByText(/Succeeded/), 'the execution marked "Succeeded"');
		// The list's auto refresh keeps replaying the card's enter transition, so playwright can wait
		// the whole action timeout for it to hold still (seen once in a fresh-clone CI run); the card
		// is visible and marked Succeeded by now, so click it without waiting for stillness.
		await card.click({ force: true });
		await editor.openNode(page, editor.TRIGGER_NAME, page.getByTestId('execution-preview-host'));
		const output = page.getByTestId('output-panel');
		await editor.showOutputAsJson(page);
		await see(output.getByText(PUBLISHED_SUBJECT), `the ticket subject "${PUBLISHED_SUBJECT}"`);
	},
	EXECUTION_TIMEOUT_MS + STEP_TIMEOUT_MS,
);

/** n8n 2.x activates in the background after Publish; the cursor is placed once that settles. */
async function waitForPublication(workflowId) {
	const deadline = Date.now() + 2 * 60_000;
	for (;;) {
		const status = await instance.publicationStatus(workflowId);
		if (status?.status && !['in_progress', 'not_published'].includes(status.status)) {
			const failure = await instance.activationFailure(workflowId);
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
		const executions = await instance.executions(workflowId, { includeData: false });
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
			await page.reload();
			await page.getByTestId('executions-sidebar').waitFor();
			await editor.dismissPopups(page);
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
		const requests = await control.requests();
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

step(
	'"On new comment" from the nodes panel, and Fetch Test Event shows the customer’s reply',
	async () => {
		// The reply is dated past the withheld minute, so the ticket events export serves it now.
		await control.addComment(sampleTicket.id, {
			body: CUSTOMER_REPLY,
			author: 'requester',
			atSeconds: (await control.now()) - 61,
		});
		await control.clearRequests();
		await editor.newWorkflow(page, instance.url);
		await editor.searchNodesPanel(page, 'Zendesk Export Trigger');
		await editor.addZendeskTrigger(page, 'On new comment');
		const entries = await editor.openCredentialDropdown(page);
		await entries.filter({ hasText: admin.name }).first().click();
		const triggerOn = page.getByTestId('parameter-input-triggerOn').locator('input').first();
		await see(triggerOn, 'the Trigger On parameter');
		expect(await triggerOn.inputValue()).toBe('New Comment');
		const output = await editor.fetchTestEvent(page);
		await see(
			output.getByTestId('node-run-status-success'),
			'the green "success" mark on the output',
		);
		await editor.showOutputAsJson(page);
		await see(output.getByText(CUSTOMER_REPLY), `the comment "${CUSTOMER_REPLY}"`);
		// The JSON view spaces its text with "·" and line breaks.
		const shown = (await output.innerText()).replace(/[\s·]/g, '');
		expect(shown).toContain(`"ticket_id":${sampleTicket.id},`);
		// Simplified (the default): the author's and the requester's names, the ticket's subject.
		expect(shown).toContain(
			`"agent_url":"${standIn.url}/agent/tickets/${sampleTicket.id}"`.replace(/\s/g, ''),
		);
		// Fetch Test Event read the ticket events export with the comments in it, and Simplify looked
		// up the names beside it (users and tickets by id), nothing else (the workflow published above
		// keeps polling the ticket export, and read the ticket fields list, meanwhile).
		const requests = (await control.requests()).filter(
			(request) => !['tickets', 'ticket_fields'].includes(request.endpoint),
		);
		const reads = requests.filter((request) => request.endpoint === 'ticket_events');
		expect(reads.length).toBeGreaterThan(0);
		expect(reads.map((request) => `${request.query.include} ${request.status}`)).toEqual(
			reads.map(() => 'comment_events 200'),
		);
		const lookups = requests.filter((request) => request.endpoint !== 'ticket_events');
		expect(
			lookups.filter(
				(request) =>
					!['users_show_many', 'tickets_show_many'].includes(request.endpoint) ||
					request.status !== 200,
			),
		).toEqual([]);
	},
);
