import type { CommentItem, FieldChangeItem } from './ticket-events';

/** Which comments a New Comment trigger emits. */
export interface CommentFilters {
	/** `public`: replies the requester sees; `internal`: internal notes only. */
	visibility: 'all' | 'public' | 'internal';
	/** Authors whose comments are skipped (the requester, or the account's agents), by user id. */
	skipAuthorIds: ReadonlySet<number>;
}

export function createCommentFilter(filters: CommentFilters): (comment: CommentItem) => boolean {
	return (comment) => {
		if (filters.visibility === 'public' && !comment.public) return false;
		if (filters.visibility === 'internal' && comment.public) return false;
		if (comment.author_id !== null && filters.skipAuthorIds.has(comment.author_id)) return false;
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
		if (!toValues.size) return true;
		if (change.field === 'tags')
			return (change.added_tags ?? []).some((tag) => toValues.has(normalize(tag)));
		return toValues.has(normalize(change.value));
	};
}

function normalize(value: unknown): string {
	if (value === null || value === undefined) return '';
	return String(value).trim().toLowerCase();
}
