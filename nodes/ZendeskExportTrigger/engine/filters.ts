import type { Ticket } from './types';
import type { TicketFilters } from './settings';

/**
 * Decides whether a ticket version is emitted. `windowStartSeconds` is where the current catch-up
 * run began: a ticket created at or after it is "created", one created before it was "updated", and
 * one whose `updated_at` is before it was only touched by the system (its `generated_timestamp`
 * moved, its `updated_at` did not).
 */
export function createTicketFilter(
	filters: TicketFilters,
	windowStartSeconds: number,
): (ticket: Ticket) => boolean {
	const windowStartMs = windowStartSeconds * 1000;
	const statuses = filters.statuses.length ? new Set(filters.statuses) : null;
	const needsCreated = filters.event !== 'createdOrUpdated';
	const wantCreated = filters.event === 'created';

	return (ticket) => {
		if (statuses && !statuses.has(ticket.status)) return false;
		if (filters.ignoreSystemUpdates && timeMs(ticket.updated_at) < windowStartMs) return false;
		if (needsCreated && timeMs(ticket.created_at) >= windowStartMs !== wantCreated) return false;
		return true;
	};
}

/** An unreadable date counts as "now", so a ticket is never silently dropped for a bad field. */
function timeMs(isoDate: string): number {
	const parsedMs = Date.parse(isoDate);
	return Number.isNaN(parsedMs) ? Number.POSITIVE_INFINITY : parsedMs;
}
