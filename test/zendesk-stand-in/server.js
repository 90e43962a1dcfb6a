#!/usr/bin/env node
'use strict';
/**
 * A local stand-in for the parts of Zendesk the export trigger talks to: the time-based, cursor and
 * sample ticket exports, /users/me, OAuth, rate limits, plus /__control/ endpoints that let tests
 * change tickets, move the clock, inject faults and read back what happened. Plain Node (no
 * dependencies). See README.md in this folder for the behaviour and the options.
 *
 *   server.js          start/close, CLI;  options.js: options, their checks, CLI flags
 *   routes.js          which endpoint a request is for, the request log, auth and faults around it
 *   store.js           tickets and their changes (ticket-build.js: seeded ticket JSON;
 *                      ticket-index.js: the (generated_timestamp, id) index and its pages;
 *                      ticket-schedule.js: changes dated ahead); account.js: seeded account;
 *                      sideloads.js: the ticket exports' sideloads
 *   limits.js          the clock (real or virtual) and the rate-limit windows
 *   ticket-exports.js  the three exports and the real-world shape switches
 *   auth.js            API token / bearer auth, /users/me, OAuth
 *   faults.js          queued faults;  control.js: /__control/;  http-util.js: helpers
 *   event-exports.js   ticket_events, users and organizations exports (events-store.js,
 *                      event-shapes.js, people-store.js, people-exports.js, sorted-log.js)
 *   lookups.js         users/show_many and tickets/show_many
 *   definitions.js     ticket_fields and groups (the names Simplify shows)
 */

const http = require('node:http');
const { Store } = require('./store.js');
const { createClock, createLimits } = require('./limits.js');
const { createAuth, OAUTH_CLIENT } = require('./auth.js');
const { createExports } = require('./ticket-exports.js');
const { createEventExports } = require('./event-exports.js');
const { createLookups } = require('./lookups.js');
const { createDefinitions } = require('./definitions.js');
const { createControl, emptyStats } = require('./control.js');
const { encodeCursor, decodeCursor } = require('./http-util.js');
const { createSuspended } = require('./suspended.js');
const { createViews } = require('./views.js');
const { createMetricEvents } = require('./metric-events.js');
const {
	DEFAULTS,
	RUNTIME_KEYS,
	normalizeOptions,
	validateConfig,
	parseArgs,
} = require('./options.js');
const { createApiHandler } = require('./routes.js');

/**
 * Start a stand-in on 127.0.0.1. See server.d.ts for what it returns.
 */
async function startStandIn(options = {}) {
	const config = normalizeOptions(options);
	const timers = new Set();
	const app = {
		config,
		clock: createClock(config.clock, config.virtualStartMs),
		state: {
			faults: [],
			requests: [],
			stats: emptyStats(),
			// Pages the replay / same-page / alternating-cursor switches answer with.
			lastTimeBody: null,
			samePage: null,
			alternating: null,
		},
		oauth: { codes: new Map(), access: new Map(), refresh: new Map() },
		store: null,
		sleep: (ms) =>
			new Promise((resolve) => {
				const t = setTimeout(() => {
					timers.delete(t);
					resolve();
				}, ms);
				timers.add(t);
			}),
		/** Change options at run time (what POST /__control/config does). Throws on a bad one. */
		setConfig(patch) {
			for (const k of Object.keys(patch)) {
				if (!RUNTIME_KEYS.includes(k)) throw new Error(`Unknown or fixed option: ${k}`);
			}
			const next = { ...config, ...patch };
			validateConfig(next);
			Object.assign(config, next);
			// Turning a page switch on (or off) starts it afresh.
			if ('sameTimePageForEveryStart' in patch) app.state.samePage = null;
			if ('alternatingCursors' in patch) app.state.alternating = null;
			return { ...config };
		},
	};
	app.limits = createLimits(app);
	app.auth = createAuth(app);
	const exportsApi = createExports(app);
	const moreExports = createEventExports(app, exportsApi);
	const lookups = createLookups(app);
	const definitions = createDefinitions(app);
	const control = createControl(app);
	// Sources beyond the exports: their own routes, /__control/ routes and reset (see each file).
	const extraSources = [
		createMetricEvents(app, exportsApi),
		createSuspended(app),
		createViews(app),
	];
	app.extraControl = (ctx, route, body) =>
		extraSources.some((source) => source.handleControl(ctx, route, body));
	app.onReset = () => extraSources.forEach((source) => source.reset());
	const { state } = app;
	let hostPort = '';

	const handleApi = createApiHandler(app, {
		exportsApi,
		moreExports,
		lookups,
		definitions,
		extraSources,
		hostPort: () => hostPort,
	});

	const server = http.createServer((req, res) => {
		const u = new URL(req.url || '/', 'http://127.0.0.1');
		const work = u.pathname.startsWith('/__control/')
			? control.handleControl(req, res, u)
			: handleApi(req, res, u);
		work.catch((err) => {
			process.stderr.write(`zendesk stand-in: ${err && err.stack ? err.stack : err}\n`);
			if (!res.headersSent && !res.destroyed) {
				res.writeHead(500, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ error: 'StandInError', description: String(err && err.message) }));
			}
		});
	});

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(Number(config.port) || 0, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = server.address().port;
	const url = `http://127.0.0.1:${port}`;
	hostPort = `127.0.0.1:${port}`;
	const store = new Store(config, url, app.clock);
	app.store = store;
	store.reset(config.seedTickets);

	let closing = null;
	function close() {
		if (!closing) {
			closing = new Promise((resolve) => {
				for (const t of timers) clearTimeout(t);
				timers.clear();
				server.close(() => resolve());
				server.closeAllConnections();
			});
		}
		return closing;
	}

	const { nowMs, advanceBy, advanceTo } = app.clock;
	return {
		url,
		port,
		close,
		store,
		config,
		clock: { mode: app.clock.mode, nowMs, advanceBy, advanceTo },
		setConfig: app.setConfig,
		state,
		oauth: app.oauth,
	};
}

// ---- CLI ---------------------------------------------------------------------------------------

async function main() {
	let standIn;
	try {
		standIn = await startStandIn(parseArgs(process.argv.slice(2)));
	} catch (err) {
		process.stderr.write(`zendesk stand-in: ${err.message}\n`);
		process.exit(2);
	}
	process.stdout.write(`${JSON.stringify({ url: standIn.url })}\n`);
	const stop = () => {
		standIn.close().then(() => process.exit(0));
		setTimeout(() => process.exit(0), 2000).unref();
	};
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
}

if (require.main === module) main();

module.exports = { startStandIn, DEFAULTS, OAUTH_CLIENT, encodeCursor, decodeCursor };
