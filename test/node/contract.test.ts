/**
 * The delivery contract, through the whole node: randomized timelines of ticket changes on the
 * Zendesk stand-in (virtual clock, real HTTP on 127.0.0.1 through n8n-core's request helpers),
 * polled once a minute by `pollZendeskExport` the way n8n does it. Static data is saved only at
 * activation and when a poll emits items, and a restart (drawn at random) starts a new context
 * from the last *saved* static data. Filters, options and real-world answer shapes are drawn too,
 * and what Event and Ignore System Updates let through is checked against the stand-in's history
 * (test/helpers/event-oracle.ts), for Event = Created and Updated on timelines of their own too.
 * Simplify is drawn per timeline, so exactly-once holds for the flat item as for the raw record
 * (the checks read only id, generated_timestamp, status, created_at and updated_at: both have them).
 */
import type { IDataObject } from 'n8n-workflow';
import { startStandIn, type StandInOptions } from '../zendesk-stand-in/server';
import { pollUntilQuiet } from '../helpers/contract-runner';
import { seededRandom } from '../helpers/random';
import { buildTimeline, scheduleTimeline, type Change } from '../helpers/timeline';
import {
	checkAgainstVerdicts,
	secondsOf,
	verdictOf,
	type EventRules,
} from '../helpers/event-oracle';

const TIMELINES = Number(process.env.CONTRACT_TIMELINES ?? 24);
const FIRST_SEED = Number(process.env.CONTRACT_SEED ?? 1);
/** Timelines per Event = Created and Event = Updated, on top of the random draw above. */
const EVENT_TIMELINES = Number(process.env.CONTRACT_EVENT_TIMELINES ?? 4);
/** Statuses a filter may add to 'open', which most changed tickets are in. */
const OTHER_STATUSES = ['new', 'pending', 'solved', 'deleted'];

interface Run {
	/** Simplify, drawn per timeline: exactly-once must hold for both item shapes. */
	simplify: boolean;
	emitted: IDataObject[];
	versionsEver: Set<string>;
	finals: Array<{
		id: number;
		generated_timestamp: number;
		status: string;
		updated_at: string;
		created_at: string;
	}>;
	accepts: (status: string) => boolean;
	/** What Event and Ignore System Updates let through (test/helpers/event-oracle.ts). */
	rules: EventRules;
	errors: string[];
}

type TicketEvent = EventRules['event'];

/**
 * One random timeline; `forced` pins the Event (and a cap that splits the backlog over several
 * polls, so a catch-up window has to hold across them).
 */
async function runTimeline(
	seed: number,
	forced?: { event: TicketEvent; maxTicketsPerPoll: number },
): Promise<Run> {
	const random = seededRandom(seed);
	const simplify = simplifyDrawn(seed);
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
		const drawnStatuses =
			random() < 0.5 ? [] : ['open', ...OTHER_STATUSES.filter(() => random() < 0.5)];
		// A forced Event keeps every status: what such a run emits is decided by the Event alone.
		const statuses = forced ? [] : drawnStatuses;
		const excludeDeleted = random() < 0.3;
		const accepts = (status: string) =>
			(statuses.length === 0 || statuses.includes(status)) &&
			!(excludeDeleted && status === 'deleted');
		const drawn = random() < 0.8 ? 'createdOrUpdated' : random() < 0.5 ? 'created' : 'updated';
		const event: TicketEvent = forced?.event ?? drawn;
		const ignoreSystemUpdates = random() < 0.15;
		// For Created and Updated, Start Date is halfway into the backlog, so that tickets created
		// before it change after it, and the live part only makes new tickets and changes those older
		// ones: then which ticket is created or updated is fixed by the history (event-oracle.ts).
		const startDateMs = startMs - (event === 'createdOrUpdated' ? 1_800_000 + 5_000 : 900_000);
		const liveAfterSeconds = Math.floor(startMs / 1000);
		const versionsEver = scheduleTimeline(
			standIn,
			changes,
			event === 'createdOrUpdated'
				? undefined
				: { liveAfterSeconds, createdBeforeSeconds: startDateMs / 1000 },
		);
		const parameters: IDataObject = {
			event,
			simplify,
			authentication: 'apiToken',
			startFrom: 'date',
			startDate: new Date(startDateMs).toISOString(),
			options: {
				statuses: random() < 0.5 ? statuses : statuses.join(', '),
				excludeDeleted,
				ignoreSystemUpdates,
				include: random() < 0.5 ? ['users'] : [],
				maxTicketsPerPoll: random() < 0.5 ? 10_000 : 300 + Math.floor(random() * 1500),
			},
		};
		const options = parameters.options as IDataObject;
		if (forced) options.maxTicketsPerPoll = forced.maxTicketsPerPoll;
		const lastChangeMs = Math.max(...changes.map((change) => change.atSeconds * 1000));
		const run = await pollUntilQuiet(standIn, parameters, random, lastChangeMs);
		const finals = standIn.store.truth().map((row) => ({
			...row,
			created_at: standIn.store.getTicket(row.id)!.ticket.created_at,
		}));
		const startDateSeconds = startDateMs / 1000;
		const rules = { event, ignoreSystemUpdates, startDateSeconds, liveAfterSeconds };
		return { ...run, simplify, versionsEver, finals, accepts, rules };
	} finally {
		await standIn.close();
	}
}

