/**
 * The delivery contract for New Comment, Ticket Field Changed, User and Organization, through the
 * whole node against the stand-in: random timelines (bursts of more than a page in one second
 * included), random faults and restarts, checked against the stand-in's truth for the kind; users
 * and organizations under each Event too (test/helpers/event-oracle.ts). Simplify is drawn per
 * timeline: the keys compared (a comment's id, a change's event_id and field, a user's or an
 * organization's id and updated_at) are in the flat item as in the raw one.
 */
import type { IDataObject } from 'n8n-workflow';
import { startStandIn, type StandIn, type StandInOptions } from '../zendesk-stand-in/server';
import { pollUntilQuiet } from '../helpers/contract-runner';
import { seededRandom } from '../helpers/random';
import { scheduleKind as schedule } from '../helpers/kinds-timeline';
import { secondsOf, verdictOf, type EventRules } from '../helpers/event-oracle';

const TIMELINES_PER_KIND = Number(process.env.CONTRACT_TIMELINES ?? 6);
const FIRST_SEED = Number(process.env.CONTRACT_SEED ?? 1);
const KINDS = ['comments', 'fieldChanges', 'users', 'organizations'] as const;
type Kind = (typeof KINDS)[number];
/** Timelines per kind and Event (Created, Updated) for users and organizations. */
const EVENT_TIMELINES = Number(process.env.CONTRACT_EVENT_TIMELINES ?? 3);
type PeopleEvent = EventRules['event'];

interface KindRun {
	/** Simplify, drawn per timeline: the keys compared below are in both item shapes. */
	simplify: boolean;
	emitted: IDataObject[];
	errors: string[];
	/** The key of every item the truth says must arrive exactly once. */
	due: Set<string>;
	/** Every key that may arrive (a user version replaced before it was exportable may not). */
	possible: Set<string>;
	keyOf: (item: IDataObject) => string;
}

const pick = <T>(random: () => number, values: readonly T[]): T =>
	values[Math.floor(random() * values.length)];

/** One random timeline of the kind; for users and organizations `forced` sets Event and the cap. */
async function runKind(
	kind: Kind,
	seed: number,
	forced?: { event: PeopleEvent; maxItemsPerPoll: number },
): Promise<KindRun> {
	const event = forced?.event ?? 'createdOrUpdated';
	const random = seededRandom(seed * 31 + KINDS.indexOf(kind));
	const simplify = simplifyDrawn(kind, seed);
	const startMs = Date.UTC(2026, 2, 1) + seed * 86_400_000;
	const shapes: StandInOptions = {
		omitEndOfStream: random() < 0.3,
		commentViaStyle: pick(random, ['object', 'string', 'null', 'mixed'] as const),
		unknownChildEvents: random() < 0.5,
		changeEventStyle: random() < 0.25 ? 'field-name' : 'key-per-field',
		includeMergedTicketIds: random() < 0.3,
		rateLimitRetryAfter: random() < 0.3 ? 'none' : 'seconds',
	};
	const standIn = await startStandIn({ clock: 'virtual', virtualStartMs: startMs, ...shapes });
	try {
		// For Created and Updated, Start Date is halfway into the backlog, so that records created
		// before it change after it; the live part then only touches those (see `schedule`).
		const startDateMs = startMs - (event === 'createdOrUpdated' ? 1_800_000 + 5_000 : 900_000);
		const onlyOldLive = event === 'createdOrUpdated' ? undefined : startDateMs / 1000;
		const lastChangeMs = schedule(kind, standIn, random, startMs, onlyOldLive);
		const parameters: IDataObject = {
			triggerOn: kind,
			simplify,
			authentication: 'apiToken',
			startFrom: 'date',
			startDate: new Date(startDateMs).toISOString(),
			...(kind === 'users' || kind === 'organizations' ? { changeEvent: event } : {}),
		};
		const rules: EventRules = {
			event,
			ignoreSystemUpdates: false,
			startDateSeconds: startDateMs / 1000,
			liveAfterSeconds: Math.floor(startMs / 1000),
		};
		const check = drawFilters(kind, random, parameters, rules);
		const options = parameters[kind === 'users' ? 'userOptions' : 'organizationOptions'];
		if (forced) (options as IDataObject).maxItemsPerPoll = forced.maxItemsPerPoll;
		const { emitted, errors } = await pollUntilQuiet(standIn, parameters, random, lastChangeMs);
		return { emitted, errors, ...check(standIn), simplify };
	} finally {
		await standIn.close();
	}
}

