import type { Ticket } from './types';
import type { TicketFilters, TriggerEvent } from './settings';

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
	const created = createdFilter(filters.event, windowStartSeconds);

	return (ticket) => {
		if (statuses && !statuses.has(ticket.status)) return false;
		if (filters.ignoreSystemUpdates && timeMs(ticket.updated_at) < windowStartMs) return false;
		return created(ticket.created_at);
	};
}

/**
 * Created or Updated, for any record with a `created_at`: created at or after the window start is
 * "created", before it "updated".
 */
export function createdFilter(
	event: TriggerEvent,
	windowStartSeconds: number,
): (createdAt: unknown) => boolean {
	if (event === 'createdOrUpdated') return () => true;
	const windowStartMs = windowStartSeconds * 1000;
	const wantCreated = event === 'created';
	return (createdAt) => timeMs(createdAt) >= windowStartMs === wantCreated;
}

/** An unreadable date counts as "now", so a record is never silently dropped for a bad field. */
function timeMs(isoDate: unknown): number {
	const parsedMs = typeof isoDate === 'string' ? Date.parse(isoDate) : NaN;
	return Number.isNaN(parsedMs) ? Number.POSITIVE_INFINITY : parsedMs;
}
