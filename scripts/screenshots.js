#!/usr/bin/env node
'use strict';
/**
 * `npm run screenshots`: the pictures in docs/images/, taken from the real editor.
 *
 * It starts what `npm run demo` starts (scripts/lib/demo-env.js: n8n 2.41.1 with this package
 * installed from its tarball, the local Zendesk stand-in, an owner, an API-token credential and the
 * published sample workflow, tickets changing every few seconds), signs in with headless Chromium
 * (Debian's /usr/bin/chromium through playwright-core, a fresh profile) at 1440×900 and saves:
 *
 *   nodes-panel-search.png   the nodes panel after typing "Zendesk Export"
 *   nodes-panel-node.png     the node's page in the panel, with one event per Trigger On mode
 *   credential-oauth2.png    the "Zendesk Export OAuth2 API" credential form
 *   executions-list.png      the sample workflow's executions, from its published trigger
 *   node-parameters.png      the trigger's settings in the sample workflow
 *   fetch-test-event.png     after Fetch Test Event: a stand-in ticket in the output (JSON view)
 *   new-comment-event.png    Trigger On "New Comment" from the nodes panel, and a comment as test event
 *
 * Then it stops everything it started (also on Ctrl-C or a failure). Nothing leaves 127.0.0.1.
 * State lives in .e2e/screenshots/ (git-ignored). Environment: SCREENSHOTS_PORT (default 5688 or a
 * free one), N8N_CACHE_DIR (where n8n is installed, as for the demo).
 */

const fs = require('node:fs');
const path = require('node:path');

process.env.HARNESS_LOG_PREFIX = 'screenshots';
const h = require('./lib/n8n-harness.js');
const { startDemo, startTicketActivity } = require('./lib/demo-env.js');
const editor = require('./lib/editor.js');

const STATE_DIR = path.join(h.REPO_ROOT, '.e2e', 'screenshots');
const IMAGES_DIR = path.join(h.REPO_ROOT, 'docs', 'images');
// The sample workflow polls every minute at a random second: two executions take up to ~2.5 min.
const EXECUTIONS_WANTED = 2;
const EXECUTIONS_TIMEOUT_MS = 5 * 60_000;

const say = (...args) =>
	console.log(`[screenshots ${new Date().toISOString().slice(11, 19)}]`, ...args);

const cleanups = [];
let failurePage = null;
const stopping = { now: false };
async function stopAll() {
	stopping.now = true;
	for (const cleanup of cleanups.splice(0).reverse()) {
		try {
			await cleanup();
		} catch (error) {
			say(`while stopping: ${error.message}`);
		}
	}
}

async function shoot(page, name, what) {
	await editor.tidyForScreenshot(page);
	const file = path.join(IMAGES_DIR, name);
	await page.screenshot({ path: file });
	say(`${name}: ${what} (${Math.round(fs.statSync(file).size / 1024)} KB)`);
}

async function waitForExecutions(instance, workflowId) {
	const started = Date.now();
	for (;;) {
		const done = (await instance.executions(workflowId, { includeData: false })).filter(
			// Fetch Test Event adds manual ones; the list should show the trigger's own.
			(e) => e.mode === 'trigger' && (e.finished || e.status === 'success'),
		);
		if (done.length >= EXECUTIONS_WANTED) return done.length;
		if (Date.now() - started > EXECUTIONS_TIMEOUT_MS)
			throw new Error(
				`only ${done.length} finished executions after ${EXECUTIONS_TIMEOUT_MS / 1000} s; see the n8n log`,
			);
		await h.sleep(5_000);
	}
}

