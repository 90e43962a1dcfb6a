#!/usr/bin/env node
'use strict';
/**
 * A local stand-in for the parts of Zendesk the export trigger talks to: the time-based, cursor and
 * sample ticket exports, /users/me, OAuth, rate limits, plus /__control/ endpoints that let tests
 * change tickets, inject faults and read back what happened. Plain Node (no dependencies).
 * See README.md in this folder for the behaviour and the options.
 */

const http = require('node:http');
const crypto = require('node:crypto');
const { Store, publicUser, ADMIN } = require('./store.js');

const DEFAULTS = Object.freeze({
	port: 0,
	seedTickets: 0,
	exportLimitPerWindow: 10,
	rateWindowMs: 60000,
	sampleLimitPerWindow: 10,
	sampleWindowMs: 20 * 60000,
	accountLimitPerMinute: 700,
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
});

/** Options that POST /__control/config may change while running (port and seed may not). */
const RUNTIME_KEYS = Object.keys(DEFAULTS).filter((k) => k !== 'port' && k !== 'seedTickets');
const ENUMS = {
	tooRecentStyle: ['400', '422'],
	emptyEndTime: ['start', 'cutoff', 'null'],
	cursorOnEmptyStart: ['null', 'position'],
};

const OAUTH_CLIENT = Object.freeze({
	id: 'n8n-client',
	secret: 'n8n-client-secret',
	name: 'n8n',
});
const CODE_LIFETIME_SECONDS = 300;
const MAX_LOGGED_REQUESTS = 100000;
const FAULT_KINDS = ['429', '500', '502', '503', '504', 'html503', 'reset', 'truncated', 'delay'];
const SUPPORT_TYPE_SCOPES = ['agent', 'ai_agent', 'all'];
const SAMPLE_MAX = 50;

const ERR_AUTH = { error: "Couldn't authenticate you" };
const ERR_INVALID_TOKEN = {
	error: 'invalid_token',
	error_description:
		'The access token provided is expired, revoked, malformed or invalid for other reasons.',
};
const ERR_FORBIDDEN = {
	error: {
		title: 'Forbidden',
		message:
			'You do not have access to this page. Please contact the account owner of this help desk for further help.',
	},
};
const ERR_SCOPE = {
	error: 'Forbidden',
	description: 'You are missing the following required scopes: read',
};
const ERR_INVALID_GRANT = {
	error: 'invalid_grant',
	error_description:
		'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
};
const ERR_INVALID_CLIENT = {
	error: 'invalid_client',
	error_description:
		'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
};
const ANONYMOUS_USER = Object.freeze({
	id: null,
	url: null,
	name: 'Anonymous user',
	email: 'invalid@example.com',
	created_at: null,
	updated_at: null,
	time_zone: 'America/Chicago',
	iana_time_zone: 'America/Chicago',
	phone: null,
	photo: null,
	locale_id: 1,
	locale: 'en-US',
	organization_id: null,
	role: 'end-user',
	verified: false,
	active: true,
});

/**
 * Sliding-window log: a request counts for exactly `windowMs` after it was accepted. Limits are read
 * through callbacks so that /__control/config takes effect at once.
 */
class SlidingWindow {
	constructor(limit, windowMs) {
		this.limit = limit;
		this.windowMs = windowMs;
		this.reset();
	}

	reset() {
		this.log = [];
		this.head = 0;
	}

	_prune(now) {
		const edge = now - this.windowMs();
		while (this.head < this.log.length && this.log[this.head] <= edge) this.head++;
		if (this.head > 1024 && this.head * 2 > this.log.length) {
			this.log = this.log.slice(this.head);
			this.head = 0;
		}
	}

	/** Seconds until the oldest counted request leaves the window (0 when none is counted). */
	_resets(now) {
		if (this.head >= this.log.length) return 0;
		return Math.max(1, Math.ceil((this.log[this.head] + this.windowMs() - now) / 1000));
	}

	peek(now = Date.now()) {
		this._prune(now);
		const used = this.log.length - this.head;
		return {
			limit: this.limit(),
			remaining: Math.max(0, this.limit() - used),
			resets: this._resets(now),
		};
	}

