/**
 * The stand-in's ticket exports: time-based (inclusive start_time, the withheld minute, crowded
 * seconds, pages) and cursor-based.
 */
import type { Ticket, TruthRow } from '../zendesk-stand-in/server';
import { ids } from '../helpers/stand-in-client';
import { standInUnderTest } from './stand-in-support';

const { start, started, get, control, now, createAt } = standInUnderTest();

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
