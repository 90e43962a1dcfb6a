/**
 * The stand-in's GET /incremental/ticket_events: paging, the withheld minute, inclusive start_time,
 * same-second overflow, the export budget it shares with the other time exports, and the truth a
 * trigger test checks against. The shapes are in events-shapes.test.ts.
 */
import type { StandIn } from '../zendesk-stand-in/server';
import { standInPerTest, type Json } from '../helpers/stand-in-client';

const START_MS = 1_893_456_000_000; // 2030-01-01, on a virtual clock
const NOW = START_MS / 1000;
const TOO_RECENT = 'Too recent start_time. Use a start_time older than 1 minute';

const { start, get, control } = standInPerTest({ clock: 'virtual', virtualStartMs: START_MS });

const events = (startTime: number, extra = '') =>
	get(`/api/v2/incremental/ticket_events.json?start_time=${startTime}${extra}`);

/** One ticket created long ago, so its Create audit is out of the way of the test's own events. */
function oldTicket(s: StandIn) {
	return s.store.createTickets({ atSeconds: NOW - 3000 })[0];
}

describe('ticket events export: paging', () => {
	it('should page 1000 audits at a time in time order and withhold the most recent minute', async () => {
		const s = await start();
		const t0 = NOW - 5000;
		for (let i = 0; i < 1200; i++) s.store.createTickets({ atSeconds: t0 + i });
		const [late] = s.store.createTickets({ atSeconds: NOW - 30 });

		const first = await events(t0, '&per_page=5000');
		expect(first.status).toBe(200);
		expect(first.body.count).toBe(1000);
		expect(first.body.end_of_stream).toBe(false);
		const stamps = first.body.ticket_events.map((e: Json) => e.timestamp);
		expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
		expect(first.body.end_time).toBe(t0 + 999);
		expect(first.body.next_page).toContain(`start_time=${t0 + 999}`);

		const second = await events(first.body.end_time);
		expect(second.body.count).toBe(201); // the boundary second again, then the other 200
		expect(second.body.end_of_stream).toBe(true);
		const ticketIds = second.body.ticket_events.map((e: Json) => e.ticket_id);
		expect(ticketIds).not.toContain(late.id);

		s.clock.advanceBy(31_000);
		const later = await events(NOW - 100);
		expect(later.body.ticket_events.map((e: Json) => e.ticket_id)).toEqual([late.id]);
	});

	it('should include an audit stamped exactly at start_time', async () => {
		const s = await start();
		const [t] = s.store.createTickets({ atSeconds: NOW - 200 });
		const page = await events(NOW - 200);
		expect(page.body.ticket_events.map((e: Json) => e.ticket_id)).toEqual([t.id]);
		expect((await events(NOW - 199)).body.count).toBe(0);
	});

	it('should refuse a too-recent start_time with the ticket export answer', async () => {
		await start();
		const refused = await events(NOW - 59);
		expect(refused.status).toBe(400);
		expect(refused.body).toEqual({ error: 'StartTimeTooRecent', description: TOO_RECENT });
		expect((await events(NOW - 60)).status).toBe(200);
		expect((await get('/api/v2/incremental/ticket_events.json')).status).toBe(400);
	});

	it('should return every audit of a second that holds more than 1000 of them in one page', async () => {
		const s = await start();
		const at = NOW - 500;
		s.store.createTickets({ atSeconds: at - 1 });
		s.store.burst({ count: 1200, atSeconds: at });
		s.store.createTickets({ atSeconds: at + 1 });

		const grown = await events(at - 1);
		expect(grown.body.count).toBe(1201);
		expect(grown.body.end_time).toBe(at);
		expect(grown.body.end_of_stream).toBe(false);
		const crowded = await events(at);
		expect(crowded.body.count).toBe(1200);
		expect(crowded.body.end_time).toBe(at);
	});

	it('should accept support_type_scope and answer the path without .json', async () => {
		const s = await start();
		oldTicket(s);
		const all = await events(0, '&support_type_scope=all');
		expect(all.body.count).toBe(1);
		expect((await get('/api/v2/incremental/ticket_events?start_time=0')).body.count).toBe(1);
	});
});

describe('ticket events export: rate limit and truth', () => {
	it('should spend one 10-a-minute budget across tickets, ticket events, users and organizations', async () => {
		await start();
		const paths = [
			'/api/v2/incremental/tickets.json?start_time=0',
			'/api/v2/incremental/ticket_events.json?start_time=0',
		];
		const headers: string[] = [];
		for (let i = 0; i < 8; i++) {
			const r = await get(paths[i % 2]);
			expect(r.status).toBe(200);
			headers.push(r.headers.get('zendesk-ratelimit-incremental-exports')!);
		}
		expect(headers[7]).toBe('total=10; remaining=2; resets=60');
		expect((await get('/api/v2/incremental/users.json?start_time=0')).status).toBe(200);
		expect((await get('/api/v2/incremental/organizations.json?start_time=0')).status).toBe(200);
		const limited = await events(0);
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('60');
		expect((await get(paths[0])).status).toBe(429);
	});

	it('should list every comment and field change with the time it became exportable', async () => {
		const s = await start();
		const t = oldTicket(s);
		const made = s.store.addComment(t.id, {
			atSeconds: NOW - 30,
			fields: { status: 'pending', tags: ['vip'] },
			public: false,
		})!;
		const truth = (await control('GET', 'truth/events')).body;
		const comment = truth.comments.find((c: Json) => c.id === made.commentId);
		expect(comment).toMatchObject({
			audit_id: made.auditId,
			ticket_id: t.id,
			public: false,
			timestamp: NOW - 30,
			exportableAtSeconds: NOW + 30,
		});
		const changed = truth.changes.filter((c: Json) => c.audit_id === made.auditId);
		expect(changed.map((c: Json) => [c.field, c.value, c.previous_value])).toEqual([
			['status', 'pending', 'new'],
			['tags', ['vip'], t.tags],
		]);
		// A trigger that pages the export and dedupes by (event id, field) sees each exactly once.
		s.clock.advanceBy(30_000);
		const seen = new Map<string, number>();
		let from = 0;
		for (;;) {
			const page = await events(from, '&include=comment_events&per_page=3');
			for (const audit of page.body.ticket_events) {
				for (const c of audit.child_events) seen.set(String(c.id), audit.id);
			}
			if (page.body.end_of_stream) break;
			from = page.body.end_time;
		}
		const expected = [...truth.comments, ...truth.changes].map((r: Json) => String(r.id));
		expect([...seen.keys()].sort()).toEqual(expected.sort());
		expect(await control('GET', 'truth/nothing')).toMatchObject({ status: 400 });
	});
});
