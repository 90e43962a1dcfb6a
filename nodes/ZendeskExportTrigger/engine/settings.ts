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
	/** Stop at the first page boundary at or past this many emitted items. */
	maxItemsPerPoll: number;
}

export const DEFAULT_MAX_TICKETS_PER_POLL = 10_000;

/** Zendesk never returns the last 60 s; one more second keeps us clear of its clock. */
export const EXPORT_WITHHELD_SECONDS = 61;

/** Zendesk's largest (and default) page; a page without `end_of_stream` that is shorter ended the stream. */
export const TIME_PAGE_SIZE = 1000;

/** A ticket this far past the server's clock is a bad row or skewed clock, worth a warning. */
export const FUTURE_TOLERANCE_SECONDS = 60;