async function main() {
	const started = Date.now();
	for (const signal of ['SIGINT', 'SIGTERM']) {
		process.on(signal, () => {
			say(`${signal}: stopping`);
			stopAll().then(() => process.exit(1));
		});
	}
	fs.mkdirSync(IMAGES_DIR, { recursive: true });

	const demo = await startDemo({
		stateDir: STATE_DIR,
		seed: 300,
		port: Number(process.env.SCREENSHOTS_PORT || 5688),
		say,
		cleanups,
		isStopping: () => stopping.now,
	});
	if (!demo) return;
	const { instance, control, workflow, owner, standIn } = demo;
	say(`n8n ready on ${instance.url}; log ${instance.logFile}`);
	const stopActivity = await startTicketActivity({
		control,
		everyMs: 15_000,
		say,
		isStopping: () => stopping.now,
	});
	cleanups.push(async () => stopActivity());

	const browser = await editor.launchBrowser({
		userDataDir: path.join(STATE_DIR, 'chromium-profile'),
	});
	cleanups.push(browser.close);
	const { page } = browser;
	failurePage = page;
	const base = instance.url;

	await editor.signIn(page, base, owner);

	// The nodes panel: the search result, then the node's own page with its events.
	await editor.newWorkflow(page, base);
	await editor.searchNodesPanel(page, 'Zendesk Export');
	await shoot(page, 'nodes-panel-search.png', 'nodes panel, search "Zendesk Export"');
	await editor.nodesPanelItem(page).click();
	await page.getByText('On ticket created or updated').waitFor();
	await shoot(page, 'nodes-panel-node.png', "the node's page in the nodes panel");

	// The OAuth2 credential form, with the stand-in's OAuth client filled in.
	await page.goto(`${base}/home/credentials/create`);
	await page.getByTestId('new-credential-type-select').locator('input').fill('Zendesk Export');
	await page
		.getByTestId('new-credential-type-select-option')
		.filter({ hasText: /^\s*Zendesk Export OAuth2 API\s*$/ })
		.click();
	await page.getByTestId('new-credential-type-button').click();
	const form = page.getByTestId('editCredential-modal');
	await form.getByTestId('parameter-input-clientId').locator('input').fill('n8n-client');
	await form.getByTestId('parameter-input-clientSecret').locator('input').fill('n8n-client-secret');
	await shoot(page, 'credential-oauth2.png', 'the Zendesk Export OAuth2 API credential form');

	// The executions its published trigger started.
	say(`waiting for ${EXECUTIONS_WANTED} executions of the sample workflow…`);
	const count = await waitForExecutions(instance, workflow.id);
	await page.goto(`${base}/workflow/${workflow.id}`);
	await page.getByTestId('canvas-node').first().waitFor();
	await editor.openExecutions(page);
	await editor
		.triggerExecutions(page)
		.nth(count - 1)
		.waitFor();
	await shoot(page, 'executions-list.png', `the executions list (${count} executions)`);

	// The sample workflow's trigger: its parameters, then a test event.
	// Last, as Fetch Test Event adds a manual execution to the list.
	await editor.openEditorTab(page);
	await editor.openNode(page);
	await shoot(page, 'node-parameters.png', "the trigger's parameters");
	await editor.fetchTestEvent(page);
	await page.getByTestId('output-panel').getByTestId('node-run-status-success').waitFor();
	await editor.showOutputAsJson(page);
	await page.getByTestId('output-panel').getByText(standIn.url).first().waitFor();
	await shoot(page, 'fetch-test-event.png', 'Fetch Test Event: a ticket from the stand-in');
	await editor.closeNode(page);

	// New Comment, picked in the nodes panel: a real comment (a new ticket's description) as the test event.
	await editor.newWorkflow(page, base);
	await editor.searchNodesPanel(page, 'Zendesk Export');
	await editor.addZendeskTrigger(page, 'On new comment');
	await editor.fetchTestEvent(page);
	await page.getByTestId('output-panel').getByTestId('node-run-status-success').waitFor();
	await editor.showOutputAsJson(page);
	await page.getByTestId('output-panel').getByText('plain_body').first().waitFor();
	await shoot(page, 'new-comment-event.png', 'New Comment: a comment from the stand-in');
	await editor.closeNode(page);

	say(`done in ${Math.round((Date.now() - started) / 1000)} s; stopping everything it started…`);
	await stopAll();
}

main().then(
	() => process.exit(0),
	async (error) => {
		console.error(error);
		// What the browser showed when it failed, to see which step broke.
		const shot = path.join(STATE_DIR, 'failure.png');
		if (failurePage)
			await failurePage.screenshot({ path: shot }).then(
				() => console.error(`the page at the failure: ${shot}`),
				() => undefined,
			);
		await stopAll();
		process.exit(1);
	},
);
