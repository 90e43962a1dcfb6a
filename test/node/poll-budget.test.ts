/**
 * n8n gives a poll a budget (getPollBudgetMs) and abandons one that overruns it. The trigger keeps
 * a margin of 15 s before that budget to hand its items back, so a poll held up by the rate limit
 * must return by budget − 15 s with what it has read, and leave a position the next poll carries on
 * from without losing or repeating a ticket. The real node against the stand-in, whose virtual
 * clock the node sleeps on: a rate-limit wait costs no real time.
 */
import type { IDataObject } from 'n8n-workflow';
import { startStandIn, type StandIn } from '../zendesk-stand-in/server';
import { nodeOnStandIn } from '../helpers/node-on-stand-in';

const START_MS = Date.UTC(2026, 8, 1, 12, 0, 0);
const START_DATE_SECONDS = START_MS / 1000 - 3600;
const POLL_BUDGET_MS = 70_000;
const MARGIN_MS = 15_000;
const TICKETS = 30;

let standIn: StandIn;
afterEach(async () => {
	await standIn?.close();
});

/**
 * One export request per 20 s and five tickets a page: a backlog of 30 tickets needs about two
 * minutes of requests, far more than one poll's budget.
 */
async function slowAccountWithBacklog(): Promise<number[]> {
	standIn = await startStandIn({
		clock: 'virtual',
		virtualStartMs: START_MS,
		exportLimitPerWindow: 1,
		rateWindowMs: 20_000,
		perPageMax: 5,
	});
	const ids: number[] = [];
	for (let i = 0; i < TICKETS; i++) {
		const [ticket] = standIn.store.createTickets({ atSeconds: START_DATE_SECONDS + 10 + i * 10 });
		ids.push(ticket.id);
	}
	return ids;
}

const parameters: IDataObject = {
	startFrom: 'date',
	startDate: new Date(START_DATE_SECONDS * 1000).toISOString(),
};

describe("a poll under n8n's poll budget", () => {
	it('should return by the poll budget minus 15 s of virtual time when the rate limit slows it', async () => {
		await slowAccountWithBacklog();
		const node = nodeOnStandIn(standIn, parameters, { pollBudgetMs: POLL_BUDGET_MS });
		expect(await node.poll()).toBeNull();
		standIn.clock.advanceTo(START_MS + 60_000);
		const startedMs = standIn.clock.nowMs();
		const items = (await node.poll()) ?? [];
		const tookMs = standIn.clock.nowMs() - startedMs;
		expect(tookMs).toBeLessThanOrEqual(POLL_BUDGET_MS - MARGIN_MS);
		// The premise: it stopped for the budget, with part of the backlog read and emitted.
		expect(items.length).toBeGreaterThan(0);
		expect(items.length).toBeLessThan(TICKETS);
	});

	it('should carry on where a budget-cut poll stopped, each ticket once and in order', async () => {
		const ids = await slowAccountWithBacklog();
		const node = nodeOnStandIn(standIn, parameters, { pollBudgetMs: POLL_BUDGET_MS });
		expect(await node.poll()).toBeNull();
		const perTick: number[][] = [];
		for (let tick = 0; tick < 8; tick++) {
			perTick.push(((await node.tick()) ?? []).map((ticket) => Number(ticket.id)));
		}
		expect(perTick.flat()).toEqual(ids);
		// Spread over several polls: each one stopped for its budget, none lost what it had read.
		expect(perTick.filter((emitted) => emitted.length > 0).length).toBeGreaterThan(1);
	});
});
