/**
 * The flat items Simplify gives for the records that have versions: a ticket, a user, an
 * organization. What people map into Slack and Sheets, with names instead of ids; the keys that
 * make an item unique (`id` and the version's time) stay in every item.
 */
import { customFieldsByTitle, type FieldDefinitions } from './custom-fields';
import { agentUrl, fieldOf, type ItemShape } from './item-shape';
import type { ExportItem, ExportRecord, Sideloads } from './types';

type Index = Map<unknown, ExportRecord>;

export function indexSideloads(sideloads: Sideloads): {
	users: Index;
	groups: Index;
	organizations: Index;
} {
	const index = (records: ExportRecord[] | undefined): Index =>
		new Map((records ?? []).map((record) => [record.id, record]));
	return {
		users: index(sideloads.users as ExportRecord[] | undefined),
		groups: index(sideloads.groups as ExportRecord[] | undefined),
		organizations: index(sideloads.organizations as ExportRecord[] | undefined),
	};
}

export function simplifyTicket(
	ticket: ExportRecord,
	related: ReturnType<typeof indexSideloads>,
	ticketFields: FieldDefinitions,
	shape: ItemShape,
): ExportItem {
	const requester = related.users.get(ticket.requester_id);
	const assignee = related.users.get(ticket.assignee_id);
	return {
		id: ticket.id,
		subject: ticket.subject ?? null,
		status: ticket.status ?? null,
		priority: ticket.priority ?? null,
		type: ticket.type ?? null,
		requester_name: fieldOf(requester, 'name'),
		requester_email: fieldOf(requester, 'email'),
		assignee_name: fieldOf(assignee, 'name'),
		assignee_email: fieldOf(assignee, 'email'),
		group_name: fieldOf(related.groups.get(ticket.group_id), 'name'),
		organization_name: fieldOf(related.organizations.get(ticket.organization_id), 'name'),
		tags: Array.isArray(ticket.tags) ? ticket.tags : [],
		created_at: ticket.created_at ?? null,
		updated_at: ticket.updated_at ?? null,
		agent_url: agentUrl(shape, 'tickets', ticket.id),
		custom_fields: customFieldsByTitle(ticketFields, ticket.custom_fields),
		requester_id: ticket.requester_id ?? null,
		assignee_id: ticket.assignee_id ?? null,
		group_id: ticket.group_id ?? null,
		organization_id: ticket.organization_id ?? null,
		generated_timestamp: ticket.generated_timestamp ?? null,
	};
}

export function simplifyUser(user: ExportRecord, shape: ItemShape): ExportItem {
	return {
		id: user.id,
		name: user.name ?? null,
		email: user.email ?? null,
		role: user.role ?? null,
		phone: user.phone ?? null,
		organization_id: user.organization_id ?? null,
		time_zone: user.time_zone ?? null,
		tags: Array.isArray(user.tags) ? user.tags : [],
		active: user.active ?? null,
		suspended: user.suspended ?? null,
		created_at: user.created_at ?? null,
		updated_at: user.updated_at ?? null,
		agent_url: agentUrl(shape, 'users', user.id),
		user_fields: objectOrEmpty(user.user_fields),
	};
}

export function simplifyOrganization(organization: ExportRecord, shape: ItemShape): ExportItem {
	return {
		id: organization.id,
		name: organization.name ?? null,
		domain_names: Array.isArray(organization.domain_names) ? organization.domain_names : [],
		group_id: organization.group_id ?? null,
		tags: Array.isArray(organization.tags) ? organization.tags : [],
		notes: organization.notes ?? null,
		created_at: organization.created_at ?? null,
		updated_at: organization.updated_at ?? null,
		deleted_at: organization.deleted_at ?? null,
		agent_url: agentUrl(shape, 'organizations', organization.id),
		organization_fields: objectOrEmpty(organization.organization_fields),
	};
}

function objectOrEmpty(value: unknown): Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: {};
}
