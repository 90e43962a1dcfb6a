import type { ExportRecord } from './types';
import type { CommentItem, FieldChangeItem } from './ticket-events';

/** Which comments a New Comment trigger emits. */
export interface CommentFilters {
	/** `public`: replies the requester sees; `internal`: internal notes only. */
	visibility: 'all' | 'public' | 'internal';
	/**
	 * `endUsers`: only comments by customers (role `end-user`); `agents`: only by agents and admins.
	 * Zendesk's ticket events do not say who an author is, so this needs the author looked up.
	 */
	authors: 'any' | 'endUsers' | 'agents';
	/** Skip comments written by the ticket's requester (needs the ticket looked up). */
	skipRequester: boolean;
	/** Put the looked-up `ticket` and `author` on each item. */
	addTicketAndAuthor: boolean;
	/** Skip the comment a ticket was opened with: only replies on an existing ticket (Customer Replied). */
	repliesOnly?: boolean;
}

/** What was looked up for one comment; undefined when it was not asked for or not found. */
export interface CommentContext {
	author?: ExportRecord;
	ticket?: ExportRecord;
	/** The comment's audit created the ticket (it has Create events): the ticket's first comment. */
	opensTicket?: boolean;
}

/**
 * An author that could not be looked up (a deleted user) is kept: a comment is never silently
 * dropped because of a lookup, so "end users only" may let through a comment by a deleted agent.
 */
export function createCommentFilter(
	filters: CommentFilters,
): (comment: CommentItem, context?: CommentContext) => boolean {
	return (comment, context = {}) => {
		if (filters.repliesOnly && context.opensTicket) return false;
		if (filters.visibility === 'public' && !comment.public) return false;
		if (filters.visibility === 'internal' && comment.public) return false;
		const role = context.author?.role;
		if (filters.authors === 'endUsers' && typeof role === 'string' && role !== 'end-user')
			return false;
		if (filters.authors === 'agents' && role === 'end-user') return false;
		if (
			filters.skipRequester &&
			context.ticket !== undefined &&
			comment.author_id !== null &&
			context.ticket.requester_id === comment.author_id
		)
			return false;
		return true;
	};
}

/** Which field changes a Ticket Field Changed trigger emits. */
export interface FieldChangeFilters {
	/** Zendesk's names (`status`, `assignee_id`, `tags`) or custom field ids; empty: every field. */
	fields: string[];
	/**
	 * Only changes to these values (`solved`, `urgent`), compared as text without case; for tags, a
	 * change that adds one of them. Empty: any value.
	 */
	toValues: string[];
	/** Also the values a ticket was created with (Zendesk's Create children). */
	includeCreate: boolean;
	/**
	 * Only changes that set something: skip a field cleared to empty (unassigned, no group) and a
	 * tags change that added no tag (Tag Added, Ticket Assigned).
	 */
	onlySetValues?: boolean;
}

export function createFieldChangeFilter(
	filters: FieldChangeFilters,
): (change: FieldChangeItem) => boolean {
	const fields = new Set(
		filters.fields.map((field) => (/^\d+$/.test(field) ? `custom_field:${field}` : field)),
	);
	const toValues = new Set(filters.toValues.map(normalize));
	return (change) => {
		if (change.change_type === 'Create' && !filters.includeCreate) return false;
		if (fields.size && !fields.has(change.field)) return false;
		if (filters.onlySetValues && !setsValue(change)) return false;
		if (!toValues.size) return true;
		if (change.field === 'tags')
			return (change.added_tags ?? []).some((tag) => toValues.has(normalize(tag)));
		return toValues.has(normalize(change.value));
	};
}

function setsValue(change: FieldChangeItem): boolean {
	if (change.field === 'tags') return (change.added_tags ?? []).length > 0;
	const { value } = change;
	if (Array.isArray(value)) return value.length > 0;
	return value !== null && value !== undefined && String(value).trim() !== '';
}

function normalize(value: unknown): string {
	if (value === null || value === undefined) return '';
	return String(value).trim().toLowerCase();
}
