/**
 * Custom fields by title, with dropdown and multi-select values as the names an agent picked. The
 * definitions come from Zendesk's ticket fields list; a field that is not in it (deleted, or the
 * list could not be read) keeps its id as its key and its raw value.
 */
import type { ExportRecord } from './types';

export type FieldDefinitions = Map<number, ExportRecord> | undefined;

/** Zendesk's titles for the ticket's own fields, as a field change names them. */
export const SYSTEM_FIELD_TITLES: Record<string, string> = {
	status: 'Status',
	priority: 'Priority',
	type: 'Type',
	assignee_id: 'Assignee',
	group_id: 'Group',
	subject: 'Subject',
	tags: 'Tags',
	requester_id: 'Requester',
	organization_id: 'Organization',
	ticket_form_id: 'Ticket Form',
	brand_id: 'Brand',
	custom_status_id: 'Custom Status',
};

export function fieldTitle(definitions: FieldDefinitions, id: number): string {
	const title = definitions?.get(id)?.title;
	return typeof title === 'string' && title.trim() !== '' ? title : String(id);
}

/** A custom field's value as an agent reads it: an option's name instead of its tag. */
export function displayValue(definitions: FieldDefinitions, id: number, value: unknown): unknown {
	const options = definitions?.get(id)?.custom_field_options;
	if (!Array.isArray(options) || value === null || value === undefined) return value ?? null;
	const nameOf = (tag: unknown) => {
		const option = options.find(
			(candidate) => candidate !== null && typeof candidate === 'object' && candidate.value === tag,
		) as { name?: unknown } | undefined;
		return typeof option?.name === 'string' ? option.name : tag;
	};
	return Array.isArray(value) ? value.map(nameOf) : nameOf(value);
}

/**
 * `custom_fields: [{id, value}]` as `{Title: value}`. Two fields with one title keep apart by their
 * ids: `Plan (7001)`.
 */
export function customFieldsByTitle(
	definitions: FieldDefinitions,
	customFields: unknown,
): Record<string, unknown> {
	const byTitle: Record<string, unknown> = {};
	if (!Array.isArray(customFields)) return byTitle;
	for (const entry of customFields) {
		if (entry === null || typeof entry !== 'object') continue;
		const { id, value } = entry as { id?: unknown; value?: unknown };
		if (typeof id !== 'number') continue;
		let key = fieldTitle(definitions, id);
		if (key in byTitle) key = `${key} (${id})`;
		byTitle[key] = displayValue(definitions, id, value);
	}
	return byTitle;
}
