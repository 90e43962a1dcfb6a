import type { ExportRecord } from './types';

/** How a kind shapes its items: the raw record, or the flat one people map by dragging. */
export interface ItemShape {
	/** Flat items with names instead of ids; the raw record when false. */
	simplify: boolean;
	/** `https://acme.zendesk.com`: agent links point there. No link when left out. */
	siteUrl?: string;
}

export const RAW: ItemShape = { simplify: false };

/** The page an agent opens: `/agent/tickets/4`, `/agent/users/7`, `/agent/organizations/9`. */
export function agentUrl(
	shape: ItemShape,
	section: 'tickets' | 'users' | 'organizations',
	id: unknown,
): string | null {
	if (shape.siteUrl === undefined) return null;
	if (typeof id !== 'number' && !(typeof id === 'string' && /^\d+$/.test(id))) return null;
	return `${shape.siteUrl}/agent/${section}/${id}`;
}

/** A related record's field, or null when the record or the field is missing. */
export function fieldOf(record: ExportRecord | null | undefined, field: string): unknown {
	if (record === null || record === undefined) return null;
	return record[field] ?? null;
}
