'use strict';
/**
 * GET /api/v2/ticket_fields.json and /api/v2/groups.json: the account's field definitions (titles,
 * dropdown options) and groups, which Simplify uses to show names instead of ids and tags. Plain
 * API reads (agents and admins), one slot of the account-wide limit each, never an export slot.
 * Cursor pagination as Zendesk documents it: `page[size]` (at most 100), `page[after]`, and
 * `meta: {has_more, after_cursor}` with `links.next`.
 *
 * The shapes follow Zendesk's Ticket Fields API reference (`custom_field_options: [{id, name,
 * value}]`, `type: tagger | integer | checkbox | …`); the titles and options are this account's.
 */

const { send } = require('./http-util.js');
const { CUSTOM_FIELD_PLAN, CUSTOM_FIELD_SEATS, CUSTOM_FIELD_VIP, GROUPS } = require('./account.js');

const ROUTES = [
	[/^\/api\/v2\/ticket_fields(\.json)?$/, 'ticket_fields'],
	[/^\/api\/v2\/groups(\.json)?$/, 'groups'],
];
const ROLES = ['admin', 'agent'];
const MAX_PAGE_SIZE = 100;

const PLAN_OPTIONS = [
	['Free', 'plan_free'],
	['Team', 'plan_team'],
	['Business', 'plan_business'],
	['Enterprise', 'plan_enterprise'],
];

/** System fields first, as Zendesk lists them, then the account's custom fields. */
function ticketFields(baseUrl) {
	const field = (id, type, title, extra = {}) => ({
		url: `${baseUrl}/api/v2/ticket_fields/${id}.json`,
		id,
		type,
		title,
		raw_title: title,
		active: true,
		required: false,
		removable: id >= 7000,
		created_at: '2025-01-06T09:00:00Z',
		updated_at: '2025-01-06T09:00:00Z',
		...extra,
	});
	return [
		field(1, 'subject', 'Subject'),
		field(2, 'description', 'Description'),
		field(3, 'status', 'Status'),
		field(4, 'tickettype', 'Type'),
		field(5, 'priority', 'Priority'),
		field(6, 'group', 'Group'),
		field(7, 'assignee', 'Assignee'),
		field(CUSTOM_FIELD_PLAN, 'tagger', 'Plan', {
			custom_field_options: PLAN_OPTIONS.map(([name, value], index) => ({
				id: 71000 + index,
				name,
				raw_name: name,
				value,
				default: false,
			})),
		}),
		field(CUSTOM_FIELD_SEATS, 'integer', 'Seats'),
		field(CUSTOM_FIELD_VIP, 'checkbox', 'VIP customer'),
	];
}

function createDefinitions(app) {
	function list(ctx, key, all) {
		if (!app.auth.requireRole(ctx, ctx.auth, ROLES)) return;
		if (!app.limits.takeAccountSlot(ctx)) return;
		const params = ctx.u.searchParams;
		const size = Math.min(
			MAX_PAGE_SIZE,
			Math.max(1, Number(params.get('page[size]')) || MAX_PAGE_SIZE),
		);
		const after = params.get('page[after]');
		const start = after == null ? 0 : Number(Buffer.from(after, 'base64url').toString());
		if (!Number.isInteger(start) || start < 0) {
			send(ctx, 400, {
				error: 'InvalidPaginationParameter',
				description: 'page[after] is not a cursor',
			});
			return;
		}
		const records = all.slice(start, start + size);
		const hasMore = start + size < all.length;
		const afterCursor = hasMore ? Buffer.from(String(start + size)).toString('base64url') : null;
		const next = new URL(`${ctx.origin}${ctx.u.pathname}`);
		next.searchParams.set('page[size]', String(size));
		if (afterCursor) next.searchParams.set('page[after]', afterCursor);
		send(ctx, 200, {
			[key]: records,
			meta: { has_more: hasMore, after_cursor: afterCursor, before_cursor: null },
			links: { next: hasMore ? String(next) : null, prev: null },
		});
	}

	return {
		endpointOf(method, path) {
			if (method !== 'GET') return null;
			const hit = ROUTES.find(([re]) => re.test(path));
			return hit ? hit[1] : null;
		},
		handle(endpoint, ctx) {
			const hidden = new Set(app.config.deletedTicketFieldIds || []);
			if (endpoint === 'ticket_fields') {
				const fields = ticketFields(app.store.baseUrl).filter((f) => !hidden.has(f.id));
				list(ctx, 'ticket_fields', fields);
			} else if (endpoint === 'groups') {
				list(
					ctx,
					'groups',
					GROUPS.map((g) => app.store.groups.get(g.id)),
				);
			} else return false;
			return true;
		},
	};
}

module.exports = { createDefinitions, PLAN_OPTIONS };
