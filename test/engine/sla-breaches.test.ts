/**
 * SLA Breached on the engine: a breach written ahead of time is held until the export has been
 * read past its time, a withdrawn one never goes out, and one listed only after its time goes out
 * once; the held breaches travel in the saved state.
 */
import {
	runKindPoll,
	sampleRecentItem,
	slaBreachesKind,
	type EngineState,
	type ExportRecord,
	type PollSettings,
} from '../../nodes/ZendeskExportTrigger/engine';
import { deps, NOW_SECONDS, stateAt, watchPolls } from '../helpers/engine-harness';
import { activate, applySla, breach, fulfill, withdrawn } from '../helpers/metric-events';
import { ScriptedSource, timePage } from '../helpers/scripted-source';

watchPolls();

const SITE = 'https://acme.zendesk.com';
const START = NOW_SECONDS - 7_200;
const settings = (metrics: string[] = [], maxItemsPerPoll = 1_000): PollSettings => ({
	kind: slaBreachesKind({ metrics }, { simplify: true, siteUrl: SITE }),
	maxItemsPerPoll,
});

/** One poll at `nowSeconds` over one short page of `records` (its end_time the newest one). */
async function pollOnce(
	state: EngineState,
	records: ExportRecord[],
	nowSeconds: number,
	pollSettings = settings(),
) {
	const source = new ScriptedSource().onTime(timePage(records, nowSeconds - 61, null));
	const outcome = await runKindPoll(state, pollSettings, deps(source, { nowSeconds }).deps);
	expect(outcome.error).toBeUndefined();
	// Saved and read back, as static data is between polls.
	const saved = JSON.parse(JSON.stringify(outcome.state)) as EngineState;
	return { outcome, state: saved, source };
}

const ticket = { ticketId: 41 };

