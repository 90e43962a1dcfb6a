/**
 * The record kinds that are versions of one thing (a ticket, a user, an organization): each new
 * version is one item, after the kind's filters.
 */
import type { ExportKind } from './export-kind';
import { createTicketFilter, createdFilter } from './filters';
import type { TicketFilters, TriggerEvent } from './settings';
import { createSideloadAttacher } from './sideloads';
import type { Ticket } from './types';

export function ticketsKind(filters: TicketFilters): ExportKind {
	return {
		noun: 'ticket',
		itemNoun: 'ticket',
		placement: {
			field: 'generated_timestamp',
			format: 'epochSeconds',
			fallbackField: 'updated_at',
		},
		hasCursorExport: true,
		expanderFor({ sideloads, windowStartSeconds }) {
			const accept = createTicketFilter(filters, windowStartSeconds);
			const attach = createSideloadAttacher(sideloads);
			return (record, items) => {
				const ticket = record as Ticket;
				if (!accept(ticket)) return;
				attach(ticket);
				items.push(ticket);
			};
		},
	};
}

/** Zendesk's user roles, as the users export writes them. */
export const USER_ROLES = ['end-user', 'agent', 'admin'];

export interface UserFilters {
	event: TriggerEvent;
	/** Emit only users with these roles; empty means every role. */
	roles: string[];
}

/**
 * Users are placed by `updated_at` (what other connectors page the users export on); over-full
 * seconds are walked with the users cursor export, which has its own rate limit.
 */
export function usersKind(filters: UserFilters): ExportKind {
	const roles = filters.roles.length ? new Set(filters.roles) : null;
	return {
		noun: 'user',
		itemNoun: 'user',
		placement: { field: 'updated_at', format: 'isoDate' },
		hasCursorExport: true,
		expanderFor({ windowStartSeconds }) {
			const created = createdFilter(filters.event, windowStartSeconds);
			return (user, items) => {
				if (roles && !roles.has(user.role as string)) return;
				if (created(user.created_at)) items.push(user);
			};
		},
	};
}

/** Organizations have no cursor export: an over-full second is read from the time page whole. */
export function organizationsKind(filters: { event: TriggerEvent }): ExportKind {
	return {
		noun: 'organization',
		itemNoun: 'organization',
		placement: { field: 'updated_at', format: 'isoDate' },
		hasCursorExport: false,
		expanderFor({ windowStartSeconds }) {
			const created = createdFilter(filters.event, windowStartSeconds);
			return (organization, items) => {
				if (created(organization.created_at)) items.push(organization);
			};
		},
	};
}
