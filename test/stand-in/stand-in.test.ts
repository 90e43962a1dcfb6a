import { spawn } from 'node:child_process';
import * as path from 'node:path';

import type { Ticket, TruthRow } from '../zendesk-stand-in/server';
import {
	ADMIN,
	basic,
	ids,
	reply,
	standInPerTest,
	type Json,
	type Reply,
} from '../helpers/stand-in-client';

const AGENT = basic('agent@example.com/token', 'agent-api-token');
const CLIENT = { client_id: 'n8n-client', client_secret: 'n8n-client-secret' };
const REDIRECT = 'http://localhost:5678/rest/oauth2-credential/callback';

const { start, started, url, get, control } = standInPerTest({ port: 0 });

async function postToken(form: Record<string, string>, authorization?: string): Promise<Reply> {
	const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
	if (authorization) headers.authorization = authorization;
	return reply(
		await fetch(url('/oauth/tokens'), { method: 'POST', headers, body: new URLSearchParams(form) }),
	);
}

async function now(): Promise<number> {
	return (await control('GET', 'now')).body.now;
}

async function createAt(atSeconds: number, count = 1, extra: Json = {}): Promise<Ticket[]> {
	return (await control('POST', 'tickets', { count, atSeconds, ...extra })).body.tickets;
}

const bearer = (token: string) => `Bearer ${token}`;

