'use strict';
/**
 * GET /api/v2/users/show_many and /api/v2/tickets/show_many: the lookups a trigger makes to learn
 * who wrote a comment (the author's role) and which ticket it belongs to, without paging an export.
 * They are plain API reads, not exports: they take a slot of the account-wide limit only, never
 * one of the export windows, so a trigger's lookups cannot starve its own export polling.
 */

const { send } = require('./http-util.js');

/** Zendesk documents "up to 100" ids for both show_many endpoints. */
const MAX_IDS = 100;

const ROUTES = [
	[/^\/api\/v2\/users\/show_many(\.json)?$/, 'users_show_many'],
	[/^\/api\/v2\/tickets\/show_many(\.json)?$/, 'tickets_show_many'],
];

/** Zendesk allows agents on both endpoints (the exports are admin-only); end-users get 403. */
const LOOKUP_ROLES = ['admin', 'agent'];

/**
 * The distinct ids of `?ids=1,2,3` in the order asked, or null after answering 400. Empty items
 * (a trailing comma) are skipped; anything that is not a whole number is refused, so a client that
 * sends a malformed list finds out here rather than getting a silently shorter answer.
 */
function parseIds(ctx) {
	const items = String(ctx.u.searchParams.get('ids') || '')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	const refuse = (description) => {
		send(ctx, 400, { error: 'InvalidValue', description });
		return null;
	};
	if (!items.length) return refuse('ids is required: a comma-separated list of ids');
	if (items.length > MAX_IDS) return refuse(`ids takes at most ${MAX_IDS} ids`);
	if (!items.every((s) => /^\d+$/.test(s))) return refuse('ids must be whole numbers');
	return [...new Set(items.map(Number))];
}

function createLookups(app) {
	/** Shared by both endpoints: auth, then the account slot, then the ids (a 400 uses a slot). */
	function lookup(ctx, key, find) {
		if (!app.auth.requireRole(ctx, ctx.auth, LOOKUP_ROLES)) return;
		if (!app.limits.takeAccountSlot(ctx)) return;
		const ids = parseIds(ctx);
		if (!ids) return;
		// Unknown ids are left out, not an error: Zendesk answers with the records it found.
		send(ctx, 200, { [key]: ids.map(find).filter(Boolean) });
	}

	/**
	 * The user's current version, the very object the users export serves (seeded account,
	 * seedUsers and /__control/users alike). A soft-deleted user is still found, with active
	 * false; a change scheduled for later is not visible yet.
	 */
	const findUser = (id) => app.store.getUser(id);

	/**
	 * The ticket's current version, built as the exports build it, minus generated_timestamp (an
	 * export-only field the Tickets API does not have). Deleted tickets are left out, as Zendesk's
	 * show_many leaves them out; a ticket whose creation is still scheduled does not exist yet.
	 */
	function findTicket(id) {
		const found = app.store.getTicket(id);
		if (!found || found.ticket.status === 'deleted') return null;
		const ticket = { ...found.ticket };
		delete ticket.generated_timestamp;
		return ticket;
	}

	return {
		/** The endpoint name (for the request log and stats) of a path served here, or null. */
		endpointOf(method, path) {
			if (method !== 'GET') return null;
			const hit = ROUTES.find(([re]) => re.test(path));
			return hit ? hit[1] : null;
		},
		/** Serve `endpoint`; false when it is not one of these. */
		handle(endpoint, ctx) {
			if (endpoint === 'users_show_many') lookup(ctx, 'users', findUser);
			else if (endpoint === 'tickets_show_many') lookup(ctx, 'tickets', findTicket);
			else return false;
			return true;
		},
	};
}

module.exports = { createLookups, MAX_IDS };
