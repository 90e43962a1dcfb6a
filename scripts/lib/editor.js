'use strict';
/**
 * Drives n8n 2.41's editor in headless Chromium (Debian's /usr/bin/chromium through playwright-core,
 * no browser download). Shared by `npm run screenshots` and `npm run test:browser`.
 *
 * Selectors are n8n's own data-test-id attributes, roles and visible text; no coordinates. The
 * machine these run on has two cores and may be busy with other n8n runs, so every wait is generous
 * but bounded.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium, selectors } = require('playwright-core');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const VIEWPORT = Object.freeze({ width: 1440, height: 900 });
// Long enough for a busy two-core machine, short enough that a missing element fails the run.
const ACTION_TIMEOUT_MS = 45_000;
const NAVIGATION_TIMEOUT_MS = 90_000;
const TRIGGER_NAME = 'Zendesk Export Trigger';
// n8n lists trigger nodes without the word "Trigger": the panel's item reads "Zendesk Export".
const PANEL_ITEM_NAME = /^\s*Zendesk Export\s*$/;

// n8n marks its elements with data-test-id, not playwright's default data-testid.
selectors.setTestIdAttribute('data-test-id');

/** A fresh profile each time: no cookies, no "don't show again" left over from an earlier run. */
async function launchBrowser({ userDataDir } = {}) {
	const dir = userDataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-editor-chromium-'));
	fs.mkdirSync(dir, { recursive: true });
	const context = await chromium.launchPersistentContext(dir, {
		executablePath: CHROMIUM,
		headless: true,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
		viewport: VIEWPORT,
		timeout: NAVIGATION_TIMEOUT_MS,
	});
	context.setDefaultTimeout(ACTION_TIMEOUT_MS);
	context.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
	const page = context.pages()[0] ?? (await context.newPage());
	const close = async () => {
		await context.close().catch(() => undefined);
		if (!userDataDir) fs.rmSync(dir, { recursive: true, force: true });
	};
	return { context, page, close };
}

/** The sign-in page, as a user fills it in. Resolves once the editor has left /signin. */
async function signIn(page, baseUrl, { email, password }) {
	await page.goto(`${baseUrl}/signin`);
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}

/**
 * Closes the pop-ups n8n 2.41 lays over the editor, when they are there: the "Production Checklist"
 * over the executions list and the "Workflow published" message. (With the harness's settings no
 * what's-new or tour pop-up was seen.) Never fails: a pop-up that is not there is fine.
 */
async function dismissPopups(page) {
	const closers = [
		page.getByTestId('suggested-actions-close'),
		page.getByTestId('activation-modal').getByRole('button', { name: 'Got it' }),
	];
	for (const closer of closers) {
		const target = closer.first();
		if (await target.isVisible().catch(() => false))
			await target.click({ timeout: 5_000 }).catch(() => undefined);
	}
}

/** A new, empty workflow in the editor. */
async function newWorkflow(page, baseUrl) {
	await page.goto(`${baseUrl}/workflow/new`);
	await page.getByTestId('canvas-add-button').waitFor();
	await dismissPopups(page);
}

/** Opens the nodes panel from the empty canvas and types into its search box. */
async function searchNodesPanel(page, text) {
	await page.getByTestId('canvas-add-button').click();
	await page.getByTestId('node-creator-search-bar').waitFor();
	await page.keyboard.type(text);
	const item = nodesPanelItem(page);
	await item.waitFor();
	return item;
}

/** The package's node in the nodes panel's list. */
function nodesPanelItem(page) {
	return page.getByTestId('node-creator-item-name').filter({ hasText: PANEL_ITEM_NAME });
}

/**
 * From the search result to the node on the canvas with its settings open: the item opens the
 * node's own page in the panel (one event per Trigger On mode), and an event adds the node.
 */
async function addZendeskTrigger(page, event = 'On ticket created or updated') {
	await nodesPanelItem(page).click();
	await page.getByTestId('node-creator-item-name').filter({ hasText: event }).click();
	await page.getByTestId('ndv').waitFor();
	await page.getByTestId('node-execute-button').waitFor();
}

/**
 * Opens a node on the canvas, as a double click does. `canvas` narrows where to look (the
 * executions tab shows a read-only copy of the workflow inside its preview).
 */
async function openNode(page, nodeName = TRIGGER_NAME, canvas = page) {
	await canvas.getByTestId('canvas-node').filter({ hasText: nodeName }).first().dblclick();
	await page.getByTestId('ndv').waitFor();
}

