/**
 * SLA Breached through the real node against the stand-in: a breach held across a restart goes
 * out once its time has passed, a target met in time never fires, Fetch Test Event shows a breach,
 * an agent's connection fails Publish with the admins-only message, and a bad metric is named.
 */
import type { IDataObject } from 'n8n-workflow';
import { startStandIn, type StandIn } from '../zendesk-stand-in/server';
import { ADMIN, nodeOnStandIn } from '../helpers/node-on-stand-in';
import { createFakePollContext } from '../helpers/fake-poll-context';
import { pollZendeskExport } from '../../nodes/ZendeskExportTrigger/trigger';

const START_MS = Date.UTC(2026, 5, 1, 12);
let standIn: StandIn;

beforeEach(async () => {
	standIn = await startStandIn({ clock: 'virtual', virtualStartMs: START_MS });
});
afterEach(async () => {
	await standIn.close();
});

const nowSeconds = () => Math.floor(standIn.clock.nowMs() / 1000);
const SLA = { triggerOn: 'slaBreaches', startFrom: 'now', simplify: true };

async function control(path: string, body: object): Promise<IDataObject> {
	const response = await fetch(`${standIn.url}/__control/${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return (await response.json()) as IDataObject;
}

/** Ticks until the clock passes `untilSeconds`; every item they emit. */
async function tickUntil(node: ReturnType<typeof nodeOnStandIn>, untilSeconds: number) {
	const items: IDataObject[] = [];
	while (nowSeconds() < untilSeconds) items.push(...((await node.tick()) ?? []));
	return items;
}

describe('SLA Breached through the node', () => {
	it('should emit a breach once after its time, across a restart, and never one met in time', async () => {
		const first = nodeOnStandIn(standIn, SLA);
		expect(await first.poll()).toBeNull();
		const missed = await control('sla/apply', {
			ticketId: 7,
			targetMinutes: 10,
			policyTitle: 'Urgent first reply',
		});
		await control('sla/apply', { ticketId: 8, targetMinutes: 10 });
		expect(await tickUntil(first, nowSeconds() + 240)).toEqual([]);
		await control('sla/fulfil', { ticketId: 8 });

		// n8n restarts: a new context from the saved static data carries the held breach.
		const saved = JSON.parse(JSON.stringify(first.staticData)) as IDataObject;
		const held = (saved.held as { held: IDataObject[] }).held;
		expect(held.map((breach) => breach.ticketId)).toEqual([7, 8]);
		const second = nodeOnStandIn(standIn, SLA, { staticData: saved, activationMode: 'init' });
		expect(await second.poll()).toBeNull();
		const items = await tickUntil(second, Number(missed.breachAtSeconds) + 300);
		expect(items).toEqual([
			expect.objectContaining({
				ticket_id: 7,
				metric_name: 'First reply time',
				sla_policy: 'Urgent first reply',
				breached_at: new Date(Number(missed.breachAtSeconds) * 1000).toISOString(),
				agent_url: `${standIn.url}/agent/tickets/7`,
			}),
		]);
	});

	it('should show a breach that has passed as the test event', async () => {
		await control('sla/apply', { ticketId: 9, atSeconds: nowSeconds() - 7_200, targetMinutes: 30 });
		const ctx = createFakePollContext({
			credentialType: 'zendeskExportApi',
			credentials: { subdomain: 'acme', baseUrl: standIn.url, ...ADMIN },
			nodeParameters: { authentication: 'apiToken', ...SLA },
			mode: 'manual',
		});
		const runtime = {
			nowMs: () => standIn.clock.nowMs(),
			monotonicNowMs: () => standIn.clock.nowMs(),
			sleep: async (ms: number) => void standIn.clock.advanceBy(ms),
		};
		const result = await pollZendeskExport(ctx, runtime);
		expect(result?.[0].map((item) => item.json)).toEqual([
			expect.objectContaining({ ticket_id: 9, sla_policy: 'Standard SLA' }),
		]);
	});

	it("should fail Publish with the admins-only message on an agent's connection", async () => {
		const node = nodeOnStandIn(standIn, SLA, {
			credentials: { email: 'agent@example.com', apiToken: 'agent-api-token' },
		});
		await expect(node.poll()).rejects.toThrow(/only open to Zendesk admins/);
	});

	it('should name a metric it does not know', async () => {
		const node = nodeOnStandIn(standIn, { ...SLA, slaMetrics: 'reply_time, first_reply' });
		await expect(node.poll()).rejects.toThrow(/Metrics to Watch holds "first_reply"/);
	});
});