describe('time-based export', () => {
	it('should return tickets from an inclusive start_time and repeat the boundary second next time', async () => {
		await start();
		const t = await now();
		const [a] = await createAt(t - 300);
		const [b] = await createAt(t - 200);

		const first = await get(`/api/v2/incremental/tickets.json?start_time=${t - 300}`);
		expect(first.status).toBe(200);
		expect(ids(first)).toEqual([a.id, b.id]);
		expect(first.body.count).toBe(2);
		expect(first.body.end_time).toBe(t - 200);
		expect(first.body.end_of_stream).toBe(true);
		expect(first.body.next_page).toBe(
			`${started().url}/api/v2/incremental/tickets.json?start_time=${t - 200}`,
		);

		const again = await get(first.body.next_page);
		expect(ids(again)).toEqual([b.id]);
		expect(again.body.end_time).toBe(t - 200);
	});

	it('should keep the whole query in next_page and serve the path without .json', async () => {
		await start({ seedTickets: 30 });
		const page = await get('/api/v2/incremental/tickets?start_time=0&per_page=5&include=users');
		expect(page.status).toBe(200);
		const next = new URL(page.body.next_page);
		expect(next.origin).toBe(started().url);
		expect(next.pathname).toBe('/api/v2/incremental/tickets');
		expect(next.searchParams.get('per_page')).toBe('5');
		expect(next.searchParams.get('include')).toBe('users');
		expect(next.searchParams.get('start_time')).toBe(String(page.body.end_time));
	});

	it('should withhold the last 60 seconds and refuse a too-recent start_time with 400', async () => {
		await start();
		const t = await now();
		const [old] = await createAt(t - 120);
		await createAt(t - 30);

		const page = await get(`/api/v2/incremental/tickets.json?start_time=${t - 200}`);
		expect(ids(page)).toEqual([old.id]);
		expect(page.body.end_of_stream).toBe(true);

		for (const start of [t - 50, t + 100]) {
			const tooRecent = await get(`/api/v2/incremental/tickets.json?start_time=${start}`);
			expect(tooRecent.status).toBe(400);
			expect(tooRecent.text).toContain('StartTimeTooRecent');
			expect(tooRecent.body.description).toBe(
				'Too recent start_time. Use a start_time older than 1 minute',
			);
		}
	});

	it('should answer 422 for a too-recent start_time in the 422 style', async () => {
		await start({ tooRecentStyle: '422' });
		const res = await get(`/api/v2/incremental/tickets.json?start_time=${await now()}`);
		expect(res.status).toBe(422);
		expect(res.body).toEqual({ error: 'Too recent start_time' });
	});

	it('should refuse a request without start_time with 400', async () => {
		await start();
		const res = await get('/api/v2/incremental/tickets.json');
		expect(res.status).toBe(400);
		expect(res.body.error).toBe('InvalidValue');
	});

	it('should grow a page past per_page to include every ticket of the boundary second', async () => {
		await start();
		const t = await now();
		await createAt(t - 300, 2);
		await control('POST', 'burst', { count: 5, atSeconds: t - 200 });

		const page = await get(`/api/v2/incremental/tickets.json?start_time=0&per_page=3`);
		expect(page.body.count).toBe(7);
		expect(page.body.end_time).toBe(t - 200);
		expect(page.body.end_of_stream).toBe(true);
	});

	it('should return a whole crowded second with end_time equal to start_time when a page starts in it', async () => {
		await start();
		const t = await now();
		await control('POST', 'burst', { count: 5, atSeconds: t - 200 });
		const [later] = await createAt(t - 100);

		const page = await get(`/api/v2/incremental/tickets.json?start_time=${t - 200}&per_page=3`);
		expect(page.body.count).toBe(5);
		expect(page.body.end_time).toBe(t - 200);
		expect(page.body.end_of_stream).toBe(false);
		expect(ids(page)).not.toContain(later.id);
	});

	it('should return exactly per_page tickets with end_time equal to start_time in stuck mode', async () => {
		await start();
		const t = await now();
		await control('POST', 'burst', { count: 5, atSeconds: t - 200 });
		expect((await control('POST', 'stuck', { enabled: true })).body).toEqual({ stuck: true });

		const page = await get(`/api/v2/incremental/tickets.json?start_time=${t - 200}&per_page=3`);
		expect(page.body.count).toBe(3);
		expect(page.body.end_time).toBe(t - 200);
		expect(page.body.end_of_stream).toBe(false);
		const again = await get(page.body.next_page);
		expect(ids(again)).toEqual(ids(page));
	});

	it('should put start_time, the cutoff or null in end_time of an empty page as configured', async () => {
		await start();
		const t = await now();
		const empty = () => get(`/api/v2/incremental/tickets.json?start_time=${t - 500}`);
		const a = await empty();
		expect(a.body).toMatchObject({ count: 0, end_time: t - 500, end_of_stream: true });

		await control('POST', 'config', { emptyEndTime: 'cutoff' });
		const b = await empty();
		expect(b.body.end_time).toBeGreaterThanOrEqual(t - 60);
		expect(b.body.end_time).toBeLessThanOrEqual(t - 58);

		await control('POST', 'config', { emptyEndTime: 'null' });
		const c = await empty();
		expect(c.body.end_time).toBeNull();
		expect(new URL(c.body.next_page).searchParams.get('start_time')).toBe(String(t - 500));
	});

	it('should page through many seeded tickets and reach every exportable ticket', async () => {
		await start({ seedTickets: 2500, exportLimitPerWindow: 100 });
		const truth: TruthRow[] = (await control('GET', 'truth')).body as any;
		const seen = new Set<number>();
		let next = '/api/v2/incremental/tickets.json?start_time=0&support_type_scope=all';
		for (let i = 0; i < 10; i++) {
			const page = await get(next);
			for (const id of ids(page)) seen.add(id);
			if (page.body.end_of_stream) break;
			next = page.body.next_page;
		}
		expect(seen.size).toBe(truth.length);
	});
});

