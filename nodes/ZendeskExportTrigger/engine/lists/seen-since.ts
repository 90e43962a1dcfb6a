/**
 * A list kind for records that appear once and then only go away (suspended tickets; ratings,
 * keyed by id and score): emit a record the first time it is listed, never for leaving.
 *
 * The state is a floor (records listed as older are known or too old) and the keys seen at or
 * above it. The list is read newest first and stops below the floor, so a poll costs a page or
 * two. The floor trails the newest record by a margin, since a record may become visible a little
 * after a newer one did; the keys above the floor bound what the state holds.
 */
import type { ExportItem, ExportRecord } from '../types';
import type { ListComparison, ListKind } from './types';

export interface SeenSinceState {
	floorSeconds: number;
	/**
	 * The keys seen at or above the floor, each with its time (null: unreadable, kept while listed).
	 * A seen record one read skipped (the pages shifted) stays here until the floor passes it.
	 */
	seen: Array<[string, number | null]>;
}

export interface SeenSinceOptions {
	itemNoun: string;
	maxRecords: number;
	/** How far below the newest record the floor stays. */
	marginSeconds: number;
	/** The most keys the state keeps; the floor rises above older ones. */
	maxSeenKeys: number;
	/** What makes a record new (its id, or its id and score); undefined: it cannot be tracked. */
	keyOf(record: ExportRecord): string | undefined;
	/** The time the list is sorted by, newest first; undefined when unreadable. */
	secondsOf(record: ExportRecord): number | undefined;
	toItem(record: ExportRecord): ExportItem;
}

export function seenSinceKind(options: SeenSinceOptions): ListKind<SeenSinceState> {
	const { keyOf, secondsOf } = options;
	// A record whose time cannot be read is kept while it is listed, never passed by the floor.
	const timeOf = (record: ExportRecord) => secondsOf(record) ?? Number.POSITIVE_INFINITY;
	const aboveFloor = (records: ExportRecord[], floorSeconds: number) => {
		const byKey = new Map<string, ExportRecord>();
		for (const record of records) {
			const key = keyOf(record);
			if (key !== undefined && !byKey.has(key) && timeOf(record) >= floorSeconds)
				byKey.set(key, record);
		}
		return byKey;
	};

	function compare(
		state: SeenSinceState,
		records: ExportRecord[],
		maxItems: number,
	): ListComparison<SeenSinceState> {
		const seen = new Map(state.seen);
		const listed = aboveFloor(records, state.floorSeconds);
		// Oldest first; the list is newest first, so within one second its order is reversed.
		const fresh = [...listed.entries()]
			.reverse()
			.filter(([key]) => !seen.has(key))
			.sort(([, a], [, b]) => timeOf(a) - timeOf(b));
		const emitted = fresh.slice(0, maxItems);
		for (const [key, record] of emitted) seen.set(key, secondsOf(record) ?? null);
		const waiting = fresh.slice(maxItems).map(([, record]) => timeOf(record));
		const times = [...listed.values()].map(timeOf).filter(Number.isFinite);
		let floorSeconds = Math.max(
			state.floorSeconds,
			times.length ? Math.max(...times) - options.marginSeconds : state.floorSeconds,
		);
		// Never past a record not emitted yet: it goes out at the next poll.
		floorSeconds = Math.min(floorSeconds, ...waiting);
		const keeps = (key: string, seconds: number | null, floor: number) =>
			seconds === null ? listed.has(key) : seconds >= floor;
		let kept = [...seen.entries()].filter(([key, seconds]) => keeps(key, seconds, floorSeconds));
		if (kept.length > options.maxSeenKeys) {
			const newestFirst = kept.map(([, seconds]) => seconds ?? Infinity).sort((a, b) => b - a);
			const bound = Math.min(newestFirst[options.maxSeenKeys - 1] + 1, ...waiting);
			floorSeconds = Math.max(floorSeconds, bound);
			kept = kept.filter(([key, seconds]) => keeps(key, seconds, floorSeconds));
		}
		return {
			items: emitted.map(([, record]) => options.toItem(record)),
			state: { floorSeconds, seen: kept },
		};
	}

	return {
		itemNoun: options.itemNoun,
		maxRecords: options.maxRecords,
		firstState: (records, start) => ({
			floorSeconds: start.seconds,
			seen: start.emitListed
				? []
				: [...aboveFloor(records, start.seconds)].map(([key, record]) => [
						key,
						secondsOf(record) ?? null,
					]),
		}),
		knownFrom: (state, record) => timeOf(record) < state.floorSeconds,
		compare,
		parseState: parseSeenSinceState,
		sampleItem: options.toItem,
	};
}

function parseSeenSinceState(
	saved: unknown,
): { ok: true; state: SeenSinceState } | { ok: false; problem: string } {
	const value = saved as Partial<Record<keyof SeenSinceState, unknown>> | null;
	if (typeof value !== 'object' || value === null) return { ok: false, problem: 'it is missing' };
	const { floorSeconds, seen } = value;
	if (typeof floorSeconds !== 'number' || !Number.isFinite(floorSeconds) || floorSeconds < 0) {
		return { ok: false, problem: `its floor is ${JSON.stringify(floorSeconds)}, not a time` };
	}
	const isEntry = (entry: unknown): entry is [string, number | null] =>
		Array.isArray(entry) &&
		entry.length === 2 &&
		typeof entry[0] === 'string' &&
		(entry[1] === null || (typeof entry[1] === 'number' && Number.isFinite(entry[1])));
	if (!Array.isArray(seen) || !seen.every(isEntry)) {
		return { ok: false, problem: 'its seen records are not a list of keys and times' };
	}
	return {
		ok: true,
		state: { floorSeconds, seen: seen.map(([key, seconds]) => [key, seconds]) },
	};
}
