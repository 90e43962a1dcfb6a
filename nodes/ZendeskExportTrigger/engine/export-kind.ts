import type { ExportItem, ExportRecord, Sideloads } from './types';
import type { Placement } from './versions';

/** What a kind's expander learns about the page it is reading. */
export interface PageContext {
	sideloads: Sideloads;
	/** Where the current catch-up run began: "created" means created at or after it. */
	windowStartSeconds: number;
	/** Records looked up beside the page (comment authors, their tickets), by kind and id. */
	lookups: Lookups;
	warn: (message: string) => void;
}

/**
 * Records fetched for a page, each by id: `users` and `tickets` by the ids the page names, and the
 * account's `ticketFields` and `groups` definitions whole (the names Simplify shows).
 */
export type Lookups = Partial<Record<LookupKind | DefinitionKind, Map<number, ExportRecord>>>;
export type LookupKind = 'users' | 'tickets';
export type DefinitionKind = 'ticketFields' | 'groups';

/** What a kind wants looked up beside a page. */
export interface LookupRequest {
	users?: number[];
	tickets?: number[];
	/** Whole lists, cached by the source: field titles and options, group names. */
	definitions?: DefinitionKind[];
	/** Also the requesters of the tickets looked up (their names), read after the tickets. */
	ticketRequesters?: boolean;
}

/**
 * What differs between Zendesk's incremental exports, and nothing else: the engine pages, moves
 * the cursor, dedupes and paces the same way for every kind.
 *
 * The dedupe key of a record is `id:seconds` for every kind (a ticket version, an audit, a user
 * version, an organization version). A record is handled whole: an audit's comments or field
 * changes are all emitted in the poll that reads it, or none are.
 */
export interface ExportKind {
	/** One record, in warnings: `ticket`, `ticket event`, `user`, `organization`. */
	noun: string;
	/** One item, in counts and in Fetch Test Event's message: `ticket`, `comment`, … */
	itemNoun: string;
	placement: Placement;
	/**
	 * Whether an over-full second (1,000 records in one second) can be walked with a cursor export.
	 * Without one, Zendesk documents that a time page holds every record of a shared second, past
	 * 1,000, so such a page is read as the whole second.
	 */
	hasCursorExport: boolean;
	/**
	 * What the filters need looked up before a page is expanded. A failure fails the poll before
	 * the page, so the cursor stays before it and the next poll asks again: a filter never guesses.
	 */
	lookupsFor?(records: readonly ExportRecord[]): LookupRequest;
	/**
	 * What Simplify needs for names only. A failure is a warning: the items go out with ids where
	 * names could not be read, and nothing is held back.
	 */
	namesFor?(records: readonly ExportRecord[]): LookupRequest;
	/** Turns one new record into the items it emits (none when the filters drop it). */
	expanderFor(page: PageContext): (record: ExportRecord, items: ExportItem[]) => void;
	/**
	 * The export's page size when it is not Zendesk's usual 1,000: a page without `end_of_stream`
	 * that is shorter ended the stream, and a full page of one second is an over-full second.
	 */
	timePageSize?: number;
	/** Records dated ahead of now are part of the export (an SLA breach's time): no warning. */
	datedAhead?: boolean;
	/** What the kind holds back across polls (breaches waiting for their time); see `HeldRecords`. */
	held?: HeldRecords;
}

/**
 * Records a kind reads now and emits later: its expander feeds them here instead of emitting, and
 * after each poll the export position decides what goes out. They are saved with the position, in
 * the same static data, so what was read and not yet emitted survives a restart.
 */
export interface HeldRecords {
	/** Starts from the saved state (undefined for a new position); unreadable parts are warnings. */
	load(saved: unknown, warn: (message: string) => void): void;
	/** What the position (every record before it read) lets go, oldest first, at most `maxItems`. */
	release(positionSeconds: number, maxItems: number): ExportItem[];
	/** Plain JSON for the saved state. */
	save(): unknown;
}
