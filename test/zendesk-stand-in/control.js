'use strict';
/** The /__control/ endpoints (no auth, JSON in and out). See README.md, "Control endpoints". */

const { send, readBody, parseBody } = require('./http-util.js');
const { parseFault } = require('./faults.js');
const { OAUTH_CLIENT } = require('./auth.js');
const { handleEventsControl } = require('./control-events.js');

const emptyStats = () => ({
	total: 0,
	byEndpoint: {},
	byStatus: {},
	faultsServed: {},
	served429: 0,
});

function createControl(app) {
	const { config, state, clock } = app;

	function clockInfo() {
		const { store } = app;
		return {
			clock: clock.mode,
			nowMs: clock.nowMs(),
			now: store.now(),
			cutoff: store.cutoff(),
			...store.scheduledInfo(),
		};
	}

	/** Forget the pages the replay/same-page/alternating switches hold. */
	function dropStoredPages() {
		state.samePage = null;
		state.alternating = null;
		state.lastTimeBody = null;
	}

	async function handleControl(req, res, u) {
		const { store } = app;
		const ctx = { req, res, u, headers: {}, truncate: false };
		const text = await readBody(req);
		const body = parseBody(text, 'application/json');
		if (body === null || typeof body !== 'object') {
			send(ctx, 400, { error: 'Body must be a JSON object' });
			return;
		}
		store.applyDue();
		const route = `${req.method} ${u.pathname.replace(/\/+$/, '')}`;
		const bad = (message) => send(ctx, 400, { error: message });
		// Comments, users, organizations and the per-kind truth (control-events.js).
		if (handleEventsControl(app, ctx, route, body)) return;
		// SLA, ratings, … (server.js lists them).
		if (app.extraControl && app.extraControl(ctx, route, body)) return;
		const ticketMatch = /^(GET|PATCH|DELETE) \/__control\/tickets\/(\d+)$/.exec(route);
		if (ticketMatch) {
			const [, method, id] = ticketMatch;
			let ticket;
			if (method === 'GET') {
				const found = store.getTicket(id);
				if (found) send(ctx, 200, found);
				else send(ctx, 404, { error: `No ticket ${id}` });
				return;
			}
			if (method === 'PATCH') ticket = store.updateTicket(id, body);
			else ticket = store.deleteTicket(id, body);
			if (ticket) send(ctx, 200, { ticket });
			else send(ctx, 404, { error: `No ticket ${id}` });
			return;
		}
		switch (route) {
			case 'GET /__control/health':
				send(ctx, 200, { ok: true, tickets: store.byId.size });
				return;
			case 'GET /__control/now':
				send(ctx, 200, clockInfo());
				return;
			case 'GET /__control/clock':
				send(ctx, 200, clockInfo());
				return;
			case 'POST /__control/clock': {
				try {
					if (body.advanceMs != null) clock.advanceBy(body.advanceMs);
					else if (body.nowMs != null) clock.advanceTo(body.nowMs);
					else return bad('Give advanceMs or nowMs');
				} catch (e) {
					return bad(e.message);
				}
				store.applyDue();
				send(ctx, 200, clockInfo());
				return;
			}
			case 'POST /__control/reset': {
				const n = body.seedTickets == null ? config.seedTickets : Number(body.seedTickets);
				store.reset(n);
				if (app.onReset) app.onReset();
				state.faults = [];
				state.requests = [];
				state.stats = emptyStats();
				dropStoredPages();
				app.limits.resetAll();
				send(ctx, 200, { ok: true, tickets: store.byId.size });
				return;
			}
			case 'POST /__control/tickets': {
				const count = body.count == null ? 1 : Math.floor(Number(body.count));
				if (!(count >= 0)) return bad('count must be a number >= 0');
				const tickets = store.createTickets({ ...body, count });
				send(ctx, 200, { tickets });
				return;
			}
			case 'POST /__control/burst': {
				const count = Math.floor(Number(body.count));
				if (!(count >= 1)) return bad('count must be a number >= 1');
				send(ctx, 200, store.burst({ ...body, count }));
				return;
			}
			case 'GET /__control/faults':
				send(ctx, 200, { faults: state.faults });
				return;
			case 'POST /__control/faults': {
				const list = Array.isArray(body.faults) ? body.faults : [body];
				const queued = [];
				try {
					for (const f of list) queued.push(parseFault(f));
				} catch (e) {
					return bad(e.message);
				}
				state.faults.push(...queued);
				send(ctx, 200, { faults: state.faults });
				return;
			}
			case 'DELETE /__control/faults':
				state.faults = [];
				send(ctx, 200, { faults: [] });
				return;
			case 'POST /__control/stuck':
				config.stuck = body.enabled === true || body.enabled === 'true';
				send(ctx, 200, { stuck: config.stuck });
				return;
			case 'POST /__control/oauth/issue': {
				const email = String(body.email || config.oauthUserEmail).toLowerCase();
				const user = store.usersByEmail.get(email);
				if (!user) return bad(`No user ${email}`);
				const lifetime =
					body.expiresInSeconds == null
						? config.accessTokenLifetimeSeconds
						: Number(body.expiresInSeconds);
				const pair = app.auth.issueTokens(user.id, String(body.scope || 'read'), lifetime);
				send(ctx, 200, { ...pair, client_id: OAUTH_CLIENT.id, client_secret: OAUTH_CLIENT.secret });
				return;
			}
			case 'GET /__control/truth':
				send(ctx, 200, store.truth());
				return;
			case 'GET /__control/requests':
				send(ctx, 200, state.requests);
				return;
			case 'DELETE /__control/requests':
				state.requests = [];
				send(ctx, 200, { ok: true });
				return;
			case 'GET /__control/stats':
				send(ctx, 200, {
					...state.stats,
					tickets: store.byId.size,
					exportWindow: app.limits.exportWindow(),
					usersCursorWindow: app.limits.usersCursorWindow(),
					...(config.cursorExportLimitPerWindow > 0
						? { cursorWindow: app.limits.cursorWindow() }
						: {}),
				});
				return;
			case 'DELETE /__control/stats':
				state.stats = emptyStats();
				send(ctx, 200, { ok: true });
				return;
			case 'DELETE /__control/ratelimit':
				app.limits.resetAll();
				send(ctx, 200, { ok: true });
				return;
			case 'GET /__control/config':
				send(ctx, 200, { ...config });
				return;
			case 'POST /__control/config': {
				try {
					app.setConfig(body);
				} catch (e) {
					return bad(e.message);
				}
				send(ctx, 200, { ...config });
				return;
			}
			default:
				send(ctx, 404, { error: `No control endpoint ${route}` });
		}
	}

	return { handleControl };
}

module.exports = { createControl, emptyStats };