describe('cursor export', () => {
	it('should walk through a crowded second without duplicates and keep a cursor at the end', async () => {
		await start({ seedTickets: 40 });
		const t = await now();
		await control('POST', 'burst', { count: 25, atSeconds: t - 100 });
		const expected = (await get('/api/v2/incremental/tickets.json?start_time=0')).body.tickets.map(
			(x: Ticket) => x.id,
		);

		const seen: number[] = [];
		let page = await get('/api/v2/incremental/tickets/cursor.json?start_time=0&per_page=10');
		for (let i = 0; i < 20; i++) {
			expect(page.status).toBe(200);
			seen.push(...ids(page));
			if (page.body.end_of_stream) break;
			expect(new URL(page.body.after_url).searchParams.get('start_time')).toBeNull();
			page = await get(page.body.after_url);
		}
		expect(seen).toEqual(expected);
		expect(new Set(seen).size).toBe(seen.length);
		expect(page.body.after_cursor).toEqual(expect.any(String));

		const after = await get(
			`/api/v2/incremental/tickets/cursor.json?cursor=${encodeURIComponent(page.body.after_cursor)}`,
		);
		expect(after.body.tickets).toEqual([]);
		expect(after.body.end_of_stream).toBe(true);
		expect(after.body.after_cursor).toBe(page.body.after_cursor);
	});

	it('should go back one page with before_url', async () => {
		await start({ seedTickets: 30 });
		const first = await get('/api/v2/incremental/tickets/cursor.json?start_time=0&per_page=5');
		const second = await get(first.body.after_url);
		const back = await get(second.body.before_url);
		expect(ids(back)).toEqual(ids(first));
	});

	it('should answer an empty first page with no cursor and refuse a missing start_time', async () => {
		await start();
		const t = await now();
		const empty = await get(`/api/v2/incremental/tickets/cursor.json?start_time=${t - 100}`);
		expect(empty.body).toMatchObject({ tickets: [], after_cursor: null, end_of_stream: true });
		expect((await get('/api/v2/incremental/tickets/cursor.json')).status).toBe(400);
		expect((await get('/api/v2/incremental/tickets/cursor.json?cursor=garbage')).status).toBe(400);
	});

	it('should withhold the last minute from the cursor export too', async () => {
		await start();
		const t = await now();
		const [old] = await createAt(t - 120);
		await createAt(t - 10);
		const page = await get(`/api/v2/incremental/tickets/cursor.json?start_time=${t - 200}`);
		expect(ids(page)).toEqual([old.id]);
		const tooRecent = await get(`/api/v2/incremental/tickets/cursor.json?start_time=${t - 5}`);
		expect(tooRecent.status).toBe(400);
	});
});

describe('export options', () => {
	it('should sideload the users, groups, organizations, forms and metric sets of the page', async () => {
		await start({ seedTickets: 20 });
		const page = await get(
			'/api/v2/incremental/tickets.json?start_time=0&include=users,groups,organizations,metric_sets,ticket_forms,brands',
		);
		const tickets: Ticket[] = page.body.tickets;
		const userIds = new Set(page.body.users.map((u: Json) => u.id));
		for (const t of tickets) {
			expect(userIds.has(t.requester_id)).toBe(true);
			if (t.assignee_id) expect(userIds.has(t.assignee_id)).toBe(true);
		}
		expect(page.body.users[0].apiToken).toBeUndefined();
		expect(page.body.groups.map((g: Json) => g.id).sort()).toEqual(
			[...new Set(tickets.map((t) => t.group_id))].sort(),
		);
		expect(page.body.organizations.length).toBeGreaterThan(0);
		expect(page.body.ticket_forms.length).toBeGreaterThan(0);
		expect(page.body.metric_sets.map((m: Json) => m.ticket_id)).toEqual(tickets.map((t) => t.id));
		expect(page.body.brands).toBeUndefined();
	});

	it('should show deleted tickets with status deleted unless exclude_deleted=true', async () => {
		await start();
		const t = await now();
		const [a, b] = await createAt(t - 300, 2);
		const del = await control('DELETE', `tickets/${a.id}`, { atSeconds: t - 200 });
		expect(del.body.ticket.status).toBe('deleted');

		const all = await get(`/api/v2/incremental/tickets.json?start_time=0`);
		expect(all.body.tickets.map((x: Ticket) => [x.id, x.status])).toEqual([
			[b.id, 'new'],
			[a.id, 'deleted'],
		]);
		const kept = await get(`/api/v2/incremental/tickets.json?start_time=0&exclude_deleted=true`);
		expect(ids(kept)).toEqual([b.id]);
	});

	it('should filter by support_type_scope with agent as the default', async () => {
		await start();
		const t = await now();
		const [human] = await createAt(t - 300);
		const [ai] = await createAt(t - 300, 1, { supportType: 'ai_agent' });
		const q = '/api/v2/incremental/tickets.json?start_time=0';
		expect(ids(await get(q))).toEqual([human.id]);
		expect(ids(await get(`${q}&support_type_scope=agent`))).toEqual([human.id]);
		expect(ids(await get(`${q}&support_type_scope=ai_agent`))).toEqual([ai.id]);
		expect(ids(await get(`${q}&support_type_scope=all`))).toEqual([human.id, ai.id]);
		expect((await get(`${q}&support_type_scope=robots`)).status).toBe(400);
	});

	it('should seed about one ticket in ten as an AI agent ticket', async () => {
		await start({ seedTickets: 1000 });
		const all = await get('/api/v2/incremental/tickets.json?start_time=0&support_type_scope=all');
		const ai = await get(
			'/api/v2/incremental/tickets.json?start_time=0&support_type_scope=ai_agent',
		);
		expect(all.body.count).toBe(1000);
		expect(ai.body.count).toBeGreaterThan(50);
		expect(ai.body.count).toBeLessThan(150);
	});

	it('should generate realistic tickets with descriptions of the asked size', async () => {
		await start({ seedTickets: 50, descriptionBytes: 2000 });
		const page = await get('/api/v2/incremental/tickets.json?start_time=0&support_type_scope=all');
		const t: Ticket = page.body.tickets[0];
		expect(t.description).toHaveLength(2000);
		expect(t).toMatchObject({
			url: `${started().url}/api/v2/tickets/${t.id}.json`,
			subject: expect.any(String),
			requester_id: expect.any(Number),
			brand_id: expect.any(Number),
			ticket_form_id: expect.any(Number),
			via: { channel: expect.any(String) },
		});
		expect(Date.parse(t.updated_at) / 1000).toBeLessThanOrEqual(t.generated_timestamp);
		const nowS = await now();
		for (const x of page.body.tickets as Ticket[]) {
			expect(x.generated_timestamp).toBeGreaterThanOrEqual(nowS - 30 * 86400);
			expect(x.generated_timestamp).toBeLessThanOrEqual(nowS - 61);
		}
	});
});

