/**
 * The oracle for Event (Created, Updated, Created or Updated) and Ignore System Updates in the
 * delivery contracts: which versions must be emitted, which must not, from the stand-in's history.
 *
 * The engine's definition (engine/filters.ts `createdFilter` and `createTicketFilter`, used by
 * engine/kinds.ts for tickets, users and organizations; README "How created and updated are
 * decided"): a version is read inside a *window*. A record whose `created_at` is at or after the
 * window start is "created", one created before it "updated". Ignore System Updates drops a ticket
 * whose `updated_at` is before the window start. A window starts at the cursor when the trigger has
 * caught up, and stays open while a backlog takes several polls (the cap, the budget or an error).
 *
 * Where a window starts depends on when the polls ran, but the history pins it in these cases:
 * - the first window starts at Start Date (the first position), and every later one after it, so a
 *   record created before Start Date is always "updated" and an `updated_at` before Start Date is
 *   always a system-only update;
 * - the backlog (every version there when polling began) is read whole by that first window: it
 *   stays open until the stream ends, so a backlog version is judged against Start Date;
 * - a version is read by a window that began at or before it (the cursor never passes a version it
 *   has not read), so a version made by the record's creation is "created", and one whose
 *   `updated_at` is its own time is never system-only.
 * Anything else (a record created after Start Date and changed again while polling ran; a system
 * touch read live whose `updated_at` is after Start Date) may go either way. `LiveOnlyTouches`
 * (test/helpers/timeline.ts) and the people timelines keep the first kind out of the timelines, so
 * for Created and Updated the oracle is exact.
 */
import type { TriggerEvent } from '../../nodes/ZendeskExportTrigger/engine';

export type Verdict = 'due' | 'forbidden' | 'may';

export interface EventRules {
	event: TriggerEvent;
	/** Tickets only. */
	ignoreSystemUpdates: boolean;
	startDateSeconds: number;
	/** The clock when polling began: a version at or before it is in the backlog. */
	liveAfterSeconds: number;
}

/** One version, by its seconds: `atSeconds` is where the export places it. */
export interface VersionTimes {
	createdSeconds: number;
	updatedSeconds: number;
	atSeconds: number;
}

export function verdictOf(rules: EventRules, version: VersionTimes): Verdict {
	const { createdSeconds, updatedSeconds, atSeconds } = version;
	const start = rules.startDateSeconds;
	const inBacklog = atSeconds <= rules.liveAfterSeconds;
	let verdict: Verdict = 'due';
	if (rules.event !== 'createdOrUpdated') {
		const created =
			createdSeconds < start ? false : inBacklog || atSeconds === createdSeconds ? true : undefined;
		if (created === undefined) verdict = 'may';
		else if (created !== (rules.event === 'created')) return 'forbidden';
	}
	if (rules.ignoreSystemUpdates) {
		if (updatedSeconds < start) return 'forbidden';
		if (updatedSeconds < atSeconds && !inBacklog) verdict = 'may';
	}
	return verdict;
}

export const secondsOf = (value: unknown): number =>
	typeof value === 'string' && !/^\d+$/.test(value)
		? Math.floor(Date.parse(value) / 1000)
		: Number(value);

/**
 * The contract for one run: every version emitted at most once, each one that may arrive and is
 * not forbidden; every final version the verdict calls due emitted. Returns the first breach.
 */
export function checkAgainstVerdicts<Item>(check: {
	emitted: Item[];
	keyOf: (item: Item) => string;
	/** Why an emitted item may not arrive at all (never existed, filtered out); undefined if it may. */
	notAllowed: (item: Item) => string | undefined;
	verdictOfItem: (item: Item) => Verdict;
	/** Every record's final version, with its key and verdict. */
	finals: Array<{ key: string; verdict: Verdict }>;
}): string | undefined {
	const seen = new Set<string>();
	for (const item of check.emitted) {
		const key = check.keyOf(item);
		if (seen.has(key)) return `${key} emitted twice`;
		const reason = check.notAllowed(item);
		if (reason) return `${key} emitted, but ${reason}`;
		if (check.verdictOfItem(item) === 'forbidden')
			return `${key} emitted, but the Event settings exclude it`;
		seen.add(key);
	}
	for (const final of check.finals) {
		if (final.verdict === 'due' && !seen.has(final.key))
			return `final version ${final.key} never emitted`;
	}
	return undefined;
}
