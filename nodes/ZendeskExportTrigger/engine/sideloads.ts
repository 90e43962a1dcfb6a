import type { Sideloads, Ticket } from './types';

type JsonRecord = Record<string, unknown>;
type Index = Map<unknown, JsonRecord>;

/**
 * Puts each ticket's related records on the ticket itself, so a workflow maps
 * `{{$json.requester.email}}` instead of searching a side array. Only sideloads the page carried
 * are attached; a reference the page did not resolve becomes `null`, not a missing key.
 * Tickets are fresh from JSON.parse and owned by this poll, so they are extended in place, and
 * each field is written by name: it runs for every ticket of every page.
 */
export function createSideloadAttacher(sideloads: Sideloads): (ticket: Ticket) => void {
	const users = indexBy(sideloads.users, 'id');
	const organizations = indexBy(sideloads.organizations, 'id');
	const groups = indexBy(sideloads.groups, 'id');
	const ticketForms = indexBy(sideloads.ticket_forms, 'id');
	const metricSets = indexBy(sideloads.metric_sets, 'ticket_id');
	if (!users && !organizations && !groups && !ticketForms && !metricSets) return () => {};

	return (ticket) => {
		if (users) {
			ticket.requester = users.get(ticket.requester_id) ?? null;
			ticket.submitter = users.get(ticket.submitter_id) ?? null;
			ticket.assignee = users.get(ticket.assignee_id) ?? null;
		}
		if (organizations) ticket.organization = organizations.get(ticket.organization_id) ?? null;
		if (groups) ticket.group = groups.get(ticket.group_id) ?? null;
		if (ticketForms) ticket.ticket_form = ticketForms.get(ticket.ticket_form_id) ?? null;
		if (metricSets) ticket.metric_set = metricSets.get(ticket.id) ?? null;
	};
}

function indexBy(records: JsonRecord[] | undefined, field: string): Index | undefined {
	if (!Array.isArray(records)) return undefined;
	const byKey: Index = new Map();
	for (const record of records) byKey.set(record[field], record);
	return byKey;
}