describe('rate limits', () => {
	it('should answer 429 with Retry-After once the export window is full, with the headers', async () => {
		await start({ exportLimitPerWindow: 2, rateWindowMs: 5000 });
		const q = '/api/v2/incremental/tickets.json?start_time=0';
		const one = await get(q);
		expect(one.headers.get('zendesk-ratelimit-incremental-exports')).toMatch(
			/^total=2; remaining=1; resets=\d+$/,
		);
		expect(one.headers.get('x-rate-limit')).toBe('700');
		expect(Number(one.headers.get('x-rate-limit-remaining'))).toBeLessThan(700);
		expect(one.headers.get('ratelimit-limit')).toBe('700');
		expect(one.headers.get('ratelimit-remaining')).toEqual(expect.any(String));
		expect(one.headers.get('ratelimit-reset')).toEqual(expect.any(String));
		await get('/api/v2/incremental/tickets/cursor.json?start_time=0');

		const limited = await get(q);
		expect(limited.status).toBe(429);
		expect(limited.body.error).toBe('APIRateLimitExceeded');
		const retryAfter = Number(limited.headers.get('retry-after'));
		expect(retryAfter).toBeGreaterThanOrEqual(1);
		expect(retryAfter).toBeLessThanOrEqual(5);
		expect(limited.headers.get('zendesk-ratelimit-incremental-exports')).toMatch(
			/total=2; remaining=0; resets=[1-5]$/,
		);
		expect((await control('GET', 'stats')).body.served429).toBe(1);
	});

	it('should free a slot when the oldest request leaves the sliding window', async () => {
		await start({ exportLimitPerWindow: 1, rateWindowMs: 150 });
		const q = '/api/v2/incremental/tickets.json?start_time=0';
		expect((await get(q)).status).toBe(200);
		expect((await get(q)).status).toBe(429);
		await new Promise((r) => setTimeout(r, 200));
		expect((await get(q)).status).toBe(200);
	});

	it('should cap the sample export at 50 tickets and 10 requests per window', async () => {
		await start({ seedTickets: 200 });
		const q = '/api/v2/incremental/tickets/sample?start_time=0';
		const first = await get(q);
		expect(first.status).toBe(200);
		expect(first.body.count).toBe(50);
		for (let i = 1; i < 10; i++) expect((await get(q)).status).toBe(200);
		const limited = await get(q);
		expect(limited.status).toBe(429);
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(60);
	});
});

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

