/**
 * The stand-in's lookups, users/show_many and tickets/show_many: the calls the New Comment trigger
 * makes to learn a comment author's role and the comment's ticket. They must show the same users
 * and tickets the exports show, and spend the account-wide budget, never the export window.
 */
import { basic, standInPerTest, type Json, type Reply } from '../helpers/stand-in-client';

const START_MS = 1_893_456_000_000; // 2030-01-01, on a virtual clock
const NOW = START_MS / 1000;
const AGENT = basic('agent@example.com/token', 'agent-api-token');

const { start, get, control } = standInPerTest({ clock: 'virtual', virtualStartMs: START_MS });

const showUsers = (ids: string, auth?: string | null) =>
	get(`/api/v2/users/show_many.json?ids=${ids}`, auth);
const showTickets = (ids: string, auth?: string | null) =>
	get(`/api/v2/tickets/show_many.json?ids=${ids}`, auth);
const idsOf = (r: Reply, key: string): number[] => r.body[key].map((x: Json) => x.id);

describe('GET /api/v2/users/show_many', () => {
	it('should return the seeded users asked for, each with its role, as the users export shows them', async () => {
		await start();
		const found = await showUsers('1001,1002,2001');
		expect(found.status).toBe(200);
		expect(Object.keys(found.body)).toEqual(['users']);
		expect(found.body.users.map((u: Json) => [u.id, u.role, u.email])).toEqual([
			[1001, 'admin', 'admin@example.com'],
			[1002, 'agent', 'agent@example.com'],
			[2001, 'end-user', 'customer1@example.org'],
		]);
		const exported = (await get('/api/v2/incremental/users.json?start_time=0')).body.users;
		const byId = new Map(exported.map((u: Json) => [u.id, u]));
		expect(found.body.users).toEqual([byId.get(1001), byId.get(1002), byId.get(2001)]);
		expect(found.text).not.toContain('api-token');
	});

	it('should include a user created via control and reflect its later update', async () => {
		await start();
		const made = await control('POST', 'users', { fields: { role: 'agent', name: 'Nia' } });
		const id = made.body.users[0].id;
		expect((await showUsers(String(id))).body.users).toEqual([
			expect.objectContaining({ id, role: 'agent', name: 'Nia', active: true }),
		]);
		await control('PATCH', `users/${id}`, { fields: { role: 'end-user', name: 'Nia B' } });
		expect((await showUsers(`${id}`)).body.users).toEqual([
			expect.objectContaining({ id, role: 'end-user', name: 'Nia B' }),
		]);
	});

	it('should not show a user change scheduled for later until the clock reaches it', async () => {
		const s = await start();
		s.store.updateUser(2002, { fields: { role: 'agent' }, atSeconds: NOW + 100 });
		expect((await showUsers('2002')).body.users[0].role).toBe('end-user');
		s.clock.advanceBy(100_000);
		expect((await showUsers('2002')).body.users[0].role).toBe('agent');
	});

	it('should return a soft-deleted user with active false', async () => {
		await start();
		await control('DELETE', 'users/2003', {});
		expect((await showUsers('2003')).body.users).toEqual([
			expect.objectContaining({ id: 2003, role: 'end-user', active: false }),
		]);
	});

	it('should leave unknown ids out and answer each known id once', async () => {
		await start();
		expect(idsOf(await showUsers('2001,424242,1002,2001'), 'users')).toEqual([2001, 1002]);
		const none = await showUsers('424242');
		expect(none.status).toBe(200);
		expect(none.body).toEqual({ users: [] });
	});

	it('should answer 400 InvalidValue when ids is missing, empty or not numbers', async () => {
		await start();
		for (const path of [
			'/api/v2/users/show_many.json',
			'/api/v2/users/show_many.json?ids=',
			'/api/v2/users/show_many.json?ids=1001,abc',
			'/api/v2/tickets/show_many.json',
		]) {
			const r = await get(path);
			expect([path, r.status, r.body.error]).toEqual([path, 400, 'InvalidValue']);
		}
	});

	it('should answer 400 InvalidValue for more than 100 ids and accept exactly 100', async () => {
		await start();
		const hundred = Array.from({ length: 100 }, (_, i) => 2001 + i);
		const ok = await showUsers(hundred.join(','));
		expect(ok.status).toBe(200);
		expect(ok.body.users).toHaveLength(40); // 2001..2040 exist, the rest are unknown
		const tooMany = await showUsers([...hundred, 2101].join(','));
		expect(tooMany.status).toBe(400);
		expect(tooMany.body).toEqual({ error: 'InvalidValue', description: expect.any(String) });
		expect((await showTickets([...hundred, 2101].join(','))).status).toBe(400);
	});

	it('should answer 401 without credentials or with a wrong token, on both endpoints', async () => {
		await start({ seedTickets: 1 });
		for (const r of [
			await showUsers('1001', null),
			await showUsers('1001', basic('admin@example.com/token', 'wrong')),
			await showTickets('1', null),
		]) {
			expect(r.status).toBe(401);
			expect(r.body).toEqual({ error: "Couldn't authenticate you" });
		}
	});

	it('should let an agent look up users and tickets and refuse an end-user with 403', async () => {
		await start({ seedTickets: 1 });
		expect(idsOf(await showUsers('1001', AGENT), 'users')).toEqual([1001]);
		expect(idsOf(await showTickets('1', AGENT), 'tickets')).toEqual([1]);
		const token = (await control('POST', 'oauth/issue', { email: 'customer1@example.org' })).body
			.access_token;
		expect((await showUsers('1001', `Bearer ${token}`)).status).toBe(403);
	});
});

