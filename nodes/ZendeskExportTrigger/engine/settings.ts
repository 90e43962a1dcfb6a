import type { ExportKind } from './export-kind';

/** What the user chose in the node, as the engine needs it. */
export type TriggerEvent = 'createdOrUpdated' | 'created' | 'updated';

export interface TicketFilters {
	event: TriggerEvent;
	/** Emit only these statuses; empty means every status. */
	statuses: string[];
	/** Skip tickets whose `updated_at` is before the window start: only the system touched them. */
	ignoreSystemUpdates: boolean;
}

export interface PollSettings {
	/** Which export, and what its records expand to. */
	kind: ExportKind;
	/**
	 * The most items a poll emits: it stops at the page boundary before a page as full as the
	 * last one would go past it (a first page larger than this is still emitted whole). Inside an
	 * over-full second read through the cursor export it stops at the first page at or past it.
	 */
	maxItemsPerPoll: number;
}

/**
 * One export page a poll. In a real n8n polling every minute, a 100,000-ticket backfill then stayed
 * 84 MB above idle, where 5,000 and 10,000 rose 297 and 428 MB (docs/performance.md, "Memory in real n8n").
 */
export const DEFAULT_MAX_ITEMS_PER_POLL = 1_000;

/** Zendesk never returns the last 60 s; one more second keeps us clear of its clock. */
export const EXPORT_WITHHELD_SECONDS = 61;

/** Zendesk's largest (and default) page; a page without `end_of_stream` that is shorter ended the stream. */
export const TIME_PAGE_SIZE = 1000;

/** A ticket this far past the server's clock is a bad row or skewed clock, worth a warning. */
export const FUTURE_TOLERANCE_SECONDS = 60;
