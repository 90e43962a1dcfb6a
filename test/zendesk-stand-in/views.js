'use strict';
/**
 * GET /api/v2/views (the picker's list) and GET /api/v2/views/{id}/tickets (a view's tickets),
 * cursor paginated with the offset-in-disguise cursor recorded from real Zendesk (list-pages.js).
 * A view here is a title and an ordered list of ticket ids the tests set; Zendesk's conditions
 * are not modelled. A ticket the store knows is served as the store has it, others as a minimal
 * ticket. Missing view: 404 RecordNotFound; a view marked `forbidden`: 403, as for a personal
 * view of someone else. One slot of the account-wide limit per request.
 *
 * Control (JSON): POST /__control/views {id?, title?, forbidden?, ticketIds?} creates;
 * DELETE /__control/views/{id} deletes; PUT /__control/views/{id}/tickets {ids} sets the
 * membership in order; POST /__control/views/{id}/tickets {id, position?} adds (or moves) one;
 * DELETE /__control/views/{id}/tickets/{ticketId} takes one out; GET /__control/views.
 */
const { send } = require('./http-util.js');
const { sendListPage } = require('./list-pages.js');

const LIST_ROUTE = /^\/api\/v2\/views(\.json)?$/;
const TICKETS_ROUTE = /^\/api\/v2\/views\/(\d+)\/tickets(\.json)?$/;
const FIRST_VIEW_ID = 360_001;

function createViews(app) {
	let views = new Map();
	let nextId = FIRST_VIEW_ID;

	function create(body) {
		const id = body.id == null ? nextId++ : Number(body.id);
		const view = {
			id,
			title: body.title ?? `View ${id}`,
			active: body.active !== false,
			forbidden: body.forbidden === true,
			ticketIds: Array.isArray(body.ticketIds) ? body.ticketIds.map(Number) : [],
		};
		views.set(id, view);
		return view;
	}

	function shapeOf(view) {
		const at = '2025-01-06T09:00:00Z';
		return {
			url: `${app.store.baseUrl}/api/v2/views/${view.id}.json`,
			id: view.id,
			title: view.title,
			raw_title: view.title,
			active: view.active,
			position: 0,
			default: false,
			description: null,
			restriction: null,
			execution: { group_by: null, sort_by: null, sort_order: 'desc', columns: [] },
			conditions: { all: [], any: [] },
			created_at: at,
			updated_at: at,
		};
	}

	function ticketOf(id) {
		const found = app.store.getTicket(id);
		return found ? found.ticket : { id, subject: `Ticket ${id}`, status: 'open', tags: [] };
	}

	function control(ctx, route, body) {
		if (route === 'POST /__control/views') return send(ctx, 200, { view: create(body) });
		if (route === 'GET /__control/views') return send(ctx, 200, { views: [...views.values()] });
		const match = /^(\w+) \/__control\/views\/(\d+)(\/tickets(?:\/(\d+))?)?$/.exec(route);
		const view = match && views.get(Number(match[2]));
		if (!view) return send(ctx, 404, { error: 'No such view' });
		const [, method, , tickets, ticketId] = match;
		if (!tickets && method === 'DELETE') {
			views.delete(view.id);
			return send(ctx, 200, { deleted: view.id });
		}
		if (tickets && method === 'PUT') view.ticketIds = (body.ids ?? []).map(Number);
		else if (tickets && method === 'POST') {
			const id = Number(body.id);
			view.ticketIds = view.ticketIds.filter((other) => other !== id);
			view.ticketIds.splice(body.position ?? view.ticketIds.length, 0, id);
		} else if (ticketId && method === 'DELETE') {
			view.ticketIds = view.ticketIds.filter((other) => other !== Number(ticketId));
		} else return send(ctx, 400, { error: `Unknown route ${route}` });
		return send(ctx, 200, { view });
	}

	return {
		endpointOf(method, path) {
			if (method !== 'GET') return null;
			if (LIST_ROUTE.test(path)) return 'views';
			return TICKETS_ROUTE.test(path) ? 'view_tickets' : null;
		},
		handle(endpoint, ctx) {
			if (endpoint !== 'views' && endpoint !== 'view_tickets') return false;
			if (!app.auth.requireRole(ctx, ctx.auth, ['admin', 'agent'])) return true;
			if (!app.limits.takeAccountSlot(ctx)) return true;
			if (endpoint === 'views') {
				const active = ctx.u.searchParams.get('active');
				const listed = [...views.values()].filter(
					(v) => active == null || String(v.active) === active,
				);
				sendListPage(ctx, 'views', listed.map(shapeOf), 'created_at');
				return true;
			}
			const view = views.get(Number(TICKETS_ROUTE.exec(ctx.u.pathname)[1]));
			if (!view) send(ctx, 404, { error: 'RecordNotFound', description: 'Not found' });
			else if (view.forbidden)
				send(ctx, 403, { error: 'Forbidden', description: 'You do not have access to this view' });
			else sendListPage(ctx, 'tickets', view.ticketIds.map(ticketOf), 'nice_id desc');
			return true;
		},
		handleControl(ctx, route, body) {
			if (!/^\w+ \/__control\/views(\/|$)/.test(route)) return false;
			control(ctx, route, body);
			return true;
		},
		reset() {
			views = new Map();
			nextId = FIRST_VIEW_ID;
		},
	};
}

module.exports = { createViews };
