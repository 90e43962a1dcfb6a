/**
 * The delivery contract for SLA Breached, through the whole node against the stand-in: random SLA
 * histories (targets met in time, met late, missed), under both listings the facts leave open (the
 * breach written ahead of time, or listed only when due) and both withdrawals (in place, listed
 * again), with random faults and restarts from the saved static data. Every breach that happened
 * goes out once; a withdrawn one never does.
 */
import type { IDataObject } from 'n8n-workflow';
import { startStandIn, type StandIn, type StandInOptions } from '../zendesk-stand-in/server';
import { pollUntilQuiet } from '../helpers/contract-runner';
import { seededRandom } from '../helpers/random';

const TIMELINES = Number(process.env.CONTRACT_TIMELINES ?? 8);
const FIRST_SEED = Number(process.env.CONTRACT_SEED ?? 1);
const METRICS = ['reply_time', 'resolution_time', 'requester_wait_time'];

async function control(standIn: StandIn, path: string, body: object): Promise<IDataObject> {
	const response = await fetch(`${standIn.url}/__control/${path}`, {
		method: path.endsWith('truth') ? 'GET' : 'POST',
		headers: { 'content-type': 'application/json' },
		body: path.endsWith('truth') ? undefined : JSON.stringify(body),
	});
	if (!response.ok) throw new Error(`${path}: ${await response.text()}`);
	return (await response.json()) as IDataObject;
}

/**
 * Random targets after the Start Date, each its own (ticket, metric, instance); some applied again
 * while their breach is ahead (a priority change), some met in time or late. Returns the last
 * moment anything happens, in ms.
 */
async function schedule(standIn: StandIn, random: () => number, startSeconds: number) {
	let lastSeconds = startSeconds;
	const targets = 5 + Math.floor(random() * 20);
	for (let index = 0; index < targets; index++) {
		const target = {
			ticketId: 100 + index,
			metric: METRICS[index % 3],
			instanceId: 1 + (index % 2),
		};
		const apply = async (atSeconds: number) => {
			const applied = await control(standIn, 'sla/apply', {
				...target,
				atSeconds,
				targetMinutes: 1 + Math.floor(random() * 90),
				policyTitle: `Policy ${Math.floor(random() * 3)}`,
			});
			return Number(applied.breachAtSeconds);
		};
		const appliedAt = startSeconds - 5_400 + Math.floor(random() * 9_000);
		let breachAt = await apply(appliedAt);
		if (random() < 0.2)
			breachAt = await apply(appliedAt + Math.floor(random() * (breachAt - appliedAt)));
		lastSeconds = Math.max(lastSeconds, breachAt);
		if (random() < 0.5) {
			// Met in time (withdrawn) or late (the breach stands), sometimes in the breach's own second.
			const fulfilAt =
				random() < 0.1 ? breachAt : appliedAt + Math.floor(random() * (breachAt - appliedAt) * 1.4);
			await control(standIn, 'sla/fulfil', { ...target, atSeconds: Math.max(fulfilAt, appliedAt) });
			lastSeconds = Math.max(lastSeconds, fulfilAt);
		}
	}
	return lastSeconds * 1000;
}

async function runTimeline(seed: number) {
	const random = seededRandom(seed * 7919);
	const startMs = Date.UTC(2026, 5, 1) + seed * 86_400_000;
	const options: StandInOptions = {
		slaBreachListing: random() < 0.5 ? 'written' : 'due',
		slaWithdrawal: random() < 0.5 ? 'in-place' : 'relisted',
		rateLimitRetryAfter: random() < 0.3 ? 'none' : 'seconds',
	};
	const standIn = await startStandIn({ clock: 'virtual', virtualStartMs: startMs, ...options });
	try {
		const startSeconds = startMs / 1000;
		const lastChangeMs = await schedule(standIn, random, startSeconds);
		const simplify = random() < 0.5;
		const parameters: IDataObject = {
			triggerOn: 'slaBreaches',
			simplify,
			authentication: 'apiToken',
			startFrom: 'date',
			startDate: new Date((startSeconds - 7_200) * 1000).toISOString(),
			slaOptions: { maxItemsPerPoll: 1 + Math.floor(random() * 6) },
		};
		const { emitted, errors } = await pollUntilQuiet(standIn, parameters, random, lastChangeMs);
		const truth = await control(standIn, 'sla/truth', {});
		const idOf = (item: IDataObject) => String(simplify ? item.event_id : item.id);
		const due = (truth.happened as IDataObject[]).map((row) => String(row.id));
		return { emitted: emitted.map(idOf), due, options, errors };
	} finally {
		await standIn.close();
	}
}

describe('the delivery contract for SLA Breached', () => {
	it(`should emit every breach that happened once and no withdrawn one, over ${TIMELINES} timelines`, async () => {
		for (let index = 0; index < TIMELINES; index++) {
			const seed = FIRST_SEED + index;
			const run = await runTimeline(seed);
			const context = `seed ${seed} ${JSON.stringify(run.options)}`;
			// Sorted: a breach goes out once, whatever poll it lands in.
			expect({ context, emitted: [...run.emitted].sort() }).toEqual({
				context,
				emitted: [...run.due].sort(),
			});
			expect(
				run.errors.filter(
					(error) => !/rate limit|answered|reset|truncated|HTML|temporar/i.test(error),
				),
			).toEqual([]);
		}
	}, 300_000);
});
