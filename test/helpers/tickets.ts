import type { Ticket } from '../../nodes/ZendeskExportTrigger/engine/types';

let nextId = 1;

/** A ticket as the export returns it; `at` (unix seconds) sets every timestamp at once. */
export function createTicket(partial: Partial<Ticket> & { at?: number } = {}): Ticket {
	const { at = 1_700_000_000, ...fields } = partial;
	const iso = new Date(at * 1000).toISOString().replace('.000Z', 'Z');
	return {
		id: nextId++,
		generated_timestamp: at,
		created_at: iso,
		updated_at: iso,
		status: 'open',
		subject: 'Printer on fire',
		requester_id: 501,
		submitter_id: 501,
		assignee_id: 601,
		organization_id: 701,
		group_id: 801,
		ticket_form_id: 901,
		...fields,
	};
}

export function isoAt(seconds: number): string {
	return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}
