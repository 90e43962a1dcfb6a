'use strict';
/**
 * GET /api/v2/suspended_tickets: the suspended tickets queue, cursor paginated, sortable by
 * `created_at` (and `subject`, `cause`, `author_email`) asc or desc; no time filter. One slot of
 * the account-wide limit per request. Fields follow Zendesk's Suspended Tickets API reference
 * (no recorded real answer was found; see README.md, "Suspended tickets and views").
 *
 * Control: POST /__control/suspended (add), POST /__control/suspended/{id}/recover and
 * DELETE /__control/suspended/{id} (both take it off the list), GET /__control/suspended.
 */
const { send } = require('./http-util.js');
const { sendListPage } = require('./list-pages.js');

const ROUTE = /^\/api\/v2\/suspended_tickets(\.json)?$/;
const SORTABLE = ['created_at', 'subject', 'cause', 'author_email'];

function createSuspended(app) {
	let records = [];
	let nextId = 9_000_001;

	function add(body) {
		const id = nextId++;
		const createdAt = new Date(body.createdAtMs ?? app.clock.nowMs())
			.toISOString()
			.replace(/\.\d{3}Z$/, 'Z');
		const record = {
			id,
			url: `${app.store.baseUrl}/api/v2/suspended_tickets/${id}.json`,
			author: {
				id: body.authorId ?? null,
				name: body.authorName ?? 'Unknown Sender',
				email: body.authorEmail ?? `sender${id}@example.org`,
			},
			subject: body.subject ?? `Suspended message ${id}`,
			content: body.content ?? 'Hello, I never got my refund.',
			cause: body.cause ?? 'Detected as spam',
			cause_id: body.causeId ?? 0,
			ticket_id: body.ticketId ?? null,
			recipient: body.recipient ?? 'support@acme.example',
			message_id: `<message-${id}@example.org>`,
			brand_id: 1,
			via: { channel: 'email', source: { from: {}, to: {}, rel: null } },
			attachments: [],
			error_messages: null,
			created_at: createdAt,
			updated_at: createdAt,
		};
		records.push(record);
		return record;
	}

	function sorted(params) {
		const by = SORTABLE.includes(params.get('sort_by')) ? params.get('sort_by') : 'id';
		const value = (r) => (by === 'author_email' ? r.author.email : r[by]);
		const list = [...records].sort((a, b) =>
			value(a) < value(b) ? -1 : value(a) > value(b) ? 1 : a.id - b.id,
		);
		return params.get('sort_order') === 'desc' ? list.reverse() : list;
	}

	return {
		endpointOf: (method, path) =>
			method === 'GET' && ROUTE.test(path) ? 'suspended_tickets' : null,
		handle(endpoint, ctx) {
			if (endpoint !== 'suspended_tickets') return false;
			if (!app.auth.requireRole(ctx, ctx.auth, ['admin', 'agent'])) return true;
			if (!app.limits.takeAccountSlot(ctx)) return true;
			const params = ctx.u.searchParams;
			sendListPage(
				ctx,
				'suspended_tickets',
				sorted(params),
				`${params.get('sort_by') || 'id'} ${params.get('sort_order') || 'asc'}`,
			);
			return true;
		},
		handleControl(ctx, route, body) {
			if (route === 'POST /__control/suspended') {
				const count = body.count == null ? 1 : Math.max(0, Math.floor(Number(body.count)));
				send(ctx, 200, { suspended_tickets: Array.from({ length: count }, () => add(body)) });
				return true;
			}
			if (route === 'GET /__control/suspended') {
				send(ctx, 200, { suspended_tickets: records });
				return true;
			}
			const gone =
				/^(?:POST \/__control\/suspended\/(\d+)\/recover|DELETE \/__control\/suspended\/(\d+))$/.exec(
					route,
				);
			if (!gone) return false;
			const id = Number(gone[1] ?? gone[2]);
			const before = records.length;
			records = records.filter((r) => r.id !== id);
			if (records.length === before) send(ctx, 404, { error: `No suspended ticket ${id}` });
			else send(ctx, 200, { removed: id });
			return true;
		},
		reset() {
			records = [];
			nextId = 9_000_001;
		},
	};
}

module.exports = { createSuspended };
