/**
 * The list strategy's view of Zendesk: sources that are plain lists (suspended tickets, a view's
 * tickets, satisfaction ratings), not time-based exports. Pure data: no n8n, no HTTP.
 *
 * A list kind never trusts one page alone. A poll reads the list to its end (or to where the kind
 * says the rest is already known), compares what it read with a small saved state, and only then
 * hands back the items and the next state. A failure before the end leaves the saved state as it
 * was, so a page nobody read can never make a record count as gone.
 */
import type { ExportItem, ExportRecord, RateLimitInfo } from '../types';

/** One page of a cursor-paginated list (`page[size]`, `page[after]`, `meta.after_cursor`). */
export interface ListPage {
	records: ExportRecord[];
	/** The cursor of the next page; null on the last page (`meta.has_more` false). */
	afterCursor: string | null;
	rateLimit: RateLimitInfo;
}

/**
 * Where a list's pages come from; the transport binds the path and the query (the view, the sort).
 * Each call retries transient failures itself up to `deadlineMs` (epoch ms), then throws.
 */
export interface ListSource {
	page(afterCursor: string | null, deadlineMs: number): Promise<ListPage>;
}

/**
 * Where a new position starts. Start From Now: the first read only records what is listed, and
 * records from `seconds` on count. A Date: what is listed from `seconds` on is emitted at the
 * first tick (`emitListed`).
 */
export interface ListStart {
	seconds: number;
	emitListed: boolean;
}

/** What the comparison of one complete read gives: the items to emit and the state to save. */
export interface ListComparison<State> {
	items: ExportItem[];
	state: State;
}

/**
 * One kind of list: how its saved state starts, is read back and moves. `State` must be plain
 * JSON (numbers, strings, arrays), since it is saved in the workflow's static data.
 */
export interface ListKind<State> {
	/** `suspended ticket`, `view entry`: for messages. */
	itemNoun: string;
	/** A complete read holding more records than this fails with `ListTooLongError`. */
	maxRecords: number;
	/** The state of a new position, from the first complete read. */
	firstState(records: ExportRecord[], start: ListStart): State;
	/**
	 * True when the list (in its sort order) holds nothing new past this record, so the read may
	 * stop after its page. Left out: every page is read.
	 */
	knownFrom?(state: State, record: ExportRecord): boolean;
	compare(state: State, records: ExportRecord[], maxItems: number): ListComparison<State>;
	/** Reads a saved state back; anything else is reported, never guessed at. */
	parseState(saved: unknown): { ok: true; state: State } | { ok: false; problem: string };
	/** Fetch Test Event: the item the first record of the list would give. */
	sampleItem(record: ExportRecord): ExportItem;
}
