/**
 * The kinds read from `incremental/ticket_events`: one audit (a record) expands to its comments or
 * to its changed fields. The audit is the unit of dedupe, so everything it holds is emitted in the
 * same poll, once.
 */
import type { ExportKind, LookupRequest } from './export-kind';
import {
	createCommentFilter,
	createFieldChangeFilter,
	type CommentFilters,
	type FieldChangeFilters,
} from './event-filters';
import { agentUrl, RAW, type ItemShape } from './item-shape';
import { byId, simplifyComment, simplifyFieldChange, USER_VALUED_FIELDS } from './simplify-events';
import { readComments, readFieldChanges, type TicketEventAudit } from './ticket-events';
import type { ExportRecord } from './types';
import type { Placement } from './versions';

const AUDIT_PLACEMENT: Placement = {
	field: 'timestamp',
	format: 'epochSeconds',
	fallbackField: 'created_at',
};

export function commentsKind(filters: CommentFilters, shape: ItemShape = RAW): ExportKind {
	const needsAuthors = filters.authors !== 'any' || filters.addTicketAndAuthor;
	const needsTickets = filters.skipRequester || filters.addTicketAndAuthor;
	return {
		noun: 'ticket event',
		itemNoun: 'comment',
		placement: AUDIT_PLACEMENT,
		hasCursorExport: false,
		lookupsFor(records) {
			if (!needsAuthors && !needsTickets) return {};
			const authorIds = new Set<number>();
			const ticketIds = new Set<number>();
			for (const record of records) {
				const comments = readComments(record as TicketEventAudit);
				for (const comment of comments) {
					if (comment.author_id !== null) authorIds.add(comment.author_id);
					ticketIds.add(comment.ticket_id);
				}
			}
			return {
				...(needsAuthors ? { users: [...authorIds] } : {}),
				...(needsTickets ? { tickets: [...ticketIds] } : {}),
			};
		},
		...(shape.simplify ? { namesFor: commentNames } : {}),
		expanderFor({ lookups, warn }) {
			const accept = createCommentFilter(filters);
			return (record, items) => {
				const audit = record as TicketEventAudit;
				const opensTicket = filters.repliesOnly === true && opensTicketIn(audit);
				for (const comment of readComments(audit, warn)) {
					const author = byId(lookups, 'users', comment.author_id);
					const ticket = byId(lookups, 'tickets', comment.ticket_id);
					if (!accept(comment, { author, ticket, opensTicket })) continue;
					if (shape.simplify) {
						items.push(simplifyComment(comment, lookups, shape));
						continue;
					}
					const item: Record<string, unknown> = filters.addTicketAndAuthor
						? { ...comment, ticket: ticket ?? null, author: author ?? null }
						: { ...comment };
					items.push(withAgentUrl(item, agentUrl(shape, 'tickets', comment.ticket_id)));
				}
			};
		},
	};
}

export interface FieldChangeKindFilters extends FieldChangeFilters {
	/** Put the looked-up `ticket` and `updater` on each item. */
	addTicketAndUpdater: boolean;
}

export function fieldChangesKind(
	filters: FieldChangeKindFilters,
	shape: ItemShape = RAW,
): ExportKind {
	return {
		noun: 'ticket event',
		itemNoun: 'field change',
		placement: AUDIT_PLACEMENT,
		hasCursorExport: false,
		lookupsFor(records) {
			if (!filters.addTicketAndUpdater) return {};
			const updaterIds = new Set<number>();
			const ticketIds = new Set<number>();
			for (const record of records) {
				const audit = record as TicketEventAudit;
				if (typeof audit.updater_id === 'number') updaterIds.add(audit.updater_id);
				if (typeof audit.ticket_id === 'number') ticketIds.add(audit.ticket_id);
			}
			return { users: [...updaterIds], tickets: [...ticketIds] };
		},
		...(shape.simplify ? { namesFor: (records) => fieldChangeNames(records, filters) } : {}),
		expanderFor({ lookups, warn }) {
			const accept = createFieldChangeFilter(filters);
			return (record, items) => {
				const audit = record as TicketEventAudit;
				for (const change of readFieldChanges(audit, warn, filters)) {
					if (!accept(change)) continue;
					if (shape.simplify) {
						items.push(simplifyFieldChange(change, lookups, shape));
						continue;
					}
					const link = agentUrl(shape, 'tickets', change.ticket_id);
					if (!filters.addTicketAndUpdater) {
						items.push(withAgentUrl({ ...change }, link));
						continue;
					}
					const ticket = byId(lookups, 'tickets', change.ticket_id);
					const updater = byId(lookups, 'users', change.updater_id);
					items.push(
						withAgentUrl({ ...change, ticket: ticket ?? null, updater: updater ?? null }, link),
					);
				}
			};
		},
	};
}

/** Simplify names a comment's author and its ticket's subject. */
function commentNames(records: readonly ExportRecord[]) {
	const users = new Set<number>();
	const tickets = new Set<number>();
	for (const record of records) {
		for (const comment of readComments(record as TicketEventAudit)) {
			if (comment.author_id !== null) users.add(comment.author_id);
			tickets.add(comment.ticket_id);
		}
	}
	return { users: [...users], tickets: [...tickets], ticketRequesters: true };
}

/**
 * Simplify names a change's updater, its ticket's subject, and the users, groups and dropdown
 * options its values point at.
 */
function fieldChangeNames(
	records: readonly ExportRecord[],
	filters: FieldChangeFilters,
): LookupRequest {
	// Only for the changes the filters let through: a page of new tickets (Create events) or of
	// other fields' changes holds nothing a Ticket Solved trigger emits, and costs no lookup.
	const accept = createFieldChangeFilter(filters);
	const users = new Set<number>();
	const tickets = new Set<number>();
	let anyChange = false;
	for (const record of records) {
		const audit = record as TicketEventAudit;
		const changes = readFieldChanges(audit, undefined, filters).filter(accept);
		if (!changes.length) continue;
		anyChange = true;
		if (typeof audit.updater_id === 'number') users.add(audit.updater_id);
		if (typeof audit.ticket_id === 'number') tickets.add(audit.ticket_id);
		for (const change of changes) {
			if (!USER_VALUED_FIELDS.has(change.field)) continue;
			for (const value of [change.value, change.previous_value]) {
				const id = Number(value);
				if (value !== null && Number.isSafeInteger(id)) users.add(id);
			}
		}
	}
	if (!anyChange) return {};
	return {
		users: [...users],
		tickets: [...tickets],
		ticketRequesters: true,
		definitions: ['ticketFields', 'groups'],
	};
}

/** A ticket's first audit sets its fields with Create events; a reply's audit has none. */
function opensTicketIn(audit: TicketEventAudit): boolean {
	const children = audit.child_events;
	return (
		Array.isArray(children) &&
		children.some(
			(child) =>
				child !== null &&
				typeof child === 'object' &&
				(child as Record<string, unknown>).event_type === 'Create',
		)
	);
}

/** The raw item with its agent link, when the kind knows the site. */
function withAgentUrl(item: Record<string, unknown>, link: string | null): Record<string, unknown> {
	if (link !== null) item.agent_url = link;
	return item;
}
