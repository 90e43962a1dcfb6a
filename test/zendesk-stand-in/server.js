#!/usr/bin/env node
'use strict';
/**
 * A local stand-in for the parts of Zendesk the export trigger talks to: the time-based, cursor and
 * sample ticket exports, /users/me, OAuth, rate limits, plus /__control/ endpoints that let tests
 * change tickets, move the clock, inject faults and read back what happened. Plain Node (no
 * dependencies). See README.md in this folder for the behaviour and the options.
 *
 *   server.js          options, routing, start/close, CLI
 *   store.js           tickets and the (generated_timestamp, id) index; account.js: seeded account
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
const { Store, ADMIN } = require('./store.js');
const { createClock, createLimits } = require('./limits.js');
const { createAuth, OAUTH_CLIENT } = require('./auth.js');
const { createExports } = require('./ticket-exports.js');
const { createEventExports } = require('./event-exports.js');
const { createLookups } = require('./lookups.js');
const { createDefinitions } = require('./definitions.js');
const { EVENT_DEFAULTS, EVENT_ENUMS, EVENT_FIXED_KEYS } = require('./event-options.js');
const { takeFault, serveFault } = require('./faults.js');
const { createControl, emptyStats } = require('./control.js');
const { send, encodeCursor, decodeCursor } = require('./http-util.js');

const DEFAULTS = Object.freeze({
	port: 0,
	seedTickets: 0,
	clock: 'real',
	virtualStartMs: null,
	exportLimitPerWindow: 10,
	cursorExportLimitPerWindow: 0,
	rateWindowMs: 60000,
	sampleLimitPerWindow: 10,
	sampleWindowMs: 20 * 60000,
	accountLimitPerMinute: 700,
	rateLimitRetryAfter: 'seconds',
	perPageMax: 1000,
	accessTokenLifetimeSeconds: 7200,
	refreshTokenLifetimeSeconds: 30 * 86400,
	withheldSeconds: 60,
	descriptionBytes: 300,
	clockOffsetSeconds: 0,
	tooRecentStyle: '400',
	emptyEndTime: 'start',
	cursorOnEmptyStart: 'null',
	stuck: false,
	randomSeed: 1,
	oauthUserEmail: ADMIN.email,
	// Real-world shapes (README.md, "Real-world shapes"); all off by default.
	omitEndOfStream: false,
	generatedTimestampStyle: 'number',
	endTimeSkewSeconds: 0,
	futureEndTime: false,
	futureRowSeconds: 0,
	filterAfterPaging: false,
	// Ticket field ids the ticket fields list leaves out, as if an admin had deleted them.
	deletedTicketFieldIds: [],
	replayPreviousPage: false,
	sameTimePageForEveryStart: false,
	alternatingCursors: false,
	echoSecretsIn401: false,
	// Ticket events, users and organizations (event-options.js).
	...EVENT_DEFAULTS,
});

/** Options fixed at start; POST /__control/config may change all the others. */
const FIXED_KEYS = ['port', 'seedTickets', 'clock', 'virtualStartMs', ...EVENT_FIXED_KEYS];
const RUNTIME_KEYS = Object.keys(DEFAULTS).filter((k) => !FIXED_KEYS.includes(k));
const ENUMS = {
	clock: ['real', 'virtual'],
	tooRecentStyle: ['400', '422', '400-text', '422-text'],
	emptyEndTime: ['start', 'cutoff', 'null'],
	cursorOnEmptyStart: ['null', 'position'],
	generatedTimestampStyle: ['number', 'string', 'missing'],
	rateLimitRetryAfter: ['seconds', 'none'],
	...EVENT_ENUMS,
};

const MAX_LOGGED_REQUESTS = 100000;

function normalizeOptions(options) {
	const config = { ...DEFAULTS };
	for (const [k, v] of Object.entries(options || {})) {
		if (v === undefined) continue;
		if (!(k in DEFAULTS)) throw new Error(`Unknown stand-in option: ${k}`);
		config[k] = v;
	}
	validateConfig(config);
	return config;
}

function validateConfig(config) {
	for (const [key, allowed] of Object.entries(ENUMS)) {
		config[key] = String(config[key]);
		if (!allowed.includes(config[key])) {
			throw new Error(`${key} must be one of ${allowed.join(', ')}`);
		}
	}
	for (const key of Object.keys(DEFAULTS)) {
		if (typeof DEFAULTS[key] === 'number') {
			const n = Number(config[key]);
			if (!Number.isFinite(n)) throw new Error(`${key} must be a number`);
			config[key] = n;
		} else if (typeof DEFAULTS[key] === 'boolean') {
			const v = config[key];
			if (![true, false, 'true', 'false'].includes(v)) {
				throw new Error(`${key} must be true or false`);
			}
			config[key] = v === true || v === 'true';
		}
	}
	if (config.virtualStartMs != null) {
		const n = Number(config.virtualStartMs);
		if (!Number.isFinite(n)) throw new Error('virtualStartMs must be a number');
		config.virtualStartMs = n;
	}
	config.perPageMax = Math.max(1, Math.floor(config.perPageMax));
	config.cursorExportLimitPerWindow = Math.max(0, Math.floor(config.cursorExportLimitPerWindow));
	config.usersCursorExportLimitPerWindow = Math.max(
		0,
		Math.floor(config.usersCursorExportLimitPerWindow),
	);
}

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
	const { state } = app;
	let hostPort = '';

	// ---- routing -------------------------------------------------------------------------------

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
			origin: `http://${req.headers.host || hostPort}`,
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
					definitions.handle(endpoint, ctx)
				)
					return;
				send(ctx, 404, { error: 'InvalidEndpoint', description: 'Not found' });
		}
	}

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

const CLI_ALIASES = {
	seed: 'seedTickets',
	'export-limit': 'exportLimitPerWindow',
	'token-lifetime-seconds': 'accessTokenLifetimeSeconds',
	'account-limit': 'accountLimitPerMinute',
	'sample-limit': 'sampleLimitPerWindow',
};

function parseArgs(argv) {
	const options = {};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (!arg.startsWith('--')) throw new Error(`Unexpected argument: ${arg}`);
		let [name, value] = arg.slice(2).split(/=(.*)/s, 2);
		if (value === undefined) {
			const next = argv[i + 1];
			if (next !== undefined && !next.startsWith('--')) {
				value = next;
				i++;
			} else value = 'true';
		}
		const key = CLI_ALIASES[name] || name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
		if (!(key in DEFAULTS)) throw new Error(`Unknown option --${name}`);
		options[key] = value;
	}
	return options;
}

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
