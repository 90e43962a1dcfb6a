/** One poll of a list kind: read the whole list, compare it with the saved state, or change nothing. */
import type { ExportItem } from '../types';
import { readList } from './read-list';
import type { ListKind, ListSource, ListStart } from './types';

export interface ListPollDeps {
	source: ListSource;
	nowMs: () => number;
	sleep: (ms: number) => Promise<void>;
	deadlineMs: number;
}

export interface ListPollOutcome<State> {
	items: ExportItem[];
	/** The state to save: the one passed in when nothing changed. */
	state: State;
	requestCount: number;
}

/**
 * `state` undefined: a new position; the read gives the kind's first state (see `ListStart`). Throws whatever the read throws, before any state exists to save.
 */
export async function runListPoll<State>(
	kind: ListKind<State>,
	state: State | undefined,
	settings: { maxItemsPerPoll: number; start: ListStart },
	deps: ListPollDeps,
): Promise<ListPollOutcome<State>> {
	const { knownFrom } = kind;
	// A new position reads as far as its own starting state needs (nothing older than Start From).
	const readingState = state ?? kind.firstState([], settings.start);
	const read = await readList(deps.source, {
		deadlineMs: deps.deadlineMs,
		nowMs: deps.nowMs,
		sleep: deps.sleep,
		maxRecords: kind.maxRecords,
		itemNoun: kind.itemNoun,
		knownFrom: knownFrom && ((record) => knownFrom(readingState, record)),
	});
	if (state === undefined) {
		return {
			items: [],
			state: kind.firstState(read.records, settings.start),
			requestCount: read.requestCount,
		};
	}
	const compared = kind.compare(state, read.records, settings.maxItemsPerPoll);
	return { ...compared, requestCount: read.requestCount };
}

/** Fetch Test Event: the first page's first record, as a poll would emit it; never saves anything. */
export async function sampleListItem<State>(
	kind: ListKind<State>,
	source: ListSource,
	deadlineMs: number,
): Promise<ExportItem | undefined> {
	const page = await source.page(null, deadlineMs);
	const first = page.records[0];
	return first === undefined ? undefined : kind.sampleItem(first);
}