describe('SLA Breached', () => {
	it('should hold a breach written ahead of time until the export is read past it, then emit it once', async () => {
		const applied = applySla(ticket, START + 10, 'VIP first reply');
		const ahead = breach(ticket, START + 3_600);
		const first = await pollOnce(stateAt(START), [applied, ahead], START + 200);
		expect(first.outcome.items).toEqual([]);
		expect(first.outcome.warnings).toEqual([]);

		const second = await pollOnce(first.state, [], START + 3_700);
		expect(second.outcome.items).toEqual([
			{
				ticket_id: 41,
				metric: 'reply_time',
				metric_name: 'First reply time',
				sla_policy: 'VIP first reply',
				breached_at: new Date((START + 3_600) * 1000).toISOString(),
				agent_url: `${SITE}/agent/tickets/41`,
				instance_id: 1,
				event_id: ahead.id,
			},
		]);
		const third = await pollOnce(second.state, [], START + 3_800);
		expect(third.outcome.items).toEqual([]);
	});

	it('should never emit a breach withdrawn with deleted: true', async () => {
		const ahead = breach(ticket, START + 3_600);
		const first = await pollOnce(
			stateAt(START),
			[applySla(ticket, START + 10), ahead],
			START + 200,
		);
		const second = await pollOnce(first.state, [withdrawn(ahead)], START + 400);
		const third = await pollOnce(second.state, [], START + 4_000);
		expect([...first.outcome.items, ...second.outcome.items, ...third.outcome.items]).toEqual([]);
	});

	it('should never emit a breach whose target was fulfilled before its time', async () => {
		const first = await pollOnce(
			stateAt(START),
			[applySla(ticket, START + 10), breach(ticket, START + 3_600)],
			START + 200,
		);
		const second = await pollOnce(first.state, [fulfill(ticket, START + 300)], START + 400);
		const third = await pollOnce(second.state, [], START + 4_000);
		expect([...second.outcome.items, ...third.outcome.items]).toEqual([]);
	});

	it('should emit a breach whose target was fulfilled only after its time', async () => {
		const first = await pollOnce(
			stateAt(START),
			[applySla(ticket, START + 10), breach(ticket, START + 130)],
			START + 170,
		);
		// The export is read up to START + 109 only: the breach second is still ahead of the position.
		expect(first.outcome.items).toEqual([]);
		const second = await pollOnce(first.state, [fulfill(ticket, START + 300)], START + 400);
		expect(second.outcome.items.map((item) => item.ticket_id)).toEqual([41]);
	});

	it('should emit a breach Zendesk lists only once its time has passed, once, even if listed again', async () => {
		const late = breach(ticket, START + 50);
		const first = await pollOnce(stateAt(START), [applySla(ticket, START + 10), late], START + 200);
		expect(first.outcome.items.map((item) => item.sla_policy)).toEqual(['Urgent tickets']);
		// A replica lists it again from an older start, and a second breach event for the same target.
		const again = { ...first.state, cursorSeconds: START };
		const second = await pollOnce(again, [late, breach(ticket, START + 60)], START + 300);
		expect(second.outcome.items).toEqual([]);
	});

	it('should emit a breach written ahead and listed again at its time only once', async () => {
		const ahead = breach(ticket, START + 1_000);
		const first = await pollOnce(
			stateAt(START),
			[applySla(ticket, START + 10), ahead],
			START + 200,
		);
		const second = await pollOnce(first.state, [ahead], START + 1_100);
		const third = await pollOnce(second.state, [ahead], START + 1_200);
		expect([...first.outcome.items, ...second.outcome.items, ...third.outcome.items]).toHaveLength(
			1,
		);
	});

	it('should not let a fulfilment before a reactivation withdraw the breach after it', async () => {
		const resolution = { ticketId: 41, metric: 'resolution_time' };
		const first = await pollOnce(
			stateAt(START),
			[
				fulfill(resolution, START + 10),
				activate(resolution, START + 20),
				breach(resolution, START + 30),
			],
			START + 200,
		);
		expect(first.outcome.items.map((item) => item.metric_name)).toEqual(['Resolution time']);
	});

	it('should emit only the metrics to watch', async () => {
		const records = [
			breach({ ticketId: 1, metric: 'reply_time', instanceId: 2 }, START + 5),
			breach({ ticketId: 2, metric: 'resolution_time' }, START + 6),
		];
		const first = await pollOnce(stateAt(START), records, START + 200, settings(['reply_time']));
		expect(first.outcome.items.map((item) => [item.ticket_id, item.metric_name])).toEqual([
			[1, 'Next reply time'],
		]);
	});

	it('should emit at most Max Items per Poll breaches and keep the rest for the next poll', async () => {
		const records = [1, 2, 3].map((ticketId) => breach({ ticketId }, START + ticketId));
		const first = await pollOnce(stateAt(START), records, START + 200, settings([], 2));
		expect(first.outcome.items.map((item) => item.ticket_id)).toEqual([1, 2]);
		const second = await pollOnce(first.state, [], START + 300, settings([], 2));
		expect(second.outcome.items.map((item) => item.ticket_id)).toEqual([3]);
	});

	it('should give the raw breach event with its policy title when Simplify is off', async () => {
		const raw: PollSettings = { kind: slaBreachesKind({ metrics: [] }), maxItemsPerPoll: 10 };
		const late = breach(ticket, START + 50);
		const first = await pollOnce(
			stateAt(START),
			[applySla(ticket, START + 10), late],
			START + 200,
			raw,
		);
		expect(first.outcome.items).toEqual([
			{
				...late,
				sla_policy_title: 'Urgent tickets',
				time: new Date((START + 50) * 1000).toISOString(),
			},
		]);
	});

	it('should warn and drop saved held breaches it cannot read', async () => {
		const state = { ...stateAt(START), held: { held: [{ eventId: 5 }], policies: 'x' } };
		const first = await pollOnce(state, [], START + 200);
		expect(first.outcome.warnings.join(' ')).toMatch(
			/1 saved SLA breach entries could not be read/,
		);
	});

	it('should read on after a full page of 100 events, which has no end_of_stream', async () => {
		const full = Array.from({ length: 100 }, (_, index) =>
			fulfill({ ticketId: 1_000 + index }, START + index),
		);
		const source = new ScriptedSource().onTime(
			timePage(full, START + 99, null),
			timePage([breach(ticket, START + 150)], START + 150, null),
		);
		const outcome = await runKindPoll(
			stateAt(START),
			settings(),
			deps(source, { nowSeconds: START + 400 }).deps,
		);
		expect(source.timeRequests).toEqual([START, START + 99]);
		expect(outcome.items.map((item) => item.ticket_id)).toEqual([41]);
	});

	it('should show a breach that has passed as the test event', async () => {
		const source = new ScriptedSource().onTime(
			timePage([applySla(ticket, START + 10), breach(ticket, START + 50)], START + 60, null),
		);
		const nowMs = NOW_SECONDS * 1000;
		const item = await sampleRecentItem(source, settings().kind, nowMs, nowMs + 60_000);
		expect(item).toMatchObject({ ticket_id: 41, sla_policy: 'Urgent tickets' });
	});
});
