import type { Sideloads, Ticket } from './types';

type JsonRecord = Record<string, unknown>;

/** Which ticket field points at which sideloaded record, per `include` name. */
const LINKS: Record<string, Array<{ idField: string; as: string }>> = {
	users: [
		{ idField: 'requester_id', as: 'requester' },
		{ idField: 'submitter_id', as: 'submitter' },
		{ idField: 'assignee_id', as: 'assignee' },
	],
	organizations: [{ idField: 'organization_id', as: 'organization' }],
	groups: [{ idField: 'group_id', as: 'group' }],
	ticket_forms: [{ idField: 'ticket_form_id', as: 'ticket_form' }],
	brands: [{ idField: 'brand_id', as: 'brand' }],
};

/**
 * Puts each ticket's related records on the ticket itself, so a workflow maps
 * `{{$json.requester.email}}` instead of searching a side array. Only sideloads the page carried
 * are attached; a reference the page did not resolve becomes `null`, not a missing key.
 * Tickets are fresh from JSON.parse and owned by this poll, so they are extended in place.
 */
export function createSideloadAttacher(sideloads: Sideloads): (ticket: Ticket) => void {
	const steps: Array<(ticket: Ticket) => void> = [];
	for (const [name, links] of Object.entries(LINKS)) {
		const records = sideloads[name];
		if (!Array.isArray(records)) continue;
		const byId = indexBy(records, 'id');
		for (const { idField, as } of links) {
			steps.push((ticket) => {
				ticket[as] = byId.get(ticket[idField]) ?? null;
			});
		}
	}
	if (Array.isArray(sideloads.metric_sets)) {
		const byTicketId = indexBy(sideloads.metric_sets, 'ticket_id');
		steps.push((ticket) => {
			ticket.metric_set = byTicketId.get(ticket.id) ?? null;
		});
	}
	return (ticket) => {
		for (const step of steps) step(ticket);
	};
}

function indexBy(records: JsonRecord[], field: string): Map<unknown, JsonRecord> {
	const byKey = new Map<unknown, JsonRecord>();
	for (const record of records) byKey.set(record[field], record);
	return byKey;
}
