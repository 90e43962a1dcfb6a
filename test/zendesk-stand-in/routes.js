'use strict';
/**
 * The stand-in's API routing: which endpoint a request is for, and the one handler every request
 * outside /__control/ goes through (the request log and stats, authentication, a queued fault,
 * then the endpoint's own code). server.js builds the sources this routes to.
 */

const { takeFault, serveFault } = require('./faults.js');
const { send } = require('./http-util.js');

const MAX_LOGGED_REQUESTS = 100000;

/**
 * @param {object} app the stand-in (server.js)
 * @param {object} sources the ticket exports (exportsApi) and the other sources, each with
 *   endpointOf(method, path) and handle(endpoint, ctx); hostPort() is the listening host:port
 */
function createApiHandler(app, sources) {
	const { exportsApi, moreExports, lookups, definitions, extraSources, hostPort } = sources;
	const { state } = app;

	function endpointOf(method, path) {
		if (method === 'GET' && /^\/api\/v2\/incremental\/tickets(\.json)?$/.test(path))
			return 'tickets';
		if (method === 'GET' && /^\/api\/v2\/incremental\/tickets\/cursor(\.json)?$/.test(path)) {
			return 'cursor';
		}
		if (method === 'GET' && /^\/api\/v2\/incremental\/tickets\/sample(\.json)?$/.test(path)) {
			return 'sample';
		}
		if (method === 'GET' && /^\/api\/v2\/users\/me(\.json)?$/.test(path)) return 'users_me';
		if (method === 'GET' && path === '/oauth/authorizations/new') return 'oauth_authorize';
		if (method === 'POST' && path === '/oauth/tokens') return 'oauth_tokens';
		return (
			moreExports.endpointOf(method, path) ||
			lookups.endpointOf(method, path) ||
			definitions.endpointOf(method, path) ||
			extraSources.map((source) => source.endpointOf(method, path)).find(Boolean) ||
			'not_found'
		);
	}

	async function handleApi(req, res, u) {
		app.store.applyDue();
		const endpoint = endpointOf(req.method, u.pathname);
		const entry = {
			at: new Date(app.clock.nowMs()).toISOString(),
			method: req.method,
			path: u.pathname,
			query: Object.fromEntries(u.searchParams),
			auth: 'none',
			user: null,
			status: 0,
			endpoint,
		};
		state.requests.push(entry);
		if (state.requests.length > MAX_LOGGED_REQUESTS) state.requests.shift();
		const stats = state.stats;
		stats.total += 1;
		stats.byEndpoint[endpoint] = (stats.byEndpoint[endpoint] || 0) + 1;
		res.on('finish', () => {
			entry.status = res.statusCode;
			stats.byStatus[res.statusCode] = (stats.byStatus[res.statusCode] || 0) + 1;
			if (res.statusCode === 429) stats.served429 += 1;
		});
		const ctx = {
			req,
			res,
			u,
			headers: {},
			truncate: false,
			origin: `http://${req.headers.host || hostPort()}`,
		};

		if (endpoint !== 'oauth_tokens') {
			const auth = app.auth.authenticate(req);
			entry.auth = auth.kind;
			entry.user = auth.user ? auth.user.email : null;
			ctx.auth = auth;
		}

		const fault = takeFault(state, u.pathname + u.search);
		if (fault) {
			entry.fault = fault.kind;
			stats.faultsServed[fault.kind] = (stats.faultsServed[fault.kind] || 0) + 1;
			if (await serveFault(app, ctx, fault)) return;
		}

		switch (endpoint) {
			case 'tickets':
				return exportsApi.timeExport(ctx, ctx.auth, { sample: false });
			case 'sample':
				return exportsApi.timeExport(ctx, ctx.auth, { sample: true });
			case 'cursor':
				return exportsApi.cursorExport(ctx, ctx.auth);
			case 'users_me':
				return app.auth.usersMe(ctx, ctx.auth);
			case 'oauth_authorize':
				return app.auth.authorize(ctx);
			case 'oauth_tokens':
				return app.auth.tokens(ctx);
			default:
				if (
					moreExports.handle(endpoint, ctx) ||
					lookups.handle(endpoint, ctx) ||
					definitions.handle(endpoint, ctx) ||
					extraSources.some((source) => source.handle(endpoint, ctx))
				)
					return;
				send(ctx, 404, { error: 'InvalidEndpoint', description: 'Not found' });
		}
	}

	return handleApi;
}

module.exports = { createApiHandler };