describe('faults', () => {
	const q = '/api/v2/incremental/tickets.json?start_time=0';

	it.each(['500', '502', '503', '504'])(
		'should serve a queued %s once and then answer normally',
		async (kind) => {
			await start();
			await control('POST', 'faults', { faults: [{ kind, pathContains: '/incremental/' }] });
			const faulty = await get(q);
			expect(faulty.status).toBe(Number(kind));
			expect(faulty.headers.get('content-type')).toMatch(/json/);
			expect((await get(q)).status).toBe(200);
		},
	);

	it('should serve a 429 fault with the asked Retry-After without using a rate-limit slot', async () => {
		await start({ exportLimitPerWindow: 1 });
		await control('POST', 'faults', { faults: [{ kind: '429', retryAfterSeconds: 7 }] });
		const res = await get(q);
		expect(res.status).toBe(429);
		expect(res.headers.get('retry-after')).toBe('7');
		expect(res.body.error).toBe('APIRateLimitExceeded');
		expect((await get(q)).status).toBe(200);
	});

	it('should serve an HTML 503 page', async () => {
		await start();
		await control('POST', 'faults', { faults: [{ kind: 'html503', count: 2 }] });
		for (let i = 0; i < 2; i++) {
			const res = await get(q);
			expect(res.status).toBe(503);
			expect(res.headers.get('content-type')).toMatch(/text\/html/);
			expect(res.text).toMatch(/^<!DOCTYPE html>/);
		}
		expect((await get(q)).status).toBe(200);
	});

	it('should reset the connection', async () => {
		await start();
		await control('POST', 'faults', { faults: [{ kind: 'reset' }] });
		await expect(fetch(url(q), { headers: { authorization: ADMIN } })).rejects.toThrow();
		expect((await get(q)).status).toBe(200);
	});

	it('should send a 200 page cut in half', async () => {
		await start({ seedTickets: 10 });
		await control('POST', 'faults', { faults: [{ kind: 'truncated' }] });
		const cut = await get(q);
		const whole = await get(q);
		expect(cut.status).toBe(200);
		expect(() => JSON.parse(cut.text)).toThrow();
		expect(cut.text).toBe(whole.text.slice(0, Math.floor(whole.text.length / 2)));
	});

	it('should delay a response and only hit requests whose path matches', async () => {
		await start();
		await control('POST', 'faults', {
			faults: [{ kind: 'delay', delayMs: 150, pathContains: '/cursor' }],
		});
		expect((await get(q)).status).toBe(200);
		expect((await control('GET', 'faults')).body.faults).toHaveLength(1);
		const t0 = Date.now();
		expect((await get('/api/v2/incremental/tickets/cursor.json?start_time=0')).status).toBe(200);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(145);
		expect((await control('GET', 'faults')).body.faults).toEqual([]);
		const log = (await control('GET', 'requests')).body as any as Json[];
		expect(log.map((r) => r.fault)).toEqual([undefined, 'delay']);
	});

	it('should clear queued faults', async () => {
		await start();
		await control('POST', 'faults', { faults: [{ kind: '500', count: 5 }] });
		await control('DELETE', 'faults');
		expect((await get(q)).status).toBe(200);
	});
});