/**
 * Simplify on or off: its own stream (the seed spread by the golden ratio, so neighbouring seeds
 * draw apart), so every other draw, and so every timeline, stays as it was before Simplify.
 */
const simplifyDrawn = (kind: Kind, seed: number): boolean =>
	seededRandom(Math.imul(seed * 31 + KINDS.indexOf(kind), 0x9e3779b1))() < 0.5;

/** Draws the mode's filters into `parameters`; returns how to read the truth through them. */
function drawFilters(
	kind: Kind,
	random: () => number,
	parameters: IDataObject,
	rules: EventRules,
): (standIn: StandIn) => Omit<KindRun, 'simplify' | 'emitted' | 'errors'> {
	const maxItemsPerPoll = random() < 0.5 ? 10_000 : 200 + Math.floor(random() * 1500);
	if (kind === 'comments') {
		const visibility = pick(random, ['all', 'public', 'internal'] as const);
		parameters.commentOptions = { visibility, maxItemsPerPoll };
		return (standIn) => {
			const rows = standIn.store.eventsTruth().comments;
			const due = rows.filter(
				(row) => visibility === 'all' || row.public === (visibility === 'public'),
			);
			return keyed(
				due.map((row) => `${row.id}`),
				(item) => String(item.id),
			);
		};
	}
	if (kind === 'fieldChanges') {
		const fields =
			random() < 0.5 ? [] : ['status', 'priority', 'tags'].filter(() => random() < 0.6);
		const includeCreate = random() < 0.5;
		parameters.fields = fields;
		parameters.fieldChangeOptions = { includeCreate, maxItemsPerPoll };
		const ours = (field: string) => field.replace(/^custom_ticket_fields\./, 'custom_field:');
		return (standIn) => {
			const rows = standIn.store
				.eventsTruth()
				.changes.filter(
					(row) =>
						(includeCreate || row.event_type === 'Change') &&
						(fields.length === 0 || fields.includes(row.field)),
				);
			return keyed(
				rows.map((row) => `${row.audit_id}:${ours(row.field)}`),
				(item) => `${String(item.event_id)}:${String(item.field)}`,
			);
		};
	}
	parameters[kind === 'users' ? 'userOptions' : 'organizationOptions'] = { maxItemsPerPoll };
	return (standIn) => {
		// The seeded account's users and organizations changed long before the Start Date.
		const versions = standIn.store
			.peopleTruth(kind)
			.filter((version) => secondsOf(version.updated_at) >= rules.startDateSeconds);
		const keyOf = (item: IDataObject) => `${String(item.id)}:${String(item.updated_at)}`;
		// Event: due are the final versions the oracle calls due, possible every version that was
		// ever exportable and that the oracle does not forbid (test/helpers/event-oracle.ts).
		const verdict = (version: { created_at: string; updated_at: string }) =>
			verdictOf(rules, {
				createdSeconds: secondsOf(version.created_at),
				updatedSeconds: secondsOf(version.updated_at),
				atSeconds: secondsOf(version.updated_at),
			});
		const finals = new Map(versions.map((version) => [version.id, version]));
		const due = new Set(
			[...finals.values()]
				.filter((version) => verdict(version) === 'due')
				.map((version) => `${version.id}:${version.updated_at}`),
		);
		const possible = new Set(
			versions
				.filter((version) => version.exportableAtSeconds !== null)
				.filter((version) => verdict(version) !== 'forbidden')
				.map((version) => `${version.id}:${version.updated_at}`),
		);
		return { due, possible, keyOf };
	};
}

