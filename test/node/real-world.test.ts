/**
 * The answer shapes real Zendesk has given other connectors, produced by the stand-in's switches
 * and read by the whole node (virtual clock, real HTTP). Each test: what the user gets.
 */
import type { IDataObject } from 'n8n-workflow';
import { startStandIn, type StandIn, type StandInOptions } from '../zendesk-stand-in/server';
import { nodeOnStandIn, postFaults, type NodeOnStandIn } from '../helpers/node-on-stand-in';

const START_MS = Date.UTC(2026, 5, 1, 12, 0, 0);
const START_SECONDS = START_MS / 1000;
const backfillFrom = (seconds: number): IDataObject => ({
	startFrom: 'date',
	startDate: new Date(seconds * 1000).toISOString(),
});

let standIn: StandIn;
afterEach(async () => {
	await standIn?.close();
});

async function setUp(
	shapes: StandInOptions,
	parameters: IDataObject = backfillFrom(START_SECONDS - 7200),
) {
	standIn = await startStandIn({ clock: 'virtual', virtualStartMs: START_MS, ...shapes });
	const node = nodeOnStandIn(standIn, parameters);
	return node;
}

/** Activates, then ticks until a tick brings nothing; returns every item and the ticks taken. */
async function runToQuiet(node: NodeOnStandIn, maxTicks = 30) {
	expect(await node.poll()).toBeNull();
	const items: IDataObject[] = [];
	for (let tick = 0; tick < maxTicks; tick++) {
		const got = await node.tick();
		if (!got) return items;
		items.push(...got);
	}
	throw new Error(`still emitting after ${maxTicks} ticks`);
}

function keysOf(items: IDataObject[]) {
	return items.map((item) => `${String(item.id)}:${String(item.generated_timestamp)}`);
}

function expectEveryFinalVersionOnce(items: IDataObject[]) {
	const keys = keysOf(items);
	expect(new Set(keys).size).toBe(keys.length);
	const finals = standIn.store.truth().map((row) => `${row.id}:${row.generated_timestamp}`);
	expect(new Set(keys)).toEqual(new Set(finals));
}

function createSpread(count: number, fromSeconds: number, stepSeconds: number) {
	for (let i = 0; i < count; i++)
		standIn.store.createTickets({ count: 1, atSeconds: fromSeconds + i * stepSeconds });
}

