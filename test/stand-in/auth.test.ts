/**
 * The stand-in's authentication (API token, bearer, /users/me) and its OAuth endpoints
 * (authorization code, client credentials, rotation, expiry).
 */

import { ADMIN, basic, reply } from '../helpers/stand-in-client';
import { AGENT, CLIENT, REDIRECT, bearer, standInUnderTest } from './stand-in-support';

const { start, url, get, control, postToken } = standInUnderTest();

describe('authentication', () => {
	it('should accept an admin API token and refuse missing or wrong credentials with 401', async () => {
		await start();
		const q = '/api/v2/incremental/tickets.json?start_time=0';
		expect((await get(q, ADMIN)).status).toBe(200);
		for (const auth of [null, basic('admin@example.com/token', 'nope'), basic('x', 'y')]) {
			const res = await get(q, auth);
			expect(res.status).toBe(401);
			expect(res.body).toEqual({ error: "Couldn't authenticate you" });
		}
	});

	it('should refuse an agent with 403 Forbidden', async () => {
		await start();
		const res = await get('/api/v2/incremental/tickets/cursor.json?start_time=0', AGENT);
		expect(res.status).toBe(403);
		expect(res.body.error.title).toBe('Forbidden');
		expect(res.body.error.message).toMatch(/^You do not have access to this page/);
	});

	it('should accept a bearer token with read scope and refuse one without it with 403', async () => {
		await start();
		const q = '/api/v2/incremental/tickets.json?start_time=0';
		const read = (await control('POST', 'oauth/issue', { scope: 'read' })).body;
		expect((await get(q, bearer(read.access_token))).status).toBe(200);

		const write = (await control('POST', 'oauth/issue', { scope: 'write' })).body;
		const res = await get(q, bearer(write.access_token));
		expect(res.status).toBe(403);
		expect(res.body).toEqual({
			error: 'Forbidden',
			description: 'You are missing the following required scopes: read',
		});
	});

	it('should refuse an unknown or expired bearer token with 401 invalid_token', async () => {
		await start();
		const q = '/api/v2/incremental/tickets.json?start_time=0';
		const expired = (await control('POST', 'oauth/issue', { expiresInSeconds: -1 })).body;
		for (const token of ['not-a-token', expired.access_token]) {
			const res = await get(q, bearer(token));
			expect(res.status).toBe(401);
			expect(res.body.error).toBe('invalid_token');
			expect(res.body.error_description).toMatch(/expired, revoked, malformed or invalid/);
		}
	});

	it('should answer /users/me with the anonymous user for missing or wrong credentials', async () => {
		await start();
		for (const auth of [null, basic('admin@example.com/token', 'wrong')]) {
			const res = await get('/api/v2/users/me.json', auth);
			expect(res.status).toBe(200);
			expect(res.body.user).toMatchObject({
				id: null,
				name: 'Anonymous user',
				email: 'invalid@example.com',
				role: 'end-user',
			});
		}
	});

	it('should answer /users/me with the authenticated user and role', async () => {
		await start();
		const admin = await get('/api/v2/users/me.json', ADMIN);
		expect(admin.body.user).toMatchObject({ id: 1001, email: 'admin@example.com', role: 'admin' });
		expect(admin.body.user.apiToken).toBeUndefined();
		const agent = await get('/api/v2/users/me', AGENT);
		expect(agent.body.user).toMatchObject({ email: 'agent@example.com', role: 'agent' });
		const token = (await control('POST', 'oauth/issue', {})).body.access_token;
		const viaBearer = await get('/api/v2/users/me.json', bearer(token));
		expect(viaBearer.body.user.email).toBe('admin@example.com');
	});
});

