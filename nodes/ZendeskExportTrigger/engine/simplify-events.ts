/**
 * The flat items Simplify gives for ticket events: a comment, a field change. Names come from the
 * page's lookups (authors, updaters, assignees, tickets) and the account's definitions (field
 * titles and options, groups); where a name could not be read the item keeps the id. The keys
 * that make an item unique stay: a comment's `id`, a change's `event_id` and `field`.
 */
import { displayValue, fieldTitle, SYSTEM_FIELD_TITLES } from './custom-fields';
import type { Lookups } from './export-kind';
import { agentUrl, fieldOf, type ItemShape } from './item-shape';
import type { CommentItem, FieldChangeItem } from './ticket-events';
import type { ExportItem } from './types';

/** A record looked up beside the page, by id; undefined when it was not asked for or not found. */
export const byId = (lookups: Lookups, kind: keyof Lookups, id: unknown) =>
	typeof id === 'number' ? lookups[kind]?.get(id) : undefined;

export function simplifyComment(
	comment: CommentItem,
	lookups: Lookups,
	shape: ItemShape,
): ExportItem {
	const author = byId(lookups, 'users', comment.author_id);
	const ticket = byId(lookups, 'tickets', comment.ticket_id);
	const requester = byId(lookups, 'users', fieldOf(ticket, 'requester_id'));
	return {
		id: comment.id,
		ticket_id: comment.ticket_id,
		ticket_subject: fieldOf(ticket, 'subject'),
		ticket_status: fieldOf(ticket, 'status'),
		requester_name: fieldOf(requester, 'name'),
		requester_email: fieldOf(requester, 'email'),
		body: comment.plain_body,
		public: comment.public,
		author_name: fieldOf(author, 'name'),
		author_email: fieldOf(author, 'email'),
		author_role: fieldOf(author, 'role'),
		channel: comment.via?.channel ?? null,
		attachment_count: comment.attachments.length,
		created_at: comment.created_at,
		agent_url: agentUrl(shape, 'tickets', comment.ticket_id),
		author_id: comment.author_id,
		audit_id: comment.audit_id,
	};
}

/** The user ids a change's values name: assignee and requester changes carry user ids. */
export const USER_VALUED_FIELDS = new Set(['assignee_id', 'requester_id']);

export function simplifyFieldChange(
	change: FieldChangeItem,
	lookups: Lookups,
	shape: ItemShape,
): ExportItem {
	const ticket = byId(lookups, 'tickets', change.ticket_id);
	const updater = byId(lookups, 'users', change.updater_id);
	const requester = byId(lookups, 'users', fieldOf(ticket, 'requester_id'));
	const name = (value: unknown) => nameOfValue(change, value, lookups);
	return {
		event_id: change.event_id,
		field: change.field,
		field_title: titleOf(change, lookups),
		ticket_id: change.ticket_id,
		ticket_subject: fieldOf(ticket, 'subject'),
		requester_name: fieldOf(requester, 'name'),
		requester_email: fieldOf(requester, 'email'),
		value: name(change.value),
		previous_value: name(change.previous_value),
		added_tags: change.added_tags ?? [],
		removed_tags: change.removed_tags ?? [],
		updater_name: fieldOf(updater, 'name'),
		change_type: change.change_type,
		changed_at: change.created_at,
		agent_url: agentUrl(shape, 'tickets', change.ticket_id),
		raw_value: change.value,
		raw_previous_value: change.previous_value,
		updater_id: change.updater_id,
		timestamp: change.timestamp,
	};
}

function titleOf(change: FieldChangeItem, lookups: Lookups): string {
	if (change.custom_field_id !== undefined) {
		return fieldTitle(lookups.ticketFields, change.custom_field_id);
	}
	return SYSTEM_FIELD_TITLES[change.field] ?? change.field;
}

/** An assignee's or requester's name, a group's name, a dropdown option's name; else the value. */
function nameOfValue(change: FieldChangeItem, value: unknown, lookups: Lookups): unknown {
	if (value === null || value === undefined) return null;
	const id = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
	if (USER_VALUED_FIELDS.has(change.field))
		return fieldOf(byId(lookups, 'users', id), 'name') ?? value;
	if (change.field === 'group_id') return fieldOf(byId(lookups, 'groups', id), 'name') ?? value;
	if (change.custom_field_id !== undefined) {
		return displayValue(lookups.ticketFields, change.custom_field_id, value);
	}
	return value;
}
