/**
 * What a user gets without touching Max Tickets per Poll: one export page a poll, the cap chosen
 * for n8n's memory (docs/performance.md, "Memory in real n8n"). The whole node on the stand-in (virtual clock,
 * real HTTP).
 */
import type { IDataObject } from 'n8n-workflow';
import { startStandIn, type StandIn } from '../zendesk-stand-in/server';
import { nodeOnStandIn } from '../helpers/node-on-stand-in';

const START_MS = Date.UTC(2026, 5, 1, 12, 0, 0);
const START_SECONDS = START_MS / 1000;
const BACKLOG = 2_500;

let standIn: StandIn;
afterEach(async () => {
	await standIn?.close();
});

async function backfillOf(options: IDataObject) {
	standIn = await startStandIn({ clock: 'virtual', virtualStartMs: START_MS });
	for (let i = 0; i < BACKLOG; i++)
		standIn.store.createTickets({ count: 1, atSeconds: START_SECONDS - 7200 + i * 2 });
	const node = nodeOnStandIn(standIn, {
		startFrom: 'date',
		startDate: new Date((START_SECONDS - 7300) * 1000).toISOString(),
		options,
	});
	// The activation poll checks access and saves the position; the backfill starts at the ticks.
	expect(await node.poll()).toBeNull();
	return node;
}

const keyOf = (item: IDataObject) => `${String(item.id)}:${String(item.generated_timestamp)}`;

describe('the default Max Tickets per Poll', () => {
	it('should emit one export page per poll when Max Tickets per Poll is not set', async () => {
		const node = await backfillOf({});
		const perTick: Array<{ items: number; requests: number }> = [];
		const keys: string[] = [];
		let requestsBefore = (await node.exportRequests()).length;
		for (let tick = 0; tick < 4; tick++) {
			const items = (await node.tick()) ?? [];
			const requests = (await node.exportRequests()).length;
			perTick.push({ items: items.length, requests: requests - requestsBefore });
			requestsBefore = requests;
			keys.push(...items.map(keyOf));
		}
		// A page after the first repeats the boundary ticket of the one before, so it brings 999.
		expect(perTick).toEqual([
			{ items: 1000, requests: 1 },
			{ items: 999, requests: 1 },
			{ items: 501, requests: 1 },
			{ items: 0, requests: 1 },
		]);
		expect(new Set(keys)).toEqual(
			new Set(standIn.store.truth().map((row) => `${row.id}:${row.generated_timestamp}`)),
		);
		expect(keys).toHaveLength(BACKLOG);
	});

	it('should read as many pages a poll as a Max Tickets per Poll the user set allows', async () => {
		const node = await backfillOf({ maxTicketsPerPoll: 3000 });
		expect(await node.tick()).toHaveLength(BACKLOG);
	});
});