describe('control API', () => {
	it('should report the truth of every ticket after updates and deletes', async () => {
		await start({ seedTickets: 5 });
		const t = await now();
		await control('PATCH', 'tickets/2', { fields: { status: 'solved' }, atSeconds: t - 100 });
		await control('DELETE', 'tickets/4', { atSeconds: t - 90 });
		const truth: TruthRow[] = (await control('GET', 'truth')).body as any;
		expect(truth.map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
		expect(truth[1]).toEqual({
			id: 2,
			generated_timestamp: t - 100,
			status: 'solved',
			updated_at: new Date((t - 100) * 1000).toISOString().replace('.000Z', 'Z'),
		});
		expect(truth[3]).toMatchObject({ status: 'deleted', generated_timestamp: t - 90 });

		const page = await get(
			`/api/v2/incremental/tickets.json?start_time=${t - 100}&support_type_scope=all`,
		);
		expect(ids(page)).toEqual([2, 4]);
	});

	it('should move only generated_timestamp on a system update', async () => {
		await start();
		const t = await now();
		const [created] = await createAt(t - 500);
		const res = await control('PATCH', `tickets/${created.id}`, {
			system: true,
			atSeconds: t - 100,
		});
		expect(res.body.ticket.generated_timestamp).toBe(t - 100);
		expect(res.body.ticket.updated_at).toBe(created.updated_at);

		const page = await get(`/api/v2/incremental/tickets.json?start_time=${t - 200}`);
		expect(ids(page)).toEqual([created.id]);
		expect(Date.parse(page.body.tickets[0].updated_at) / 1000).toBe(t - 500);
	});

	it('should export only the new version of an updated ticket', async () => {
		await start();
		const t = await now();
		const [a] = await createAt(t - 500);
		const [b] = await createAt(t - 400);
		await control('PATCH', `tickets/${a.id}`, {
			fields: { subject: 'changed' },
			atSeconds: t - 300,
		});
		const page = await get('/api/v2/incremental/tickets.json?start_time=0');
		expect(ids(page)).toEqual([b.id, a.id]);
		expect(page.body.tickets[1].subject).toBe('changed');
	});

	it('should log requests with their auth kind and user, and count them', async () => {
		await start();
		await get('/api/v2/users/me.json', ADMIN);
		await get('/api/v2/incremental/tickets.json?start_time=0', null);
		const token = (await control('POST', 'oauth/issue', {})).body.access_token;
		await get('/api/v2/incremental/tickets.json?start_time=0', bearer(token));
		const log = (await control('GET', 'requests')).body as any as Json[];
		expect(log.map((r) => [r.method, r.path, r.auth, r.user, r.status])).toEqual([
			['GET', '/api/v2/users/me.json', 'basic', 'admin@example.com', 200],
			['GET', '/api/v2/incremental/tickets.json', 'none', null, 401],
			['GET', '/api/v2/incremental/tickets.json', 'bearer', 'admin@example.com', 200],
		]);
		expect(log[1].query).toEqual({ start_time: '0' });
		const stats = (await control('GET', 'stats')).body;
		expect(stats.byEndpoint).toEqual({ users_me: 1, tickets: 2 });
		await control('DELETE', 'requests');
		expect((await control('GET', 'requests')).body).toEqual([]);
	});

	it('should re-seed on reset', async () => {
		await start({ seedTickets: 5 });
		await createAt(100);
		const res = await control('POST', 'reset', { seedTickets: 12 });
		expect(res.body.tickets).toBe(12);
		expect(((await control('GET', 'truth')).body as any).length).toBe(12);
	});

	it('should change options at run time and refuse unknown ones', async () => {
		await start({ exportLimitPerWindow: 1 });
		const q = '/api/v2/incremental/tickets.json?start_time=0';
		await get(q);
		expect((await get(q)).status).toBe(429);
		const cfg = await control('POST', 'config', { exportLimitPerWindow: 5 });
		expect(cfg.body.exportLimitPerWindow).toBe(5);
		expect((await get(q)).status).toBe(200);
		expect((await control('POST', 'config', { port: 1 })).status).toBe(400);
		expect((await control('POST', 'config', { emptyEndTime: 'later' })).status).toBe(400);
	});
});

describe('CLI', () => {
	it('should print one JSON line with the url and exit on SIGTERM', async () => {
		const script = path.join(__dirname, '..', 'zendesk-stand-in', 'server.js');
		const child = spawn(process.execPath, [
			script,
			'--port',
			'0',
			'--seed',
			'20',
			'--export-limit',
			'3',
		]);
		let out = '';
		child.stdout.on('data', (d: Buffer) => (out += d.toString()));
		await new Promise<void>((resolve, reject) => {
			child.stdout.on('data', () => out.includes('\n') && resolve());
			child.on('exit', (code) => reject(new Error(`exited ${code}`)));
		});
		const { url: cliUrl } = JSON.parse(out.trim());
		expect(cliUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		const page = await reply(
			await fetch(`${cliUrl}/api/v2/incremental/tickets.json?start_time=0&support_type_scope=all`, {
				headers: { authorization: ADMIN },
			}),
		);
		expect(page.body.count).toBe(20);
		expect(page.headers.get('zendesk-ratelimit-incremental-exports')).toMatch(/^total=3;/);
		const code = await new Promise<number | null>((resolve) => {
			child.removeAllListeners('exit');
			child.on('exit', (c) => resolve(c));
			child.kill('SIGTERM');
		});
		expect(code).toBe(0);
		expect(out.trim().split('\n')).toHaveLength(1);
	});
});