describe('GET /api/v2/tickets/show_many', () => {
	it('should return each ticket as currently changed and leave deleted ones out', async () => {
		const s = await start();
		const [a, b, c] = s.store.createTickets({ count: 3, atSeconds: NOW - 300 });
		s.store.updateTicket(a.id, { fields: { subject: 'changed' }, atSeconds: NOW - 200 });
		s.store.deleteTicket(b.id, { atSeconds: NOW - 100 });
		// Not yet exportable (inside the withheld minute), but a lookup sees it at once.
		s.store.updateTicket(c.id, { fields: { status: 'open' }, atSeconds: NOW - 10 });
		const r = await showTickets(`${a.id},${b.id},${c.id},999`);
		expect(r.status).toBe(200);
		expect(Object.keys(r.body)).toEqual(['tickets']);
		expect(r.body.tickets.map((t: Json) => [t.id, t.subject, t.status])).toEqual([
			[a.id, 'changed', 'new'],
			[c.id, c.subject, 'open'],
		]);
	});

	it('should build a seeded ticket as the export does, without generated_timestamp', async () => {
		await start({ seedTickets: 3 });
		const exported = (await get('/api/v2/incremental/tickets.json?start_time=0')).body.tickets;
		const live = exported.filter((t: Json) => t.status !== 'deleted');
		const r = await showTickets(live.map((t: Json) => t.id).join(','));
		const expected = live.map(({ generated_timestamp: _gts, ...rest }: Json) => rest);
		expect(r.body.tickets).toEqual(expected);
		expect(r.body.tickets[0]).not.toHaveProperty('generated_timestamp');
	});
});

describe('show_many: request log, stats, rate limits and faults', () => {
	it('should be counted in stats byEndpoint and logged under its endpoint name', async () => {
		await start({ seedTickets: 1 });
		await showUsers('1001');
		await showUsers('1002');
		await showTickets('1');
		const stats = (await control('GET', 'stats')).body;
		expect(stats.byEndpoint).toEqual({ users_show_many: 2, tickets_show_many: 1 });
		const log = (await control('GET', 'requests')).body as unknown as Json[];
		expect(log.map((e) => [e.endpoint, e.path, e.query, e.user, e.status])).toEqual([
			[
				'users_show_many',
				'/api/v2/users/show_many.json',
				{ ids: '1001' },
				'admin@example.com',
				200,
			],
			[
				'users_show_many',
				'/api/v2/users/show_many.json',
				{ ids: '1002' },
				'admin@example.com',
				200,
			],
			[
				'tickets_show_many',
				'/api/v2/tickets/show_many.json',
				{ ids: '1' },
				'admin@example.com',
				200,
			],
		]);
	});

	it('should take an account-window slot and no export slot', async () => {
		await start({ seedTickets: 1, exportLimitPerWindow: 1, accountLimitPerMinute: 3 });
		const first = await showUsers('1001');
		expect(first.headers.get('x-rate-limit-remaining')).toBe('2');
		expect(first.headers.get('zendesk-ratelimit-incremental-exports')).toBeNull();
		expect((await showTickets('1')).headers.get('x-rate-limit-remaining')).toBe('1');
		expect((await control('GET', 'stats')).body.exportWindow.remaining).toBe(1);
		expect((await get('/api/v2/incremental/tickets.json?start_time=0')).status).toBe(200);
		const limited = await showUsers('1001');
		expect(limited.status).toBe(429);
		expect(limited.body.error).toBe('APIRateLimitExceeded');
	});

	it('should be served a queued fault, before auth, as users/me is', async () => {
		await start();
		await control('POST', 'faults', { kind: '503', pathContains: 'show_many' });
		const faulted = await showUsers('1001', null);
		expect(faulted.status).toBe(503);
		expect((await showUsers('1001')).status).toBe(200);
		const stats = (await control('GET', 'stats')).body;
		expect(stats.faultsServed).toEqual({ 503: 1 });
	});
});
