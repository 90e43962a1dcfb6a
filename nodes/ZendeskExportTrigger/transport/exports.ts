/**
 * Zendesk's incremental exports the trigger reads, and the lookups beside them: the paths and the
 * key of the list each answer holds. Only the transport knows URLs.
 */
export interface ExportEndpoints {
	timePath: string;
	/** The cursor variant, for tickets and users only (Zendesk has none for the others). */
	cursorPath?: string;
	/** The list an answer holds: `tickets`, `ticket_events`, `users`, `organizations`. */
	recordsKey: string;
}

export type ExportName =
	'tickets' | 'ticketEvents' | 'users' | 'organizations' | 'ticketMetricEvents';

export const EXPORTS: Record<ExportName, ExportEndpoints> = {
	tickets: {
		timePath: '/api/v2/incremental/tickets.json',
		cursorPath: '/api/v2/incremental/tickets/cursor.json',
		recordsKey: 'tickets',
	},
	ticketEvents: { timePath: '/api/v2/incremental/ticket_events.json', recordsKey: 'ticket_events' },
	users: {
		timePath: '/api/v2/incremental/users.json',
		cursorPath: '/api/v2/incremental/users/cursor.json',
		recordsKey: 'users',
	},
	organizations: {
		timePath: '/api/v2/incremental/organizations.json',
		recordsKey: 'organizations',
	},
	// Admins only, like the others; its answer has no end_of_stream (SLA Breached).
	ticketMetricEvents: {
		timePath: '/api/v2/incremental/ticket_metric_events.json',
		recordsKey: 'ticket_metric_events',
	},
};

/** `GET …/show_many.json?ids=`: at most 100 ids; the answer lists the records it found. */
export const LOOKUPS = {
	users: { path: '/api/v2/users/show_many.json', recordsKey: 'users' },
	tickets: { path: '/api/v2/tickets/show_many.json', recordsKey: 'tickets' },
} as const;

/**
 * The account's lists Simplify reads names from, with cursor pagination (`page[size]`, at most
 * 100, then `page[after]` while `meta.has_more`).
 */
export const DEFINITIONS = {
	ticketFields: { path: '/api/v2/ticket_fields.json', recordsKey: 'ticket_fields' },
	groups: { path: '/api/v2/groups.json', recordsKey: 'groups' },
} as const;

/** An account with more fields or groups than this many pages is read this far: names only. */
export const DEFINITION_PAGES_MAX = 20;
