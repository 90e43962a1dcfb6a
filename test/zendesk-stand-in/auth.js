'use strict';
/** Authentication (API token, bearer), /users/me and the OAuth endpoints of the stand-in. */

const crypto = require('node:crypto');
const { publicUser, ADMIN } = require('./store.js');
const {
	send,
	readBody,
	parseBody,
	randomToken,
	ERR_AUTH,
	ERR_INVALID_TOKEN,
	ERR_FORBIDDEN,
	ERR_SCOPE,
	ERR_INVALID_GRANT,
	ERR_INVALID_CLIENT,
} = require('./http-util.js');

const OAUTH_CLIENT = Object.freeze({
	id: 'n8n-client',
	secret: 'n8n-client-secret',
	name: 'n8n',
});
const CODE_LIFETIME_SECONDS = 300;

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

function createAuth(app) {
	const { config, oauth } = app;

	/**
	 * Who is calling. `secret` and `email` are the raw credential as received (kept only so that
	 * echoSecretsIn401 can quote it back, as a careless proxy or API would).
	 */
	function authenticate(req) {
		const { store } = app;
		const header = String(req.headers.authorization || '').trim();
		const m = /^(\S+)\s+(.+)$/.exec(header);
		if (!m) return { kind: 'none', valid: false, user: null, secret: '', email: '' };
		const scheme = m[1].toLowerCase();
		if (scheme === 'basic') {
			const decoded = Buffer.from(m[2], 'base64').toString('utf8');
			const colon = decoded.indexOf(':');
			const username = colon < 0 ? decoded : decoded.slice(0, colon);
			const password = colon < 0 ? '' : decoded.slice(colon + 1);
			const email = username.endsWith('/token') ? username.slice(0, -6) : username;
			let user = null;
			if (username.endsWith('/token')) {
				const candidate = store.usersByEmail.get(email.toLowerCase());
				if (candidate && candidate.apiToken && candidate.apiToken === password) user = candidate;
			}
			return { kind: 'basic', valid: !!user, user, secret: password, email };
		}
		if (scheme === 'bearer') {
			const raw = m[2].trim();
			const token = oauth.access.get(raw);
			const valid = !!token && token.expiresAt > store.now();
			const owner = token ? store.users.get(token.userId) : null;
			return {
				kind: 'bearer',
				valid,
				user: valid ? owner : null,
				scopes: valid ? token.scope.split(/[\s,]+/) : [],
				secret: raw,
				email: owner ? owner.email : '',
			};
		}
		return { kind: 'none', valid: false, user: null, secret: m[2], email: '' };
	}

	const hasReadScope = (auth) =>
		auth.kind !== 'bearer' || auth.scopes.includes('read') || auth.scopes.includes('tickets:read');

	/** A 401 body; with echoSecretsIn401 it quotes the credential back (a leak to guard against). */
	function unauthorizedBody(base, auth) {
		if (!config.echoSecretsIn401) return base;
		return {
			...base,
			error: ERR_AUTH.error,
			details: `token ${auth.secret} for ${auth.email}`,
			access_token: auth.secret,
		};
	}

	function unauthorized(ctx, auth) {
		if (auth.kind === 'bearer') {
			send(ctx, 401, unauthorizedBody(ERR_INVALID_TOKEN, auth), {
				'www-authenticate': 'Bearer realm="Zendesk", error="invalid_token"',
			});
		} else {
			send(ctx, 401, unauthorizedBody(ERR_AUTH, auth), {
				'www-authenticate': 'Basic realm="Web Password"',
			});
		}
	}

	/** A valid credential with read scope and one of `roles`; else answers 401/403, returns false. */
	function requireRole(ctx, auth, roles) {
		if (!auth.valid) {
			unauthorized(ctx, auth);
			return false;
		}
		if (!hasReadScope(auth)) {
			send(ctx, 403, ERR_SCOPE);
			return false;
		}
		if (!roles.includes(auth.user.role)) {
			send(ctx, 403, ERR_FORBIDDEN);
			return false;
		}
		return true;
	}

	const requireAdmin = (ctx, auth) => requireRole(ctx, auth, ['admin']);

	function usersMe(ctx, auth) {
		if (auth.kind === 'bearer' && !auth.valid) {
			send(ctx, 401, unauthorizedBody(ERR_INVALID_TOKEN, auth));
			return;
		}
		if (!auth.valid) {
			// What Zendesk does: no error, just nobody.
			send(ctx, 200, { user: ANONYMOUS_USER });
			return;
		}
		if (!app.limits.takeAccountSlot(ctx)) return;
		if (!hasReadScope(auth)) {
			send(ctx, 403, ERR_SCOPE);
			return;
		}
		send(ctx, 200, { user: publicUser(auth.user) });
	}

	// ---- OAuth ---------------------------------------------------------------------------------

	function issueTokens(userId, scope, lifetime = config.accessTokenLifetimeSeconds) {
		const now = app.store.now();
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
		const { store } = app;
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
				expiresAt: app.store.now() + CODE_LIFETIME_SECONDS,
				challenge: q.get('code_challenge'),
				method: q.get('code_challenge_method') || 'plain',
			});
			redirect.searchParams.set('code', code);
		}
		if (state != null) redirect.searchParams.set('state', state);
		ctx.res.writeHead(302, { location: redirect.toString(), 'content-length': 0 });
		ctx.res.end();
	}

	/** The client from the body or HTTP Basic: { client (or null), id, secret } as received. */
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
		const ok = id === OAUTH_CLIENT.id && secret === OAUTH_CLIENT.secret;
		return { client: ok ? OAUTH_CLIENT : null, id, secret };
	}

	async function tokens(ctx) {
		const body = parseBody(await readBody(ctx.req), ctx.req.headers['content-type']);
		const noStore = { 'cache-control': 'no-store', pragma: 'no-cache' };
		if (!body || typeof body !== 'object') {
			send(ctx, 400, { error: 'invalid_request', error_description: 'Body is not valid' });
			return;
		}
		const from = clientFrom(ctx.req, body);
		if (!from.client) {
			const echo = config.echoSecretsIn401
				? {
						details: `client_secret ${from.secret ?? ''} for ${from.id ?? ''}`,
						client_secret: from.secret ?? null,
					}
				: {};
			send(ctx, 401, { ...ERR_INVALID_CLIENT, ...echo });
			return;
		}
		const now = app.store.now();
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

	return { authenticate, requireAdmin, requireRole, usersMe, issueTokens, authorize, tokens };
}

module.exports = { createAuth, OAUTH_CLIENT };