	/** Count a request if a slot is free. */
	take(now = Date.now()) {
		this._prune(now);
		const used = this.log.length - this.head;
		if (used >= this.limit()) {
			const resets = this._resets(now);
			return {
				ok: false,
				limit: this.limit(),
				remaining: 0,
				resets,
				retryAfter: Math.max(1, resets),
			};
		}
		this.log.push(now);
		return { ok: true, ...this.peek(now) };
	}
}

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
		}
	}
	config.stuck = config.stuck === true || config.stuck === 'true';
	config.perPageMax = Math.max(1, Math.floor(config.perPageMax));
}

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

/** JSON or application/x-www-form-urlencoded, whichever the body is. */
function parseBody(text, contentType) {
	if (!text) return {};
	if (/json/i.test(contentType || '') || /^\s*[{[]/.test(text)) {
		try {
			return JSON.parse(text);
		} catch {
			return null;
		}
	}
	return Object.fromEntries(new URLSearchParams(text));
}

function randomToken(bytes = 24) {
	return crypto.randomBytes(bytes).toString('hex');
}

function encodeCursor(dir, gts, id) {
	return Buffer.from(`${dir}|${gts}|${id}`).toString('base64');
}

function decodeCursor(raw) {
	const m = /^([ab])\|(-?\d+)\|(\d+)$/.exec(Buffer.from(raw, 'base64').toString('utf8'));
	return m ? { dir: m[1], gts: Number(m[2]), id: Number(m[3]) } : null;
}

/**
 * Start a stand-in on 127.0.0.1.
 * @returns {Promise<{url: string, port: number, close: () => Promise<void>, store: object}>}
 */
async function startStandIn(options = {}) {
	const config = normalizeOptions(options);
	const timers = new Set();
	const state = {
		faults: [],
		requests: [],
		stats: { total: 0, byEndpoint: {}, byStatus: {}, faultsServed: {}, served429: 0 },
	};
	const exportLimiter = new SlidingWindow(
		() => config.exportLimitPerWindow,
		() => config.rateWindowMs,
	);
	const sampleLimiter = new SlidingWindow(
		() => config.sampleLimitPerWindow,
		() => config.sampleWindowMs,
	);
	const accountLimiter = new SlidingWindow(
		() => config.accountLimitPerMinute,
		() => 60000,
	);
	const oauth = { codes: new Map(), access: new Map(), refresh: new Map() };
	let store = null;
	let hostPort = '';

	const sleep = (ms) =>
		new Promise((resolve) => {
			const t = setTimeout(() => {
				timers.delete(t);
				resolve();
			}, ms);
			timers.add(t);
		});

	// ---- responses -----------------------------------------------------------------------------

	function send(ctx, status, body, headers = {}) {
		const { res } = ctx;
		if (res.headersSent || res.destroyed) return;
		let text = typeof body === 'string' ? body : JSON.stringify(body);
		// A "truncated" fault: a well-framed 200 whose JSON stops half way.
		if (ctx.truncate) {
			text = text.slice(0, Math.floor(text.length / 2));
			status = 200;
		}
		const buf = Buffer.from(text);
		res.writeHead(status, {
			'content-type': 'application/json; charset=utf-8',
			'content-length': buf.length,
			...ctx.headers,
			...headers,
		});
		res.end(buf);
	}

	function setAccountHeaders(ctx, info) {
		ctx.headers['x-rate-limit'] = String(info.limit);
		ctx.headers['x-rate-limit-remaining'] = String(info.remaining);
		ctx.headers['ratelimit-limit'] = String(info.limit);
		ctx.headers['ratelimit-remaining'] = String(info.remaining);
		ctx.headers['ratelimit-reset'] = String(info.resets || 60);
	}

	function setExportHeader(ctx, info) {
		ctx.headers['zendesk-ratelimit-incremental-exports'] =
			`total=${info.limit}; remaining=${info.remaining}; resets=${info.resets}`;
	}

	function rateLimited(ctx, info, description) {
		send(
			ctx,
			429,
			{ error: 'APIRateLimitExceeded', description },
			{ 'retry-after': String(info.retryAfter) },
		);
	}

	// ---- auth ----------------------------------------------------------------------------------

	function authenticate(req) {
		const header = String(req.headers.authorization || '').trim();
		const m = /^(\S+)\s+(.+)$/.exec(header);
		if (!m) return { kind: 'none', valid: false, user: null };
		const scheme = m[1].toLowerCase();
		if (scheme === 'basic') {
			const decoded = Buffer.from(m[2], 'base64').toString('utf8');
			const colon = decoded.indexOf(':');
			const username = colon < 0 ? decoded : decoded.slice(0, colon);
			const password = colon < 0 ? '' : decoded.slice(colon + 1);
			let user = null;
			if (username.endsWith('/token')) {
				const candidate = store.usersByEmail.get(username.slice(0, -6).toLowerCase());
				if (candidate && candidate.apiToken && candidate.apiToken === password) user = candidate;
			}
			return { kind: 'basic', valid: !!user, user };
		}
		if (scheme === 'bearer') {
			const token = oauth.access.get(m[2].trim());
			const valid = !!token && token.expiresAt > store.now();
			return {
				kind: 'bearer',
				valid,
				user: valid ? store.users.get(token.userId) : null,
				scopes: valid ? token.scope.split(/[\s,]+/) : [],
			};
		}
		return { kind: 'none', valid: false, user: null };
	}

	const hasReadScope = (auth) =>
		auth.kind !== 'bearer' || auth.scopes.includes('read') || auth.scopes.includes('tickets:read');

	/** Admins only, as Zendesk documents for the exports. Answers and returns false when refused. */
	function requireAdmin(ctx, auth) {
		if (!auth.valid) {
			if (auth.kind === 'bearer') {
				send(ctx, 401, ERR_INVALID_TOKEN, {
					'www-authenticate': 'Bearer realm="Zendesk", error="invalid_token"',
				});
			} else {
				send(ctx, 401, ERR_AUTH, { 'www-authenticate': 'Basic realm="Web Password"' });
			}
			return false;
		}
		if (!hasReadScope(auth)) {
			send(ctx, 403, ERR_SCOPE);
			return false;
		}
		if (auth.user.role !== 'admin') {
			send(ctx, 403, ERR_FORBIDDEN);
			return false;
		}
		return true;
	}

	/** The account-wide limit (x-rate-limit): every authenticated API request counts. */
	function takeAccountSlot(ctx) {
		const info = accountLimiter.take();
		setAccountHeaders(ctx, info);
		if (!info.ok) {
			rateLimited(ctx, info, 'Number of allowed API requests per minute exceeded');
			return false;
		}
		return true;
	}

	// ---- exports -------------------------------------------------------------------------------

	/** Shared query handling of the exports; answers 400 and returns null on a bad value. */
	function exportQuery(ctx) {
		const q = ctx.u.searchParams;
		const scope = q.get('support_type_scope') || 'agent';
		if (!SUPPORT_TYPE_SCOPES.includes(scope)) {
			send(ctx, 400, {
				error: 'InvalidValue',
				description: `support_type_scope must be one of ${SUPPORT_TYPE_SCOPES.join(', ')}`,
			});
			return null;
		}
		const excludeDeleted = ['true', '1'].includes(String(q.get('exclude_deleted')).toLowerCase());
		const wantAi = scope === 'ai_agent';
		const match =
			scope === 'all'
				? (r) => !(excludeDeleted && r.deleted)
				: (r) => r.ai === wantAi && !(excludeDeleted && r.deleted);
		const max = config.perPageMax;
		const raw = Number.parseInt(q.get('per_page') || '', 10);
		const perPage = Number.isFinite(raw) ? Math.min(max, Math.max(1, raw)) : Math.min(1000, max);
		const includes = new Set(
			(q.get('include') || '')
				.split(',')
				.map((s) => s.trim())
				.filter(Boolean),
		);
		return { match, perPage, includes };
	}

	/** start_time: required, whole seconds, not inside the withheld minute. */
	function startTime(ctx, cutoff) {
		const raw = ctx.u.searchParams.get('start_time');
		if (raw == null || raw === '') {
			send(ctx, 400, { error: 'InvalidValue', description: 'start_time is required' });
			return null;
		}
		if (!/^\d+$/.test(raw)) {
			send(ctx, 400, {
				error: 'InvalidValue',
				description: 'start_time must be a unix time in seconds',
			});
			return null;
		}
		const start = Number(raw);
		if (start > cutoff) {
			if (config.tooRecentStyle === '422') send(ctx, 422, { error: 'Too recent start_time' });
			else {
				send(ctx, 400, {
					error: 'StartTimeTooRecent',
					description: 'Too recent start_time. Use a start_time older than 1 minute',
				});
			}
			return null;
		}
		return start;
	}

	function urlWith(ctx, set, drop = []) {
		const params = new URLSearchParams(ctx.u.searchParams);
		for (const k of drop) params.delete(k);
		for (const [k, v] of Object.entries(set)) params.set(k, String(v));
		return `${ctx.origin}${ctx.u.pathname}?${params}`;
	}

	/** Incremental export slot: answers 429 and returns false when the window is full. */
	function takeExportSlot(ctx, limiter, description) {
		const info = limiter.take();
		if (limiter === exportLimiter) setExportHeader(ctx, info);
		if (!info.ok) {
			rateLimited(ctx, info, description);
			return false;
		}
		return true;
	}

	function timeExport(ctx, auth, { sample }) {
		if (!requireAdmin(ctx, auth) || !takeAccountSlot(ctx)) return;
		const limiter = sample ? sampleLimiter : exportLimiter;
		const what = sample ? 'sample export' : 'incremental export';
		if (!takeExportSlot(ctx, limiter, `Number of allowed ${what} API requests exceeded`)) return;
		const query = exportQuery(ctx);
		if (!query) return;
		const cutoff = store.cutoff();
		const start = startTime(ctx, cutoff);
		if (start == null) return;
		const perPage = sample ? Math.min(SAMPLE_MAX, query.perPage) : query.perPage;
		const { records, endOfStream } = store.timePage({
			startTime: start,
			perPage,
			cutoff,
			grow: !sample && !config.stuck,
			match: query.match,
		});
		const tickets = store.ticketsOf(records);
		let endTime;
		if (records.length) endTime = records[records.length - 1].gts;
		else if (config.emptyEndTime === 'cutoff') endTime = cutoff;
		else if (config.emptyEndTime === 'null') endTime = null;
		else endTime = start;
		send(ctx, 200, {
			tickets: store.decorate(tickets, query.includes),
			...store.sideloads(tickets, query.includes),
			next_page: urlWith(ctx, { start_time: endTime == null ? start : endTime }),
			count: records.length,
			end_of_stream: endOfStream,
			end_time: endTime,
		});
	}

	function cursorExport(ctx, auth) {
		if (!requireAdmin(ctx, auth) || !takeAccountSlot(ctx)) return;
		if (
			!takeExportSlot(
				ctx,
				exportLimiter,
				'Number of allowed incremental export API requests exceeded',
			)
		) {
			return;
		}
		const query = exportQuery(ctx);
		if (!query) return;
		const cutoff = store.cutoff();
		const rawCursor = ctx.u.searchParams.get('cursor');
		const common = { perPage: query.perPage, cutoff, match: query.match };
		let page;
		let emptyAfter = null;
		if (rawCursor) {
			const pos = decodeCursor(rawCursor);
			if (!pos) {
				send(ctx, 400, { error: 'InvalidValue', description: 'cursor is invalid' });
				return;
			}
			page =
				pos.dir === 'a'
					? store.pageAfter({ ...common, gts: pos.gts, id: pos.id })
					: store.pageBefore({ ...common, gts: pos.gts, id: pos.id });
			if (pos.dir === 'a') emptyAfter = rawCursor;
		} else {
			const start = startTime(ctx, cutoff);
			if (start == null) return;
			page = store.pageAfter({ ...common, gts: start, id: -Infinity });
			if (config.cursorOnEmptyStart === 'position') {
				emptyAfter = encodeCursor('a', start - 1, Number.MAX_SAFE_INTEGER);
			}
		}
		const { records, endOfStream } = page;
		const tickets = store.ticketsOf(records);
		const first = records[0];
		const last = records[records.length - 1];
		const after = last ? encodeCursor('a', last.gts, last.id) : emptyAfter;
		const before = first ? encodeCursor('b', first.gts, first.id) : null;
		const link = (c) => (c ? urlWith(ctx, { cursor: c }, ['start_time']) : null);
		send(ctx, 200, {
			tickets: store.decorate(tickets, query.includes),
			...store.sideloads(tickets, query.includes),
			after_url: link(after),
			after_cursor: after,
			before_url: link(before),
			before_cursor: before,
			end_of_stream: endOfStream,
		});
	}

	function usersMe(ctx, auth) {
		if (auth.kind === 'bearer' && !auth.valid) {
			send(ctx, 401, ERR_INVALID_TOKEN);
			return;
		}
		if (!auth.valid) {
			// What Zendesk does: no error, just nobody.
			send(ctx, 200, { user: ANONYMOUS_USER });
			return;
		}
		if (!takeAccountSlot(ctx)) return;
		if (!hasReadScope(auth)) {
			send(ctx, 403, ERR_SCOPE);
			return;
		}
		send(ctx, 200, { user: publicUser(auth.user) });
	}

	// ---- OAuth ---------------------------------------------------------------------------------

	function issueTokens(userId, scope, lifetime = config.accessTokenLifetimeSeconds) {
		const now = store.now();
		const access = randomToken();
		const refresh = randomToken();
		const rt = config.refreshTokenLifetimeSeconds;
		oauth.access.set(access, { userId, scope, expiresAt: now + lifetime, refresh });
		oauth.refresh.set(refresh, { userId, scope, expiresAt: now + rt, access });
		return {
			access_token: access,
			refresh_token: refresh,
			token_type: 'bearer',
			scope,
			expires_in: lifetime,
			refresh_token_expires_in: rt,
		};
	}

	function oauthUserId() {
		const user = store.usersByEmail.get(String(config.oauthUserEmail).toLowerCase());
		return (user || store.users.get(ADMIN.id)).id;
	}

	function authorize(ctx) {
		const q = ctx.u.searchParams;
		if (q.get('client_id') !== OAUTH_CLIENT.id) {
			send(ctx, 400, { error: 'invalid_client', error_description: 'Unknown client_id' });
			return;
		}
		let redirect;
		try {
			redirect = new URL(q.get('redirect_uri') || '');
		} catch {
			send(ctx, 400, { error: 'invalid_request', error_description: 'redirect_uri is invalid' });
			return;
		}
		const state = q.get('state');
		if (q.get('response_type') !== 'code') {
			redirect.searchParams.set('error', 'unsupported_response_type');
		} else {
			const code = randomToken(16);
			oauth.codes.set(code, {
				redirectUri: q.get('redirect_uri'),
				scope: (q.get('scope') || 'read').trim(),
				userId: oauthUserId(),
				expiresAt: store.now() + CODE_LIFETIME_SECONDS,
				challenge: q.get('code_challenge'),
				method: q.get('code_challenge_method') || 'plain',
			});
			redirect.searchParams.set('code', code);
		}
		if (state != null) redirect.searchParams.set('state', state);
		ctx.res.writeHead(302, { location: redirect.toString(), 'content-length': 0 });
		ctx.res.end();
	}

	function clientFrom(req, body) {
		let id = body.client_id;
		let secret = body.client_secret;
		const m = /^basic\s+(.+)$/i.exec(String(req.headers.authorization || '').trim());
		if (m) {
			const decoded = Buffer.from(m[1], 'base64').toString('utf8');
			const colon = decoded.indexOf(':');
			const unescape = (s) => {
				try {
					return decodeURIComponent(s.replace(/\+/g, ' '));
				} catch {
					return s;
				}
			};
			id = unescape(colon < 0 ? decoded : decoded.slice(0, colon));
			secret = unescape(colon < 0 ? '' : decoded.slice(colon + 1));
		}
		return id === OAUTH_CLIENT.id && secret === OAUTH_CLIENT.secret ? OAUTH_CLIENT : null;
	}

	async function tokens(ctx) {
		const body = parseBody(await readBody(ctx.req), ctx.req.headers['content-type']);
		const noStore = { 'cache-control': 'no-store', pragma: 'no-cache' };
		if (!body || typeof body !== 'object') {
			send(ctx, 400, { error: 'invalid_request', error_description: 'Body is not valid' });
			return;
		}
		if (!clientFrom(ctx.req, body)) {
			send(ctx, 401, ERR_INVALID_CLIENT);
			return;
		}
		const now = store.now();
		switch (body.grant_type) {
			case 'authorization_code': {
				const code = oauth.codes.get(String(body.code));
				if (code) oauth.codes.delete(String(body.code));
				if (!code || code.expiresAt <= now || code.redirectUri !== body.redirect_uri) {
					send(ctx, 400, ERR_INVALID_GRANT);
					return;
				}
				if (code.challenge) {
					const verifier = String(body.code_verifier || '');
					const computed =
						code.method === 'S256'
							? crypto.createHash('sha256').update(verifier).digest('base64url')
							: verifier;
					if (computed !== code.challenge) {
						send(ctx, 400, ERR_INVALID_GRANT);
						return;
					}
				}
				send(ctx, 200, issueTokens(code.userId, code.scope), noStore);
				return;
			}
			case 'client_credentials': {
				const scope = String(body.scope || 'read').trim();
				send(ctx, 200, issueTokens(oauthUserId(), scope), noStore);
				return;
			}
			case 'refresh_token': {
				const old = oauth.refresh.get(String(body.refresh_token));
				if (!old || old.expiresAt <= now) {
					send(ctx, 400, ERR_INVALID_GRANT);
					return;
				}
				// Rotation: the old pair dies with the refresh.
				oauth.refresh.delete(String(body.refresh_token));
				oauth.access.delete(old.access);
				send(ctx, 200, issueTokens(old.userId, old.scope), noStore);
				return;
			}
			default:
				send(ctx, 400, {
					error: 'unsupported_grant_type',
					error_description: 'The authorization grant type is not supported.',
				});
		}
	}

	// ---- faults --------------------------------------------------------------------------------

	function takeFault(target) {
		const i = state.faults.findIndex((f) => !f.pathContains || target.includes(f.pathContains));
		if (i < 0) return null;
		const fault = state.faults[i];
		fault.count -= 1;
		if (fault.count <= 0) state.faults.splice(i, 1);
		return fault;
	}

	/** Serve a fault; returns true when the request is finished (false: go on, e.g. after a delay). */
	async function serveFault(ctx, fault) {
		const retry = fault.retryAfterSeconds;
		switch (fault.kind) {
			case 'reset':
				ctx.req.socket.destroy();
				return true;
			case 'delay':
				await sleep(fault.delayMs == null ? 1000 : fault.delayMs);
				return false;
			case 'truncated':
				ctx.truncate = true;
				return false;
			case '429': {
				const ra = retry == null ? 1 : retry;
				if (ctx.u.pathname.includes('/incremental/')) {
					setExportHeader(ctx, { limit: config.exportLimitPerWindow, remaining: 0, resets: ra });
				}
				send(
					ctx,
					429,
					{ error: 'APIRateLimitExceeded', description: 'Rate limit exceeded' },
					{ 'retry-after': String(ra) },
				);
				return true;
			}
			case 'html503': {
				const html =
					'<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head>' +
					'<body><h1>Service Unavailable</h1><p>Zendesk is temporarily unavailable.</p></body></html>';
				const headers = { 'content-type': 'text/html; charset=utf-8' };
				if (retry != null) headers['retry-after'] = String(retry);
				send(ctx, 503, html, headers);
				return true;
			}
			default: {
				const status = Number(fault.kind);
				const names = {
					500: 'InternalServerError',
					502: 'BadGateway',
					503: 'ServiceUnavailable',
					504: 'GatewayTimeout',
				};
				const headers = retry != null ? { 'retry-after': String(retry) } : {};
				send(
					ctx,
					status,
					{ error: names[status], description: `Stand-in fault ${status}` },
					headers,
				);
				return true;
			}
		}
	}

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
		return 'not_found';
	}

	async function handleApi(req, res, u) {
		const endpoint = endpointOf(req.method, u.pathname);
		const entry = {
			at: new Date().toISOString(),
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
			const auth = authenticate(req);
			entry.auth = auth.kind;
			entry.user = auth.user ? auth.user.email : null;
			ctx.auth = auth;
		}

		const fault = takeFault(u.pathname + u.search);
		if (fault) {
			entry.fault = fault.kind;
			stats.faultsServed[fault.kind] = (stats.faultsServed[fault.kind] || 0) + 1;
			if (await serveFault(ctx, fault)) return;
		}

		switch (endpoint) {
			case 'tickets':
				return timeExport(ctx, ctx.auth, { sample: false });
			case 'sample':
				return timeExport(ctx, ctx.auth, { sample: true });
			case 'cursor':
				return cursorExport(ctx, ctx.auth);
			case 'users_me':
				return usersMe(ctx, ctx.auth);
			case 'oauth_authorize':
				return authorize(ctx);
			case 'oauth_tokens':
				return tokens(ctx);
			default:
				send(ctx, 404, { error: 'InvalidEndpoint', description: 'Not found' });
		}
	}

	// ---- control -------------------------------------------------------------------------------

	async function handleControl(req, res, u) {
		const ctx = { req, res, u, headers: {}, truncate: false };
		const text = await readBody(req);
		const body = parseBody(text, 'application/json');
		if (body === null || typeof body !== 'object') {
			send(ctx, 400, { error: 'Body must be a JSON object' });
			return;
		}
		const route = `${req.method} ${u.pathname.replace(/\/+$/, '')}`;
		const ticketMatch = /^(GET|PATCH|DELETE) \/__control\/tickets\/(\d+)$/.exec(route);
		const bad = (message) => send(ctx, 400, { error: message });
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
			case 'GET /__control/now': {
				send(ctx, 200, { now: store.now(), cutoff: store.cutoff() });
				return;
			}
			case 'POST /__control/reset': {
				const n = body.seedTickets == null ? config.seedTickets : Number(body.seedTickets);
				store.reset(n);
				state.faults = [];
				state.requests = [];
				state.stats = { total: 0, byEndpoint: {}, byStatus: {}, faultsServed: {}, served429: 0 };
				exportLimiter.reset();
				sampleLimiter.reset();
				accountLimiter.reset();
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
				for (const f of list) {
					const kind = String(f.kind);
					if (!FAULT_KINDS.includes(kind)) {
						return bad(`fault kind must be one of ${FAULT_KINDS.join(', ')}`);
					}
					queued.push({
						kind,
						pathContains: f.pathContains == null ? null : String(f.pathContains),
						count: f.count == null ? 1 : Math.max(1, Math.floor(Number(f.count))),
						retryAfterSeconds: f.retryAfterSeconds == null ? null : Number(f.retryAfterSeconds),
						delayMs: f.delayMs == null ? null : Number(f.delayMs),
					});
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
				const pair = issueTokens(user.id, String(body.scope || 'read'), lifetime);
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
					exportWindow: exportLimiter.peek(),
				});
				return;
			case 'DELETE /__control/stats':
				state.stats = { total: 0, byEndpoint: {}, byStatus: {}, faultsServed: {}, served429: 0 };
				send(ctx, 200, { ok: true });
				return;
			case 'DELETE /__control/ratelimit':
				exportLimiter.reset();
				sampleLimiter.reset();
				accountLimiter.reset();
				send(ctx, 200, { ok: true });
				return;
			case 'GET /__control/config':
				send(ctx, 200, { ...config });
				return;
			case 'POST /__control/config': {
				for (const k of Object.keys(body)) {
					if (!RUNTIME_KEYS.includes(k)) return bad(`Unknown or fixed option: ${k}`);
				}
				const next = { ...config, ...body };
				try {
					validateConfig(next);
				} catch (e) {
					return bad(e.message);
				}
				Object.assign(config, next);
				send(ctx, 200, { ...config });
				return;
			}
			default:
				send(ctx, 404, { error: `No control endpoint ${route}` });
		}
	}

	const server = http.createServer((req, res) => {
		const u = new URL(req.url || '/', 'http://127.0.0.1');
		const work = u.pathname.startsWith('/__control/')
			? handleControl(req, res, u)
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
	store = new Store(config, url);
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

	return { url, port, close, store, config, state, oauth };
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