function keyed(keys: string[], keyOf: (item: IDataObject) => string) {
	const due = new Set(keys);
	return { due, possible: due, keyOf };
}

/** A key with a field missing from the item reads "undefined": no truth allows it, so it fails. */
function checkKindContract(run: KindRun): string | undefined {
	const seen = new Set<string>();
	for (const item of run.emitted) {
		const key = run.keyOf(item);
		if (seen.has(key)) return `${key} emitted twice`;
		if (!run.possible.has(key)) return `${key} emitted, but the truth does not allow it`;
		seen.add(key);
	}
	for (const key of run.due) if (!seen.has(key)) return `${key} never emitted`;
	return undefined;
}

describe.each(['users', 'organizations'] as const)(
	'the delivery contract for %s with Event = Created or Updated',
	(kind) => {
		it.each(['created', 'updated'] as const)(
			`should emit exactly the records Event = %s names, each once, over ${EVENT_TIMELINES} timelines`,
			async (event) => {
				for (let index = 0; index < EVENT_TIMELINES; index++) {
					const seed = FIRST_SEED + 100 + index;
					// A cap below what the backlog brings splits it over several polls, one catch-up window
					// across them (the backlog holds far fewer updates than creations).
					const cap = (event === 'created' ? 200 : 20) * (1 + index);
					const run = await runKind(kind, seed, { event, maxItemsPerPoll: cap });
					const failure = checkKindContract(run);
					if (process.env.CONTRACT_VERBOSE)
						console.log(
							`${kind} ${event} seed ${seed}${run.simplify ? ' (simplified)' : ''}: ${run.emitted.length} emitted`,
						);
					if (failure) {
						const shape = `Simplify ${run.simplify ? 'on' : 'off'}`;
						throw new Error(`${kind} ${event} seed ${seed}, ${shape}: ${failure}`);
					}
					expect(run.due.size).toBeGreaterThan(0);
				}
			},
			600_000,
		);
	},
);

describe.each(KINDS)(
	'the delivery contract for %s through the node, against the stand-in',
	(kind) => {
		it(`should emit everything due exactly once and nothing twice, over ${TIMELINES_PER_KIND} timelines`, async () => {
			for (let seed = FIRST_SEED; seed < FIRST_SEED + TIMELINES_PER_KIND; seed++) {
				const run = await runKind(kind, seed);
				const failure = checkKindContract(run);
				if (process.env.CONTRACT_VERBOSE)
					console.log(
						`${kind} seed ${seed}${run.simplify ? ' (simplified)' : ''}: ${run.emitted.length} emitted, ${run.due.size} due`,
						run.errors.slice(0, 2),
					);
				if (failure) {
					throw new Error(
						`${kind} seed ${seed}, Simplify ${run.simplify ? 'on' : 'off'} (replay: CONTRACT_SEED=${seed} CONTRACT_TIMELINES=1): ${failure}; errors: ${run.errors.slice(0, 3).join(' | ')}`,
					);
				}
				expect(run.due.size).toBeGreaterThan(0);
			}
		}, 600_000);

		(TIMELINES_PER_KIND >= 4 ? it : it.skip)(
			'should draw Simplify on for some timelines and off for others',
			() => {
				const seeds = Array.from({ length: TIMELINES_PER_KIND }, (_, index) => FIRST_SEED + index);
				expect(new Set(seeds.map((seed) => simplifyDrawn(kind, seed)))).toEqual(
					new Set([true, false]),
				);
			},
		);

		it('should fail the check when an item is emitted twice or never, so the check itself can fail', async () => {
			const run = await runKind(kind, FIRST_SEED);
			expect(checkKindContract({ ...run, emitted: [...run.emitted, run.emitted[0]] })).toMatch(
				/twice/,
			);
			const last = run.keyOf(run.emitted[run.emitted.length - 1]);
			const without = run.emitted.filter((item) => run.keyOf(item) !== last);
			expect(checkKindContract({ ...run, emitted: without })).toMatch(/never emitted/);
		}, 120_000);
	},
);
