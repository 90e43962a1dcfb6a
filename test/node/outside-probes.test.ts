/**
 * The outside probes' answers, made by the stand-in's switches and read by the whole node (virtual
 * clock, real HTTP): a row dated in the future on pages that are not the last, pages that Zendesk
 * filters after cutting them (short, with an end_time ahead of their rows), and a saved position
 * ahead of the clock. Each test: what the user gets.
 */
import type { IDataObject } from 'n8n-workflow';
import { startStandIn, type StandIn, type StandInOptions } from '../zendesk-stand-in/server';
import { nodeOnStandIn, type NodeOnStandIn } from '../helpers/node-on-stand-in';

const { FUTURE_ROW_ID, YEAR_3000 } = require('../zendesk-stand-in/ticket-exports.js');

const START_MS = Date.UTC(2026, 5, 1, 12, 0, 0);
const START_SECONDS = START_MS / 1000;

let standIn: StandIn;
afterEach(async () => {
	await standIn?.close();
});

async function setUp(shapes: StandInOptions, options: IDataObject = {}) {
	standIn = await startStandIn({ clock: 'virtual', virtualStartMs: START_MS, ...shapes });
	return nodeOnStandIn(standIn, {
		startFrom: 'date',
		startDate: new Date((START_SECONDS - 7200) * 1000).toISOString(),
		options,
	});
}

/** Activates, then runs `ticks` ticks (a stalled tick brings nothing, so quiet is no end here). */
async function runTicks(node: NodeOnStandIn, ticks: number): Promise<IDataObject[]> {
	expect(await node.poll()).toBeNull();
	const items: IDataObject[] = [];
	for (let tick = 0; tick < ticks; tick++) items.push(...((await node.tick()) ?? []));
	return items;
}

const keyOf = (item: IDataObject | { id: unknown; generated_timestamp: unknown }) =>
	`${String(item.id)}:${String(item.generated_timestamp)}`;

function expectFinalVersionsOnce(items: IDataObject[], keep = (status: string) => !!status) {
	const keys = items.map(keyOf);
	expect(keys.length - new Set(keys).size).toBe(0);
	const finals = standIn.store.truth().filter((row) => keep(row.status));
	expect(new Set(keys.filter((key) => !key.startsWith(`${FUTURE_ROW_ID}:`)))).toEqual(
		new Set(finals.map(keyOf)),
	);
}

function createSpread(count: number, fromSeconds: number, stepSeconds: number): number[] {
	const ids: number[] = [];
	for (let i = 0; i < count; i++) {
		const [ticket] = standIn.store.createTickets({
			count: 1,
			atSeconds: fromSeconds + i * stepSeconds,
		});
		ids.push(ticket.id);
	}
	return ids;
}

describe('a row dated in the future on every page (futureRowSeconds)', () => {
	it.each([
		['year 3000', YEAR_3000],
		['ten minutes ahead', START_SECONDS + 600],
	])('should emit the row once and every real version once (%s)', async (_, futureSeconds) => {
		const node = await setUp({ futureRowSeconds: futureSeconds, perPageMax: 4 });
		createSpread(30, START_SECONDS - 3600, 60);
		const items = await runTicks(node, 6);
		expectFinalVersionsOnce(items);
		expect(items.filter((item) => item.id === FUTURE_ROW_ID)).toHaveLength(1);
		expect(node.ctx.logger.text()).toMatch(/ticket #990001 dated .*, in the future/);
	});
});

describe('pages Zendesk filters after cutting them (filterAfterPaging)', () => {
	it('should get past short and empty pages by following end_time, and emit every kept ticket once', async () => {
		const node = await setUp({ filterAfterPaging: true, perPageMax: 3 }, { excludeDeleted: true });
		const ids = createSpread(12, START_SECONDS - 3600, 60);
		// Deleted tickets fill whole pages: what the client sees is short or empty, not the end.
		ids
			.slice(2, 10)
			.forEach((id, i) =>
				standIn.store.deleteTicket(id, { atSeconds: START_SECONDS - 2400 + i * 10 }),
			);
		createSpread(3, START_SECONDS - 1200, 60);
		const items = await runTicks(node, 20);
		expectFinalVersionsOnce(items, (status) => status !== 'deleted');
		expect(node.ctx.logger.text()).toMatch(/followed Zendesk's end_time/);
		expect(Number(node.staticData.cursorSeconds)).toBeGreaterThan(START_SECONDS - 1200);
	});
});

describe('a saved position ahead of the clock', () => {
	it('should say so at every poll, read nothing, and keep the position', async () => {
		const node = await setUp({});
		expect(await node.poll()).toBeNull();
		const aheadSeconds = START_SECONDS + 86_400;
		node.staticData.cursorSeconds = aheadSeconds;
		const requestsBefore = (await node.exportRequests()).length;
		expect(await node.tick()).toBeNull();
		expect(await node.tick()).toBeNull();
		const warnings = node.ctx.logger.text().match(/ahead of this n8n server's clock/g) ?? [];
		expect(warnings).toHaveLength(2);
		expect((await node.exportRequests()).length).toBe(requestsBefore);
		expect(node.staticData.cursorSeconds).toBe(aheadSeconds);
	});
});
