'use strict';
/**
 * Mapping a trigger's output into the next node, as a user does in n8n 2.41's editor: add a node
 * after the trigger, open it, and drag fields from the input panel's schema view into its
 * parameters. The drag is a real pointer gesture: playwright's page.mouse sends the DevTools
 * protocol's Input.dispatchMouseEvent (press, moves, release), which n8n's own drag-and-drop
 * (mousedown/mousemove/mouseup listeners, not HTML5 drag events) sees as a user's mouse. Nothing is
 * typed into an expression. Shares the conventions of editor.js: n8n's data-test-id attributes,
 * roles and visible text, no fixed coordinates (positions come from the elements at the moment).
 */

const { see } = require('./editor.js');

const EDIT_FIELDS_ITEM = /^\s*Edit Fields \(Set\)\s*$/;
// Enough intermediate pointer positions that n8n sees a drag start and the pointer enter the drop
// area, as it would from a hand on a mouse.
const DRAG_STEPS = 20;
const DROP_TIMEOUT_MS = 15_000;
// The schema view is drawn once the node opens; a field missing after this long is not coming.
const SEE_TIMEOUT_MS = 20_000;

/**
 * From the canvas: the "+" at the end of the (only) node's output opens the nodes panel, a search
 * for Edit Fields and a click add the Set node connected after it, with its settings open.
 */
async function addEditFieldsAfterTrigger(page) {
	await page.getByTestId('canvas-handle-plus').first().click();
	await page.getByTestId('node-creator-search-bar').waitFor();
	await page.keyboard.type('Edit Fields');
	await page.getByTestId('node-creator-item-name').filter({ hasText: EDIT_FIELDS_ITEM }).click();
	await page.getByTestId('ndv').waitFor();
	await page.getByTestId('assignment-collection-drop-area').waitFor();
}

/** Renames the open node through its title at the top of the node's settings. */
async function renameOpenNode(page, name) {
	const title = page.getByTestId('node-title-container');
	await title.click();
	await title.getByTestId('inline-edit-input').fill(name);
	await page.keyboard.press('Enter');
	await title.filter({ hasText: name }).waitFor();
}

/** Switches the open node's input panel to its schema view (field names with sample values). */
async function showInputAsSchema(page) {
	const input = page.getByTestId('ndv-input-panel');
	await input.getByTestId('radio-button-schema').click();
	await input.getByTestId('run-data-schema-item').first().waitFor();
}

/** A field's name pill in the input panel's schema view: the thing a user grabs. */
function schemaField(page, key) {
	const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	return page
		.getByTestId('ndv-input-panel')
		.getByTestId('run-data-schema-item')
		.locator('span')
		.filter({ hasText: new RegExp(`^${escaped}$`) })
		.first();
}

/** The Set node's "Drag input fields here" area (Fields to Set). */
function fieldsDropArea(page) {
	return page.getByTestId('assignment-collection-drop-area');
}

/** The Set node's fields, in order. */
function assignments(page) {
	return page.getByTestId('assignment');
}

/**
 * Drags the schema field `key` onto the Set node's drop area: press on the field's name, move the
 * pointer over the area in steps, release. Resolves when the node shows one more field.
 */
async function dragFieldToSetNode(page, key) {
	const before = await assignments(page).count();
	const field = schemaField(page, key);
	await see(field, `the field "${key}" in the input panel's schema view`, SEE_TIMEOUT_MS);
	await field.scrollIntoViewIfNeeded();
	const from = await centreOf(field, `the field "${key}" in the schema view`);
	const area = fieldsDropArea(page);
	await see(area, 'the "Drag input fields here" area', SEE_TIMEOUT_MS);
	await area.scrollIntoViewIfNeeded();
	const to = await centreOf(area, 'the "Drag input fields here" area');
	await page.mouse.move(from.x, from.y);
	await page.mouse.down();
	await page.mouse.move(to.x, to.y, { steps: DRAG_STEPS });
	await page.mouse.up();
	await assignments(page)
		.nth(before)
		.waitFor({ timeout: DROP_TIMEOUT_MS })
		.catch(() => {
			throw new Error(`dropping "${key}" on the Set node added no field`);
		});
}

async function centreOf(locator, what) {
	const box = await locator.boundingBox();
	if (!box) throw new Error(`${what} is not on screen`);
	return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/**
 * What the Set node shows for each field: its name and the expression in its value box (the
 * editor's text, e.g. "{{ $json.subject }}").
 */
async function shownAssignments(page) {
	const shown = [];
	for (const assignment of await assignments(page).all()) {
		const name = await assignment.getByTestId('assignment-name').getByRole('textbox').inputValue();
		const value = await assignment.getByTestId('assignment-value').innerText();
		const expression = /\{\{[^}]*\}\}/.exec(value)?.[0] ?? value;
		shown.push({ name, expression });
	}
	return shown;
}

module.exports = {
	addEditFieldsAfterTrigger,
	renameOpenNode,
	showInputAsSchema,
	schemaField,
	fieldsDropArea,
	assignments,
	dragFieldToSetNode,
	shownAssignments,
};
