/**
 * The delivery contract, through the whole node: randomized timelines of ticket changes on the
 * Zendesk stand-in (virtual clock, real HTTP on 127.0.0.1 through n8n-core's request helpers),
 * polled once a minute by `pollZendeskExport` the way n8n does it. Static data is saved only at
 * activation and when a poll emits items, and a restart (drawn at random) starts a new context
 * from the last *saved* static data. Filters, options and real-world answer shapes are drawn too.
 */
import type { IDataObject } from 'n8n-workflow';
import { startStandIn, type StandInOptions } from '../zendesk-stand-in/server';
import { pollUntilQuiet } from '../helpers/contract-runner';
import { seededRandom } from '../helpers/random';
import { buildTimeline, scheduleTimeline, type Change } from '../helpers/timeline';

const TIMELINES = Number(process.env.CONTRACT_TIMELINES ?? 24);
const FIRST_SEED = Number(process.env.CONTRACT_SEED ?? 1);
/** Statuses a filter may add to 'open', which most changed tickets are in. */
const OTHER_STATUSES = ['new', 'pending', 'solved', 'deleted'];

interface Run {
	emitted: IDataObject[];
	versionsEver: Set<string>;
	finals: Array<{ id: number; generated_timestamp: number; status: string }>;
	accepts: (status: string) => boolean;
	/**
	 * False when the Event or Ignore System Updates filter is on: those decide against the start of
	 * the catch-up window, so which final versions pass is not checked, only that none repeats.
	 */
	everyFinalVersionDue: boolean;
	errors: string[];
}

async function runTimeline(seed: number): Promise<Run> {
	const random = seededRandom(seed);
	const startMs = Date.UTC(2026, 0, 1) + seed * 86_400_000;
	const shapes: StandInOptions = {
		omitEndOfStream: random() < 0.3,
		generatedTimestampStyle: random() < 0.2 ? 'string' : 'number',
		tooRecentStyle: (['400', '422', '400-text', '422-text'] as const)[Math.floor(random() * 4)],
		emptyEndTime: (['start', 'cutoff', 'null'] as const)[Math.floor(random() * 3)],
		stuck: random() < 0.4,
		cursorExportLimitPerWindow: random() < 0.3 ? 10 : 0,
		rateLimitRetryAfter: random() < 0.3 ? 'none' : 'seconds',
	};
	const standIn = await startStandIn({ clock: 'virtual', virtualStartMs: startMs, ...shapes });
	try {
		const changes: Change[] = buildTimeline(random, startMs);
		const versionsEver = scheduleTimeline(standIn, changes);
		const statuses = random() < 0.5 ? [] : ['open', ...OTHER_STATUSES.filter(() => random() < 0.5)];
		const excludeDeleted = random() < 0.3;
		const accepts = (status: string) =>
			(statuses.length === 0 || statuses.includes(status)) &&
			!(excludeDeleted && status === 'deleted');
		const event = random() < 0.8 ? 'createdOrUpdated' : random() < 0.5 ? 'created' : 'updated';
		const ignoreSystemUpdates = random() < 0.15;
		const parameters: IDataObject = {
			event,
			authentication: 'apiToken',
			startFrom: 'date',
			startDate: new Date(startMs - 1_800_000 - 5_000).toISOString(),
			options: {
				statuses: random() < 0.5 ? statuses : statuses.join(', '),
				excludeDeleted,
				ignoreSystemUpdates,
				include: random() < 0.5 ? ['users'] : [],
				maxTicketsPerPoll: random() < 0.5 ? 10_000 : 300 + Math.floor(random() * 1500),
			},
		};
		const lastChangeMs = Math.max(...changes.map((change) => change.atSeconds * 1000));
		const run = await pollUntilQuiet(standIn, parameters, random, lastChangeMs);
		const everyFinalVersionDue = event === 'createdOrUpdated' && !ignoreSystemUpdates;
		return { ...run, versionsEver, finals: standIn.store.truth(), accepts, everyFinalVersionDue };
	} finally {
		await standIn.close();
	}
}

function checkContract(run: Run): string | undefined {
	const seen = new Set<string>();
	for (const ticket of run.emitted) {
		const key = `${String(ticket.id)}:${String(ticket.generated_timestamp)}`;
		if (seen.has(key)) return `version ${key} emitted twice`;
		if (!run.versionsEver.has(key)) return `version ${key} never existed`;
		if (!run.accepts(String(ticket.status)))
			return `version ${key} (${String(ticket.status)}) passed the filters`;
		seen.add(key);
	}
	if (!run.everyFinalVersionDue) return undefined;
	for (const final of run.finals) {
		const key = `${final.id}:${final.generated_timestamp}`;
		if (run.accepts(final.status) && !seen.has(key)) return `final version ${key} never emitted`;
	}
	return undefined;
}

describe('the delivery contract through the node, against the stand-in', () => {
	it(`should emit every accepted final version exactly once and nothing twice, over ${TIMELINES} timelines`, async () => {
		for (let seed = FIRST_SEED; seed < FIRST_SEED + TIMELINES; seed++) {
			const run = await runTimeline(seed);
			const failure = checkContract(run);
			if (process.env.CONTRACT_VERBOSE)
				console.log(
					`seed ${seed}: ${run.emitted.length} emitted, ${run.finals.filter((t) => run.accepts(t.status)).length} of ${run.finals.length} final versions accepted, ${run.errors.length} error executions`,
					run.errors.slice(0, 2),
				);
			if (failure) {
				throw new Error(
					`seed ${seed} (replay: CONTRACT_SEED=${seed} CONTRACT_TIMELINES=1): ${failure}; errors: ${run.errors.slice(0, 3).join(' | ')}`,
				);
			}
		}
	}, 600_000);

	it('should fail the contract check when a version is emitted twice or never, so the check itself can fail', async () => {
		const run = await runTimeline(FIRST_SEED);
		expect(checkContract({ ...run, emitted: [...run.emitted, run.emitted[0]] })).toMatch(
			/emitted twice/,
		);
		const last = run.emitted[run.emitted.length - 1];
		expect(checkContract({ ...run, emitted: run.emitted.filter((t) => t.id !== last.id) })).toMatch(
			/never emitted/,
		);
	}, 120_000);
});