/** Simplify on or off for a seed; the simplified ticket keeps every field the checks read. */
// Its own stream (the seed spread by the golden ratio, so neighbouring seeds draw apart), so every
// other draw, and so every timeline, stays as it was before Simplify existed.
const simplifyDrawn = (seed: number): boolean => seededRandom(Math.imul(seed, 0x9e3779b1))() < 0.5;

const keyOf = (ticket: IDataObject | Run['finals'][number]) =>
	`${String(ticket.id)}:${String(ticket.generated_timestamp)}`;

const timesOf = (ticket: IDataObject | Run['finals'][number]) => ({
	createdSeconds: secondsOf(ticket.created_at),
	updatedSeconds: secondsOf(ticket.updated_at),
	atSeconds: secondsOf(ticket.generated_timestamp),
});

/**
 * Every version at most once, none that never existed or that the filters drop, and every final
 * version due under Event and Ignore System Updates (test/helpers/event-oracle.ts) exactly once.
 */
function checkContract(run: Run): string | undefined {
	const { startDateSeconds } = run.rules;
	return checkAgainstVerdicts<IDataObject>({
		emitted: run.emitted,
		keyOf,
		notAllowed: (ticket) =>
			!run.versionsEver.has(keyOf(ticket))
				? 'it never existed'
				: !run.accepts(String(ticket.status))
					? `its status ${String(ticket.status)} is filtered out`
					: secondsOf(ticket.generated_timestamp) < startDateSeconds
						? 'it is from before Start Date'
						: undefined,
		verdictOfItem: (ticket) => verdictOf(run.rules, timesOf(ticket)),
		finals: run.finals
			.filter((final) => final.generated_timestamp >= startDateSeconds)
			.map((final) => ({
				key: keyOf(final),
				verdict: run.accepts(final.status) ? verdictOf(run.rules, timesOf(final)) : 'forbidden',
			})),
	});
}

describe('the delivery contract through the node, against the stand-in', () => {
	it(`should emit every accepted final version exactly once and nothing twice, over ${TIMELINES} timelines`, async () => {
		for (let seed = FIRST_SEED; seed < FIRST_SEED + TIMELINES; seed++) {
			const run = await runTimeline(seed);
			const failure = checkContract(run);
			if (process.env.CONTRACT_VERBOSE)
				console.log(
					`seed ${seed}${run.simplify ? ' (simplified)' : ''}: ${run.emitted.length} emitted, ${run.finals.filter((t) => run.accepts(t.status)).length} of ${run.finals.length} final versions accepted, ${run.errors.length} error executions`,
					run.errors.slice(0, 2),
				);
			if (failure) {
				throw new Error(
					`seed ${seed}, Simplify ${run.simplify ? 'on' : 'off'} (replay: CONTRACT_SEED=${seed} CONTRACT_TIMELINES=1): ${failure}; errors: ${run.errors.slice(0, 3).join(' | ')}`,
				);
			}
		}
	}, 600_000);

	// Replaying one seed draws one shape; a full run must check both.
	(TIMELINES >= 4 ? it : it.skip)(
		'should draw Simplify on for some timelines and off for others',
		() => {
			const seeds = Array.from({ length: TIMELINES }, (_, index) => FIRST_SEED + index);
			expect(new Set(seeds.map(simplifyDrawn))).toEqual(new Set([true, false]));
		},
	);

	it.each(['created', 'updated'] as const)(
		`should emit exactly the tickets Event = %s names, each once, over ${EVENT_TIMELINES} timelines`,
		async (event) => {
			for (let index = 0; index < EVENT_TIMELINES; index++) {
				const seed = FIRST_SEED + 100 + index;
				// A small cap splits the backlog over several polls: one catch-up window across them.
				const run = await runTimeline(seed, { event, maxTicketsPerPoll: 300 + 100 * index });
				const failure = checkContract(run);
				if (process.env.CONTRACT_VERBOSE)
					console.log(
						`${event} seed ${seed}${run.simplify ? ' (simplified)' : ''}: ${run.emitted.length} emitted`,
						run.errors.slice(0, 2),
					);
				if (failure) {
					throw new Error(
						`${event} seed ${seed}, Simplify ${run.simplify ? 'on' : 'off'}: ${failure}`,
					);
				}
				expect(run.emitted.length).toBeGreaterThan(0);
			}
		},
		600_000,
	);

	it('should fail the contract check when a ticket the Event excludes is emitted, so the Event oracle can fail', async () => {
		// With Event = Created or Updated, Start Date is before the whole timeline, so every ticket
		// is new: judged as Event = Updated instead, what the run emitted is excluded.
		const run = await runTimeline(FIRST_SEED);
		expect(run.rules.event).toBe('createdOrUpdated');
		expect(checkContract({ ...run, rules: { ...run.rules, event: 'updated' } })).toMatch(
			/the Event settings exclude it/,
		);
	}, 120_000);

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