/** Opens the node's credential dropdown; returns its entries (credentials, "Create new"). */
async function openCredentialDropdown(page) {
	await page.getByTestId('node-credentials-select').click();
	return page.locator('[data-test-id^="node-credentials-select-item-"]');
}

/** The name the credential dropdown shows. */
async function selectedCredential(page) {
	return await page.getByTestId('node-credentials-select').locator('input').inputValue();
}

/**
 * Presses Fetch Test Event in the open node and waits for the output panel to settle: the item
 * count or the error n8n shows.
 */
async function fetchTestEvent(page, { timeoutMs = 120_000 } = {}) {
	await page.getByTestId('node-execute-button').click();
	const output = page.getByTestId('output-panel');
	await output
		.getByTestId('node-run-status-success')
		.or(output.getByText(/error|problem/i).first())
		.first()
		.waitFor({ timeout: timeoutMs });
	return output;
}

/** Switches the output panel to its JSON view, which shows every field of the item. */
async function showOutputAsJson(page) {
	const output = page.getByTestId('output-panel');
	await output.getByText('JSON', { exact: true }).click();
	// A click beside it closes the one-time hint "You can pin this output…" over the panel.
	await output
		.getByText(/^\d+ items?$/)
		.first()
		.click();
	return output;
}

/** Before a screenshot: close toasts and park the pointer where it hovers over nothing. */
async function tidyForScreenshot(page) {
	const toastCloser = page.locator('.el-notification__closeBtn');
	for (let i = await toastCloser.count(); i > 0; i--)
		await toastCloser
			.first()
			.click({ timeout: 5_000 })
			.catch(() => undefined);
	await page.mouse.move(VIEWPORT.width - 3, VIEWPORT.height / 2);
	// Hover effects and closing toasts animate for a moment.
	await page.waitForTimeout(800);
}

async function closeNode(page) {
	await page.getByTestId('ndv-close-button').click();
	await page.getByTestId('ndv').waitFor({ state: 'hidden' });
}

/** n8n 2.x: the header's Publish button opens a dialog whose own Publish button publishes. */
async function publish(page, { timeoutMs = 90_000 } = {}) {
	await page.getByTestId('workflow-open-publish-modal-button').click();
	const dialog = page.getByTestId('workflowPublish-modal');
	await dialog.getByTestId('workflow-publish-button').click();
	await dialog.waitFor({ state: 'hidden', timeout: timeoutMs });
	await page
		.getByTestId('workflow-open-publish-modal-button')
		.filter({ hasText: 'Published' })
		.waitFor({ timeout: timeoutMs });
}

/** The workflow's Executions tab; returns the list's items. */
async function openExecutions(page) {
	await page.getByTestId('radio-button-executions').click();
	await page.getByTestId('executions-sidebar').waitFor();
	await dismissPopups(page);
	return page.locator('[data-test-id^="execution-details-"]');
}

/**
 * The list's items a published trigger started: Fetch Test Event's runs are listed too, marked
 * with a flask icon (tooltip "Test").
 */
function triggerExecutions(page) {
	return page
		.locator('[data-test-id^="execution-details-"]')
		.filter({ hasNot: page.locator('[data-icon="flask-conical"]') });
}

/** Back from the Executions tab to the workflow's canvas. */
async function openEditorTab(page) {
	await page.getByTestId('radio-button-workflow').click();
	await page.getByTestId('canvas-node').first().waitFor();
	await dismissPopups(page);
}

/** Waits until the user can see `locator`; fails with what was expected, not a selector dump. */
async function see(locator, what, timeoutMs = 60_000) {
	try {
		// Vue keeps hidden copies of some texts (titles, tooltips): look at the visible ones only.
		await locator.filter({ visible: true }).first().waitFor({ timeout: timeoutMs });
	} catch (error) {
		throw new Error(
			`expected to see ${what} within ${timeoutMs / 1000} s (${error.message.split('\n')[0]})`,
		);
	}
}

module.exports = {
	TRIGGER_NAME,
	see,
	VIEWPORT,
	launchBrowser,
	signIn,
	dismissPopups,
	newWorkflow,
	searchNodesPanel,
	nodesPanelItem,
	addZendeskTrigger,
	openNode,
	openCredentialDropdown,
	selectedCredential,
	fetchTestEvent,
	showOutputAsJson,
	tidyForScreenshot,
	closeNode,
	publish,
	openExecutions,
	triggerExecutions,
	openEditorTab,
};