describe('the node against real-world answers from the stand-in', () => {
	it('should finish a backfill in one page when pages carry no end_of_stream', async () => {
		const node = await setUp({ omitEndOfStream: true });
		createSpread(50, START_SECONDS - 3600, 30);
		const items = await runToQuiet(node);
		expectEveryFinalVersionOnce(items);
		const requests = await node.exportRequests();
		// the access check, one page in the first tick, one in the quiet tick
		expect(requests).toHaveLength(3);
	});

	it('should lose nothing in an over-full second whose generated_timestamp comes as a string', async () => {
		const node = await setUp({ generatedTimestampStyle: 'string', stuck: true });
		standIn.store.burst({ count: 1500, atSeconds: START_SECONDS - 600 });
		createSpread(5, START_SECONDS - 300, 10);
		const items = await runToQuiet(node);
		expectEveryFinalVersionOnce(items.map((item) => ({ ...item })));
		expect(items.every((item) => typeof item.generated_timestamp === 'number')).toBe(true);
	});

	it('should place tickets without generated_timestamp by updated_at, warn by id, and emit each once', async () => {
		const node = await setUp({ generatedTimestampStyle: 'missing' });
		createSpread(20, START_SECONDS - 3600, 60);
		standIn.store.updateTicket(3, { atSeconds: START_SECONDS - 200, system: true });
		const items = await runToQuiet(node);
		const ids = items.map((item) => item.id);
		expect(new Set(ids).size).toBe(ids.length);
		expect(new Set(ids)).toEqual(new Set(standIn.store.truth().map((row) => row.id)));
		expect(node.ctx.logger.text()).toMatch(
			/ticket #3 with no generated_timestamp; it is placed by its updated_at/,
		);
	});

	it('should not skip versions when end_time runs past the last ticket of a page that is not the last', async () => {
		const node = await setUp({ endTimeSkewSeconds: 5 });
		standIn.store.burst({ count: 1000, atSeconds: START_SECONDS - 900 });
		standIn.store.createTickets({ count: 1, atSeconds: START_SECONDS - 898 });
		createSpread(5, START_SECONDS - 890, 1);
		expectEveryFinalVersionOnce(await runToQuiet(node));
	});

	it('should keep reading after an end_time in the year 3000, with a warning', async () => {
		const node = await setUp({ futureEndTime: true });
		createSpread(5, START_SECONDS - 3600, 60);
		expect(await node.poll()).toBeNull();
		expect(await node.tick()).toHaveLength(5);
		expect(node.staticData.cursorSeconds).toBeLessThanOrEqual(standIn.clock.nowMs() / 1000 - 61);
		expect(node.ctx.logger.text()).toMatch(/end_time of 3000-01-01T00:00:00.000Z, in the future/);
		standIn.store.createTickets({ count: 1, atSeconds: standIn.store.now() });
		standIn.clock.advanceBy(120_000);
		expect((await node.tick())?.length).toBe(1);
	});

	it('should emit nothing twice when a cache replays the previous page', async () => {
		const node = await setUp({ replayPreviousPage: true });
		standIn.store.burst({ count: 1200, atSeconds: START_SECONDS - 900 });
		createSpread(30, START_SECONDS - 800, 10);
		const items = await runToQuiet(node);
		const keys = keysOf(items);
		expect(new Set(keys).size).toBe(keys.length);
	});

	it('should stop a poll early with a warning when the same page comes back for every start_time', async () => {
		const node = await setUp({ sameTimePageForEveryStart: true });
		createSpread(20, START_SECONDS - 3600, 60);
		expect(await node.poll()).toBeNull();
		await node.tick();
		await node.tick();
		const requests = await node.exportRequests();
		expect(requests.length).toBeLessThanOrEqual(8);
		expect(node.ctx.logger.text()).toMatch(/did not move past/);
	});

	it('should stop stepping through a second when cursors alternate, emit what it read, and say why', async () => {
		// A cap above the burst: this test is about the cursors, not the cap.
		const node = await setUp(
			{ alternatingCursors: true, stuck: true },
			{ ...backfillFrom(START_SECONDS - 7200), options: { maxTicketsPerPoll: 10_000 } },
		);
		const { atSeconds } = standIn.store.burst({ count: 1500, atSeconds: START_SECONDS - 600 });
		expect(await node.poll()).toBeNull();
		const items = await node.tick();
		expect(new Set(items?.map((item) => item.id)).size).toBe(items?.length);
		expect(node.ctx.logger.text()).toMatch(/cursors it had returned before/);
		expect(node.staticData.cursorSeconds).toBe(atSeconds);
		const cursorRequests = (await node.exportRequests()).filter((r) => r.path.includes('cursor'));
		expect(cursorRequests.length).toBeLessThanOrEqual(3);
	});

	describe('rate limits and odd errors', () => {
		const requestTimes = async (node: NodeOnStandIn) =>
			(await node.exportRequests()).map((r) => ({
				atMs: Date.parse((r as unknown as { at: string }).at),
				status: r.status,
			}));

		it('should wait a whole window, not back off in seconds, after a 429 without Retry-After', async () => {
			const node = await setUp({});
			createSpread(5, START_SECONDS - 3600, 60);
			expect(await node.poll()).toBeNull();
			await postFaults(standIn, [{ kind: '429', retryAfter: 'none', pathContains: 'incremental' }]);
			expect(await node.tick()).toHaveLength(5);
			const [limited, retried] = (await requestTimes(node)).slice(1);
			expect(limited.status).toBe(429);
			expect(retried.atMs - limited.atMs).toBeGreaterThanOrEqual(59_000);
		});

		it('should wait the largest value of a Retry-After line that holds a list', async () => {
			const node = await setUp({});
			createSpread(5, START_SECONDS - 3600, 60);
			expect(await node.poll()).toBeNull();
			await postFaults(standIn, [
				{ kind: '429', retryAfterHeader: '50, 47', pathContains: 'incremental' },
			]);
			expect(await node.tick()).toHaveLength(5);
			const [limited, retried] = (await requestTimes(node)).slice(1);
			expect(retried.atMs - limited.atMs).toBeGreaterThanOrEqual(50_000);
		});

		it('should pace cursor requests on the cursor export header and earn no 429', async () => {
			const node = await setUp({ stuck: true, cursorExportLimitPerWindow: 2, perPageMax: 1000 });
			standIn.store.burst({ count: 3500, atSeconds: START_SECONDS - 600 });
			const items = await runToQuiet(node, 10);
			expectEveryFinalVersionOnce(items);
			expect((await requestTimes(node)).filter((r) => r.status === 429)).toEqual([]);
		});

		for (const style of ['400', '422', '400-text', '422-text'] as const) {
			it(`should read a ${style} too-recent answer as nothing new, without an error or a warning`, async () => {
				// The stand-in's clock runs 30 s behind, so "now - 61 s" is inside its last minute.
				const node = await setUp(
					{ tooRecentStyle: style, clockOffsetSeconds: -30 },
					{ startFrom: 'now' },
				);
				expect(await node.poll()).toBeNull();
				const cursor = node.staticData.cursorSeconds;
				standIn.clock.advanceBy(61_000);
				expect(await node.tick()).toBeNull();
				expect((await node.exportRequests()).map((r) => r.status)).toContain(
					style.startsWith('400') ? 400 : 422,
				);
				expect(node.staticData.cursorSeconds).toBe(cursor);
				expect(node.ctx.logger.lines.filter((line) => line.level === 'warn')).toEqual([]);
			});
		}

		it('should keep the token out of the error when a 401 echoes it back', async () => {
			standIn = await startStandIn({
				clock: 'virtual',
				virtualStartMs: START_MS,
				echoSecretsIn401: true,
			});
			const node = nodeOnStandIn(
				standIn,
				{ startFrom: 'now' },
				{ credentials: { apiToken: 'wrong-token-5d8e1a' } },
			);
			const failure = (await node.poll().catch((error: Error) => error)) as Error & {
				description?: string;
			};
			expect(failure.message).toMatch(/Zendesk rejected the credentials/);
			const everything =
				JSON.stringify(failure) +
				failure.message +
				String(failure.description) +
				node.ctx.logger.text();
			expect(everything).not.toContain('wrong-token-5d8e1a');
		});
	});
});
