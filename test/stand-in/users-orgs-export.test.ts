/**
 * The stand-in's user exports (time-based and cursor) and organization export (time-based only):
 * placement by updated_at, soft deletes, the cursor export's own rate budget, and the truth.
 */
import { standInPerTest, type Json, type Reply } from '../helpers/stand-in-client';

const START_MS = 1_893_456_000_000; // 2030-01-01, on a virtual clock
const NOW = START_MS / 1000;
/** The seeded account: 2 staff, 40 end-users, 5 organizations, all updated 400+ days ago. */
const ACCOUNT_USERS = 42;
const ACCOUNT_ORGANIZATIONS = 5;

const { start, get, control } = standInPerTest({ clock: 'virtual', virtualStartMs: START_MS });

const usersTime = (startTime: number, extra = '') =>
	get(`/api/v2/incremental/users.json?start_time=${startTime}${extra}`);
const usersCursor = (query: string) => get(`/api/v2/incremental/users/cursor.json?${query}`);
const orgs = (startTime: number, extra = '') =>
	get(`/api/v2/incremental/organizations.json?start_time=${startTime}${extra}`);
const idsOf = (r: Reply, key: string): number[] => r.body[key].map((x: Json) => x.id);

describe('users export (time-based)', () => {
	it('should serve the seeded account and place each user once, by its latest updated_at', async () => {
		const s = await start();
		const all = await usersTime(0);
		expect(all.status).toBe(200);
		expect(all.body.count).toBe(ACCOUNT_USERS);
		expect(Object.keys(all.body).sort()).toEqual(
			['count', 'end_of_stream', 'end_time', 'next_page', 'users'].sort(),
		);
		const [made] = s.store.createUsers({ atSeconds: NOW - 900, fields: { name: 'Nia' } });
		s.store.updateUser(2001, { atSeconds: NOW - 800, fields: { name: 'Renamed' } });
		s.store.updateUser(made.id, { atSeconds: NOW - 700, fields: { role: 'agent' } });

		const recent = await usersTime(NOW - 900);
		expect(idsOf(recent, 'users')).toEqual([2001, made.id]);
		expect(recent.body.users[1]).toMatchObject({
			name: 'Nia',
			role: 'agent',
			created_at: new Date((NOW - 900) * 1000).toISOString().replace('.000', ''),
			updated_at: new Date((NOW - 700) * 1000).toISOString().replace('.000', ''),
			active: true,
			suspended: false,
			organization_id: null,
			email: expect.stringContaining('@'),
		});
		expect(recent.body.end_time).toBe(NOW - 700);
		expect((await usersTime(0)).body.count).toBe(ACCOUNT_USERS + 1);
	});

	it('should include a user updated exactly at start_time and withhold the last minute', async () => {
		const s = await start();
		const [a] = s.store.createUsers({ atSeconds: NOW - 300 });
		const [b] = s.store.createUsers({ atSeconds: NOW - 30 });
		expect(idsOf(await usersTime(NOW - 300), 'users')).toEqual([a.id]);
		expect((await usersTime(NOW - 59)).status).toBe(400);
		s.clock.advanceBy(31_000);
		expect(idsOf(await usersTime(NOW - 300), 'users')).toEqual([a.id, b.id]);
	});

	it('should show a soft-deleted user with active false', async () => {
		const s = await start();
		s.store.deleteUser(2002, { atSeconds: NOW - 300 });
		const page = await usersTime(NOW - 300);
		expect(page.body.users).toEqual([expect.objectContaining({ id: 2002, active: false })]);
	});

	it('should return every user of a second that holds more than 1000 of them in one page', async () => {
		const s = await start();
		s.store.createUsers({ count: 1100, atSeconds: NOW - 300 });
		const page = await usersTime(NOW - 300);
		expect(page.body.count).toBe(1100);
		expect(page.body.end_time).toBe(NOW - 300);
	});
});

describe('users export (cursor)', () => {
	it('should page strictly after its cursor with no duplicates and reach the end', async () => {
		const s = await start();
		const made = s.store.createUsers({ count: 5, atSeconds: NOW - 300 });
		s.store.updateUser(made[0].id, { atSeconds: NOW - 200 });
		const seen: number[] = [];
		let page = await usersCursor(`start_time=${NOW - 300}&per_page=2`);
		expect(Object.keys(page.body).sort()).toEqual(
			['after_cursor', 'after_url', 'before_cursor', 'before_url', 'end_of_stream', 'users'].sort(),
		);
		const decoded = Buffer.from(page.body.after_cursor, 'base64').toString('utf8');
		expect(decoded).toBe(`${NOW - 300}.0||${made[2].id}|`);
		for (;;) {
			seen.push(...idsOf(page, 'users'));
			if (page.body.end_of_stream) break;
			page = await get(page.body.after_url);
		}
		expect(seen).toEqual([...made.slice(1).map((u) => u.id), made[0].id]);

		const idle = await usersCursor(`cursor=${encodeURIComponent(page.body.after_cursor)}`);
		expect(idle.body.users).toEqual([]);
		expect(idle.body.after_cursor).toBe(page.body.after_cursor);
		expect(idle.body.end_of_stream).toBe(true);
	});

	it('should go back one page with before_url and refuse a bad cursor', async () => {
		const s = await start();
		const made = s.store.createUsers({ count: 4, atSeconds: NOW - 300 });
		const first = await usersCursor(`start_time=${NOW - 300}&per_page=2`);
		const second = await get(first.body.after_url);
		const back = await get(second.body.before_url);
		expect(idsOf(back, 'users')).toEqual([made[0].id, made[1].id]);
		expect((await usersCursor('cursor=bm9wZQ==')).status).toBe(400);
	});

	it('should use its own 20-a-minute bucket, not the time exports budget', async () => {
		await start({ exportLimitPerWindow: 1 });
		expect((await usersTime(0)).status).toBe(200);
		expect((await usersTime(0)).status).toBe(429);
		let last: Reply | undefined;
		for (let i = 0; i < 20; i++) {
			last = await usersCursor('start_time=0');
			expect(last.status).toBe(200);
		}
		expect(last!.headers.get('zendesk-ratelimit-incremental-exports-cursor')).toBe(
			'total=20; remaining=0; resets=60',
		);
		expect(last!.headers.get('zendesk-ratelimit-incremental-exports')).toBeNull();
		const limited = await usersCursor('start_time=0');
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('60');
	});

	it('should share the export budget when usersCursorExportLimitPerWindow is 0', async () => {
		await start({ exportLimitPerWindow: 2, usersCursorExportLimitPerWindow: 0 });
		expect((await usersCursor('start_time=0')).status).toBe(200);
		expect((await orgs(0)).status).toBe(200);
		expect((await usersCursor('start_time=0')).status).toBe(429);
	});
});

