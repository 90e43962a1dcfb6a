/**
 * The record kinds that are versions of one thing (a ticket, a user, an organization): each new
 * version is one item, after the kind's filters.
 */
import type { ExportKind } from './export-kind';
import { createTicketFilter, createdFilter } from './filters';
import { agentUrl, RAW, type ItemShape } from './item-shape';
import type { TicketFilters, TriggerEvent } from './settings';
import { createSideloadAttacher } from './sideloads';
import { indexSideloads, simplifyOrganization, simplifyTicket, simplifyUser } from './simplify';
import type { Ticket } from './types';

/**
 * Tickets. Simplified, a ticket names its requester, assignee, group and organization from the
 * page's own sideloads (the mode asks for them: no extra request) and its custom fields by title.
 */
export function ticketsKind(filters: TicketFilters, shape: ItemShape = RAW): ExportKind {
	return {
		noun: 'ticket',
		itemNoun: 'ticket',
		placement: {
			field: 'generated_timestamp',
			format: 'epochSeconds',
			fallbackField: 'updated_at',
		},
		hasCursorExport: true,
		...(shape.simplify ? { namesFor: () => ({ definitions: ['ticketFields' as const] }) } : {}),
		expanderFor({ sideloads, windowStartSeconds, lookups }) {
			const accept = createTicketFilter(filters, windowStartSeconds);
			if (shape.simplify) {
				const related = indexSideloads(sideloads);
				return (record, items) => {
					if (!accept(record as Ticket)) return;
					items.push(simplifyTicket(record, related, lookups.ticketFields, shape));
				};
			}
			const attach = createSideloadAttacher(sideloads);
			return (record, items) => {
				const ticket = record as Ticket;
				if (!accept(ticket)) return;
				attach(ticket);
				const link = agentUrl(shape, 'tickets', ticket.id);
				if (link !== null) ticket.agent_url = link;
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
export function usersKind(filters: UserFilters, shape: ItemShape = RAW): ExportKind {
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
				if (!created(user.created_at)) return;
				if (shape.simplify) return void items.push(simplifyUser(user, shape));
				const link = agentUrl(shape, 'users', user.id);
				items.push(link === null ? user : Object.assign(user, { agent_url: link }));
			};
		},
	};
}

/** Organizations have no cursor export: an over-full second is read from the time page whole. */
export function organizationsKind(
	filters: { event: TriggerEvent },
	shape: ItemShape = RAW,
): ExportKind {
	return {
		noun: 'organization',
		itemNoun: 'organization',
		placement: { field: 'updated_at', format: 'isoDate' },
		hasCursorExport: false,
		expanderFor({ windowStartSeconds }) {
			const created = createdFilter(filters.event, windowStartSeconds);
			return (organization, items) => {
				if (!created(organization.created_at)) return;
				if (shape.simplify) return void items.push(simplifyOrganization(organization, shape));
				const link = agentUrl(shape, 'organizations', organization.id);
				items.push(link === null ? organization : Object.assign(organization, { agent_url: link }));
			};
		},
	};
}