describe('OAuth', () => {
	it('should redirect with code and state and exchange the code for a token pair', async () => {
		await start();
		const authorize = await fetch(
			url(
				`/oauth/authorizations/new?response_type=code&client_id=n8n-client&redirect_uri=${encodeURIComponent(REDIRECT)}&scope=read&state=xyz`,
			),
			{ redirect: 'manual' },
		);
		expect(authorize.status).toBe(302);
		const location = new URL(authorize.headers.get('location')!);
		expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
		expect(location.searchParams.get('state')).toBe('xyz');
		const code = location.searchParams.get('code')!;

		const tokens = await postToken({
			grant_type: 'authorization_code',
			code,
			redirect_uri: REDIRECT,
			...CLIENT,
		});
		expect(tokens.status).toBe(200);
		expect(tokens.body).toMatchObject({
			access_token: expect.any(String),
			refresh_token: expect.any(String),
			token_type: 'bearer',
			scope: 'read',
			expires_in: 7200,
		});
		const me = await get('/api/v2/users/me.json', bearer(tokens.body.access_token));
		expect(me.body.user.role).toBe('admin');

		const reused = await postToken({
			grant_type: 'authorization_code',
			code,
			redirect_uri: REDIRECT,
			...CLIENT,
		});
		expect(reused.status).toBe(400);
		expect(reused.body.error).toBe('invalid_grant');
	});

	it('should issue a client_credentials token with client auth in an HTTP Basic header', async () => {
		await start();
		const res = await postToken(
			{ grant_type: 'client_credentials', scope: 'read' },
			basic(CLIENT.client_id, CLIENT.client_secret),
		);
		expect(res.status).toBe(200);
		expect(res.body.scope).toBe('read');
		const page = await get(
			'/api/v2/incremental/tickets.json?start_time=0',
			bearer(res.body.access_token),
		);
		expect(page.status).toBe(200);
	});

	it('should accept a JSON body at the token endpoint', async () => {
		await start();
		const res = await reply(
			await fetch(url('/oauth/tokens'), {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ grant_type: 'client_credentials', ...CLIENT }),
			}),
		);
		expect(res.status).toBe(200);
		expect(res.body.access_token).toEqual(expect.any(String));
	});

	it('should refuse a bad client secret with 401 invalid_client', async () => {
		await start();
		const res = await postToken({
			grant_type: 'client_credentials',
			client_id: 'n8n-client',
			client_secret: 'wrong',
		});
		expect(res.status).toBe(401);
		expect(res.body.error).toBe('invalid_client');
	});

	it('should rotate on refresh so that the old access and refresh tokens stop working', async () => {
		await start();
		const old = (await control('POST', 'oauth/issue', {})).body;
		const q = '/api/v2/incremental/tickets.json?start_time=0';
		expect((await get(q, bearer(old.access_token))).status).toBe(200);

		const fresh = await postToken({
			grant_type: 'refresh_token',
			refresh_token: old.refresh_token,
			...CLIENT,
		});
		expect(fresh.status).toBe(200);
		expect(fresh.body.access_token).not.toBe(old.access_token);
		expect(fresh.body.refresh_token).not.toBe(old.refresh_token);

		expect((await get(q, bearer(old.access_token))).status).toBe(401);
		expect((await get(q, bearer(fresh.body.access_token))).status).toBe(200);
		const again = await postToken({
			grant_type: 'refresh_token',
			refresh_token: old.refresh_token,
			...CLIENT,
		});
		expect(again.status).toBe(400);
		expect(again.body).toMatchObject({ error: 'invalid_grant' });
	});

	it('should expire an access token after accessTokenLifetimeSeconds', async () => {
		await start({ accessTokenLifetimeSeconds: 60 });
		const pair = (await postToken({ grant_type: 'client_credentials', ...CLIENT })).body;
		expect(pair.expires_in).toBe(60);
		const q = '/api/v2/incremental/tickets.json?start_time=0';
		expect((await get(q, bearer(pair.access_token))).status).toBe(200);
		await control('POST', 'config', { clockOffsetSeconds: 61 });
		const expired = await get(q, bearer(pair.access_token));
		expect(expired.status).toBe(401);
		expect(expired.body.error).toBe('invalid_token');
	});
});
