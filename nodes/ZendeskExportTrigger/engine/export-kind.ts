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

/** Records fetched by id for a page: `users` and `tickets`, each by id. */
export type Lookups = Partial<Record<LookupKind, Map<number, ExportRecord>>>;
export type LookupKind = 'users' | 'tickets';

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
	/** Ids to fetch beside a page before expanding it (empty when the kind needs none). */
	lookupsFor?(records: readonly ExportRecord[]): Partial<Record<LookupKind, number[]>>;
	/** Turns one new record into the items it emits (none when the filters drop it). */
	expanderFor(page: PageContext): (record: ExportRecord, items: ExportItem[]) => void;
}