describe('organizations export (time-based)', () => {
	it('should serve organizations by updated_at, deleted ones with deleted_at', async () => {
		const s = await start();
		const all = await orgs(0);
		expect(all.body.count).toBe(ACCOUNT_ORGANIZATIONS);
		expect(all.body.organizations[0]).toHaveProperty('deleted_at', null);
		const [made] = s.store.createOrganizations({ atSeconds: NOW - 400, fields: { name: 'Wayne' } });
		s.store.deleteOrganization(3002, { atSeconds: NOW - 300 });
		const recent = await orgs(NOW - 400);
		expect(idsOf(recent, 'organizations')).toEqual([made.id, 3002]);
		expect(recent.body.organizations[1].deleted_at).toBe(recent.body.organizations[1].updated_at);
		expect(recent.body.organizations[0]).toMatchObject({ name: 'Wayne', deleted_at: null });
		expect((await get('/api/v2/incremental/organizations/cursor.json?start_time=0')).status).toBe(
			404,
		);
	});
});

describe('users and organizations: control API, seeds and truth', () => {
	it('should create, update, soft-delete and read users and organizations over HTTP', async () => {
		await start();
		const created = await control('POST', 'users', { count: 2, atSeconds: NOW - 500 });
		const id = created.body.users[0].id;
		expect(created.body.users).toHaveLength(2);
		const patched = await control('PATCH', `users/${id}`, {
			fields: { email: 'new@example.org' },
			atSeconds: NOW - 400,
		});
		expect(patched.body.user.email).toBe('new@example.org');
		expect(
			(await control('DELETE', `users/${id}`, { atSeconds: NOW - 300 })).body.user.active,
		).toBe(false);
		expect((await control('GET', `users/${id}`)).body.user.active).toBe(false);
		expect((await control('GET', 'users/99999')).status).toBe(404);

		const org = (await control('POST', 'organizations', { atSeconds: NOW - 500 })).body
			.organizations[0];
		await control('PATCH', `organizations/${org.id}`, { fields: { notes: 'x' } });
		const gone = await control('DELETE', `organizations/${org.id}`, {});
		expect(gone.body.organization).toMatchObject({ notes: 'x', deleted_at: expect.any(String) });
	});

	it('should seed extra users and organizations, and reset back to the seeded account', async () => {
		const s = await start({ seedUsers: 30, seedOrganizations: 7 });
		expect((await usersTime(0)).body.count).toBe(ACCOUNT_USERS + 30);
		expect((await orgs(0)).body.count).toBe(ACCOUNT_ORGANIZATIONS + 7);
		s.store.updateUser(2001, { fields: { name: 'Changed' } });
		s.store.createUsers({ count: 3 });
		await control('POST', 'reset', {});
		expect((await usersTime(0)).body.count).toBe(ACCOUNT_USERS + 30);
		expect(s.store.getUser(2001)!.name).toBe('Customer 1');
	});

	it('should list every user and organization version with when it became exportable', async () => {
		const s = await start();
		const [u] = s.store.createUsers({ atSeconds: NOW - 500 });
		s.store.updateUser(u.id, { atSeconds: NOW - 20 });
		s.store.updateUser(u.id, { atSeconds: NOW + 100 }); // scheduled: not in the truth yet
		s.store.deleteOrganization(3003, { atSeconds: NOW - 10 });

		const users = (await control('GET', 'truth/users')).body.filter((r: Json) => r.id === u.id);
		expect(users).toEqual([
			// Replaced in the same second it could first have been served: never exportable.
			expect.objectContaining({ exportableAtSeconds: null, supersededAtSeconds: NOW }),
			expect.objectContaining({ exportableAtSeconds: NOW + 40, supersededAtSeconds: null }),
		]);
		const orgTruth = (await control('GET', 'truth/organizations')).body.filter(
			(r: Json) => r.id === 3003,
		);
		expect(orgTruth.map((r: Json) => r.deleted_at === null)).toEqual([true, false]);

		s.clock.advanceBy(200_000);
		const later = s.store.peopleTruth('users').filter((r) => r.id === u.id);
		expect(later.map((r) => r.updated_at)).toEqual([
			new Date((NOW - 500) * 1000).toISOString().replace('.000', ''),
			new Date((NOW - 20) * 1000).toISOString().replace('.000', ''),
			new Date((NOW + 100) * 1000).toISOString().replace('.000', ''),
		]);
		expect(later[2].exportableAtSeconds).toBe(NOW + 160);
		expect(idsOf(await usersTime(NOW + 100), 'users')).toEqual([u.id]);
	});
});
