import type { Ticket, TruthRow } from '../zendesk-stand-in/server';
import { ids, standInPerTest } from '../helpers/stand-in-client';

/** 2030-01-01T00:00:00Z: far from the real time, so a test that read Date.now() would fail. */
const START_MS = 1_893_456_000_000;
const START_S = START_MS / 1000;

const { start, get, control } = standInPerTest({
	clock: 'virtual',
	virtualStartMs: START_MS,
});

const timeExport = (start: number, extra = '') =>
	get(`/api/v2/incremental/tickets.json?start_time=${start}${extra}`);

describe('virtual clock', () => {
	it('should start at virtualStartMs and move only when a test moves it', async () => {
		const s = await start();
		expect(s.clock.mode).toBe('virtual');
		expect(s.clock.nowMs()).toBe(START_MS);
		expect(s.store.now()).toBe(START_S);
		await new Promise((r) => setTimeout(r, 30));
		expect(s.clock.nowMs()).toBe(START_MS);

		expect(s.clock.advanceBy(1500)).toBe(START_MS + 1500);
		expect(s.clock.advanceTo(START_MS + 1000)).toBe(START_MS + 1500); // never backwards
		expect(s.clock.advanceTo(START_MS + 10_000)).toBe(START_MS + 10_000);
		expect(() => s.clock.advanceBy(-1)).toThrow();

		const read = await control('GET', 'clock');
		expect(read.body).toMatchObject({
			clock: 'virtual',
			nowMs: START_MS + 10_000,
			now: START_S + 10,
			cutoff: START_S + 10 - 60,
		});
		const moved = await control('POST', 'clock', { advanceMs: 5000 });
		expect(moved.body.nowMs).toBe(START_MS + 15_000);
		const to = await control('POST', 'clock', { nowMs: START_MS + 60_000 });
		expect(to.body.now).toBe(START_S + 60);
		expect((await control('GET', 'now')).body.now).toBe(START_S + 60);
		expect((await control('POST', 'clock', {})).status).toBe(400);
		expect((await control('POST', 'clock', { advanceMs: -5 })).status).toBe(400);
	});

	it('should make a ticket created at now-30 exportable after advancing the clock 40 s', async () => {
		const s = await start();
		const [ticket] = s.store.createTickets({ atSeconds: START_S - 30 });
		const before = await timeExport(START_S - 100);
		expect(before.body.count).toBe(0);

		s.clock.advanceBy(40_000);
		const after = await timeExport(START_S - 100);
		expect(ids(after)).toEqual([ticket.id]);
		expect(after.body.tickets[0].generated_timestamp).toBe(START_S - 30);
		expect(after.body.end_of_stream).toBe(true);
	});

	it('should count a 429 Retry-After down with the virtual clock and refill the window on advance', async () => {
		const s = await start({ exportLimitPerWindow: 2 });
		expect((await timeExport(0)).status).toBe(200);
		s.clock.advanceBy(20_000);
		expect((await timeExport(0)).status).toBe(200);

		const limited = await timeExport(0);
		expect(limited.status).toBe(429);
		// The first request leaves the 60 s window 40 s from now.
		expect(limited.headers.get('retry-after')).toBe('40');
		expect(limited.headers.get('zendesk-ratelimit-incremental-exports')).toBe(
			'total=2; remaining=0; resets=40',
		);

		s.clock.advanceBy(15_000);
		const later = await timeExport(0);
		expect(later.status).toBe(429);
		expect(later.headers.get('retry-after')).toBe('25');

		s.clock.advanceBy(25_000);
		const refilled = await timeExport(0);
		expect(refilled.status).toBe(200);
		expect(refilled.headers.get('zendesk-ratelimit-incremental-exports')).toBe(
			'total=2; remaining=0; resets=20',
		);
		s.clock.advanceBy(60_000);
		expect((await timeExport(0)).headers.get('zendesk-ratelimit-incremental-exports')).toBe(
			'total=2; remaining=1; resets=60',
		);
	});

	it('should expire a bearer token on the virtual clock', async () => {
		const s = await start();
		const pair = (await control('POST', 'oauth/issue', { expiresInSeconds: 120 })).body;
		const bearer = `Bearer ${pair.access_token}`;
		expect((await get('/api/v2/incremental/tickets.json?start_time=0', bearer)).status).toBe(200);
		s.clock.advanceBy(121_000);
		const expired = await get('/api/v2/incremental/tickets.json?start_time=0', bearer);
		expect(expired.status).toBe(401);
		expect(expired.body.error).toBe('invalid_token');
	});

	it('should apply future-dated changes only when the clock reaches them', async () => {
		const s = await start();
		const [old] = s.store.createTickets({ atSeconds: START_S - 500 });
		const [future] = s.store.createTickets({ atSeconds: START_S + 100 });
		s.store.updateTicket(old.id, { atSeconds: START_S + 200, fields: { status: 'open' } });
		s.store.updateTicket(future.id, { atSeconds: START_S + 300, system: true });
		s.store.deleteTicket(old.id, { atSeconds: START_S + 400 });
		// A backdated change is applied at once.
		const [backdated] = s.store.createTickets({ atSeconds: START_S - 400 });
		expect(s.store.scheduledInfo()).toEqual({ scheduled: 4, nextAtSeconds: START_S + 100 });

		const versionsAt = async (t: number) => {
			s.clock.advanceTo(t * 1000);
			const page = await timeExport(0);
			return page.body.tickets.map((x: Ticket) => [x.id, x.generated_timestamp, x.status]);
		};
		expect(await versionsAt(START_S)).toEqual([
			[old.id, START_S - 500, 'new'],
			[backdated.id, START_S - 400, 'new'],
		]);
		// The creation at +100 is due at +100 but exportable only from +160.
		expect(await versionsAt(START_S + 159)).toHaveLength(2);
		expect((await control('GET', `tickets/${future.id}`)).status).toBe(200);
		expect(await versionsAt(START_S + 160)).toEqual([
			[old.id, START_S - 500, 'new'],
			[backdated.id, START_S - 400, 'new'],
			[future.id, START_S + 100, 'new'],
		]);
		// The old ticket's first version stays exported until its update is past the cutoff.
		expect(await versionsAt(START_S + 265)).toEqual([
			[backdated.id, START_S - 400, 'new'],
			[future.id, START_S + 100, 'new'],
			[old.id, START_S + 200, 'open'],
		]);
		expect(await versionsAt(START_S + 500)).toEqual([
			[backdated.id, START_S - 400, 'new'],
			[future.id, START_S + 300, 'new'],
			[old.id, START_S + 400, 'deleted'],
		]);
		const truth = (await control('GET', 'truth')).body as unknown as TruthRow[];
		expect(truth.map((r) => [r.id, r.generated_timestamp, r.status])).toEqual([
			[old.id, START_S + 400, 'deleted'],
			[future.id, START_S + 300, 'new'],
			[backdated.id, START_S - 400, 'new'],
		]);
		expect(s.store.scheduledInfo().scheduled).toBe(0);
	});

	it('should not know a ticket whose creation is still scheduled', async () => {
		const s = await start();
		const [future] = s.store.createTickets({ atSeconds: START_S + 100 });
		expect((await control('GET', `tickets/${future.id}`)).status).toBe(404);
		expect(s.store.updateTicket(future.id, { atSeconds: START_S })).toBeNull();
		expect((await control('GET', 'truth')).body).toEqual([]);
		const scheduled = await control('POST', 'tickets', { atSeconds: START_S + 50 });
		expect(scheduled.body.tickets[0].id).toBe(future.id + 1);
		expect((await control('GET', 'now')).body.scheduled).toBe(2);
	});

	it('should export a scheduled burst of 1650 changes in one second once the clock passes it', async () => {
		const s = await start({ seedTickets: 50 });
		const at = START_S + 30;
		s.store.burst({ count: 1650, atSeconds: at });
		s.store.burst({ count: 40, atSeconds: at, mode: 'update' });
		const before = await timeExport(START_S - 200);
		expect(before.body.tickets.every((t: Ticket) => t.generated_timestamp < at)).toBe(true);

		s.clock.advanceBy(91_000);
		const page = await timeExport(at, '&support_type_scope=all');
		expect(page.body.count).toBe(1690); // one page: the crowded second grows past per_page
		expect(page.body.end_time).toBe(at);
		expect(page.body.end_of_stream).toBe(true);
		const truth = (await control('GET', 'truth')).body as unknown as TruthRow[];
		expect(truth.filter((r) => r.generated_timestamp === at)).toHaveLength(1690);

		const cursor = await get(
			`/api/v2/incremental/tickets/cursor.json?start_time=${at}&support_type_scope=all`,
		);
		expect(cursor.body.tickets).toHaveLength(1000);
		const rest = await get(cursor.body.after_url);
		expect(rest.body.tickets).toHaveLength(690);
		expect(rest.body.end_of_stream).toBe(true);
	});

	it('should keep the real clock as the default and let it be advanced', async () => {
		const standIn = await start({ clock: 'real', virtualStartMs: null });
		expect(standIn.clock.mode).toBe('real');
		const before = Date.now();
		expect(standIn.clock.nowMs()).toBeGreaterThanOrEqual(before);
		expect(standIn.clock.nowMs()).toBeLessThan(before + 1000);
		standIn.clock.advanceBy(3_600_000);
		expect(standIn.store.now()).toBeGreaterThanOrEqual(Math.floor(before / 1000) + 3600);
		expect((await control('GET', 'clock')).body.clock).toBe('real');
	});
});
