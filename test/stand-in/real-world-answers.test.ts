/**
 * Shapes real Zendesk answers take, switched on in the stand-in: ticket JSON, rate limits, cursor
 * pages and 401 bodies. (Defaults, time-based and replayed pages: real-world-shapes.)
 */
import type { Ticket, TruthRow } from '../zendesk-stand-in/server';
import { basic, ids, type Json } from '../helpers/stand-in-client';
import { NOW, realWorldStandIn, ticketsAt } from './real-world-shapes-support';

const { start, get, control, setConfig, timeExport, cursorStart } = realWorldStandIn();

describe('real-world shapes: ticket JSON', () => {
	it('should serve generated_timestamp as a numeric string or not at all, in the same order', async () => {
		const s = await start({ generatedTimestampStyle: 'string' });
		const [a, b] = ticketsAt(s, 300, 200);
		const asString = await timeExport(0);
		expect(ids(asString)).toEqual([a.id, b.id]);
		expect(asString.body.tickets.map((t: Json) => t.generated_timestamp)).toEqual([
			String(NOW - 300),
			String(NOW - 200),
		]);
		expect(asString.body.end_time).toBe(NOW - 200);
		const cursor = await cursorStart(0);
		expect(cursor.body.tickets[0].generated_timestamp).toBe(String(NOW - 300));

		await setConfig({ generatedTimestampStyle: 'missing' });
		const missing = await timeExport(0);
		expect(ids(missing)).toEqual([a.id, b.id]);
		expect(missing.body.tickets.some((t: Json) => 'generated_timestamp' in t)).toBe(false);
		expect(missing.body.end_time).toBe(NOW - 200);
		// The control API still shows the truth.
		expect((await control('GET', `tickets/${a.id}`)).body.ticket.generated_timestamp).toBe(
			NOW - 300,
		);
	});

	it('should serve a per-ticket generated_timestamp override while the index keeps the real time', async () => {
		const s = await start();
		const [a] = ticketsAt(s, 300);
		const created = await control('POST', 'tickets', {
			atSeconds: NOW - 200,
			fields: { generated_timestamp: 12345, subject: 'odd' },
		});
		const odd: Ticket = created.body.tickets[0];
		expect(odd.generated_timestamp).toBe(NOW - 200);
		const [c] = ticketsAt(s, 100);
		const page = await timeExport(NOW - 250);
		expect(ids(page)).toEqual([odd.id, c.id]); // still at its real second, not at 12345
		expect(page.body.tickets[0].generated_timestamp).toBe(12345);
		expect(page.body.tickets[0].subject).toBe('odd');
		expect(ids(await timeExport(0))).toEqual([a.id, odd.id, c.id]);
		const truth = (await control('GET', 'truth')).body as unknown as TruthRow[];
		expect(truth.find((r) => r.id === odd.id)!.generated_timestamp).toBe(NOW - 200);

		// servedFields on an update: any served value, for that version only.
		await control('PATCH', `tickets/${a.id}`, {
			atSeconds: NOW - 90,
			servedFields: { generated_timestamp: 'soon', updated_at: null },
		});
		const updated = await timeExport(NOW - 95);
		expect(ids(updated)).toEqual([a.id]);
		expect(updated.body.tickets[0].generated_timestamp).toBe('soon');
		expect(updated.body.tickets[0].updated_at).toBeNull();
		await control('PATCH', `tickets/${a.id}`, { atSeconds: NOW - 80 });
		expect((await timeExport(NOW - 85)).body.tickets[0].generated_timestamp).toBe(NOW - 80);
	});
});

describe('real-world shapes: rate limits', () => {
	it('should serve a bare 429 fault without Retry-After', async () => {
		await start();
		await control('POST', 'faults', { faults: [{ kind: '429', retryAfter: 'none' }] });
		const res = await timeExport(0);
		expect(res.status).toBe(429);
		expect(res.body.error).toBe('APIRateLimitExceeded');
		expect(res.headers.has('retry-after')).toBe(false);
		expect(res.headers.has('zendesk-ratelimit-incremental-exports')).toBe(false);
		expect((await timeExport(0)).status).toBe(200);
	});

	it('should send one Retry-After line holding a list with retryAfterHeader', async () => {
		await start();
		await control('POST', 'faults', { faults: [{ kind: '429', retryAfterHeader: '50, 47' }] });
		const res = await timeExport(0);
		expect(res.status).toBe(429);
		expect(res.headers.get('retry-after')).toBe('50, 47');
		expect(res.headers.get('zendesk-ratelimit-incremental-exports')).toBe(
			'total=10; remaining=0; resets=50',
		);
	});

	it("should leave Retry-After out of the limiter's own 429 with rateLimitRetryAfter none", async () => {
		const s = await start({ exportLimitPerWindow: 1, rateLimitRetryAfter: 'none' });
		expect((await timeExport(0)).status).toBe(200);
		s.clock.advanceBy(13_000);
		const limited = await timeExport(0);
		expect(limited.status).toBe(429);
		expect(limited.headers.has('retry-after')).toBe(false);
		expect(limited.headers.get('zendesk-ratelimit-incremental-exports')).toBe(
			'total=1; remaining=0; resets=47',
		);
		await setConfig({ rateLimitRetryAfter: 'seconds' });
		expect((await timeExport(0)).headers.get('retry-after')).toBe('47');
	});

	it('should give the cursor export its own window and header with cursorExportLimitPerWindow', async () => {
		const s = await start({ exportLimitPerWindow: 1, cursorExportLimitPerWindow: 2 });
		const one = await cursorStart(0);
		expect(one.status).toBe(200);
		expect(one.headers.get('zendesk-ratelimit-incremental-exports-cursor')).toBe(
			'total=2; remaining=1; resets=60',
		);
		expect(one.headers.has('zendesk-ratelimit-incremental-exports')).toBe(false);
		s.clock.advanceBy(10_000);
		expect((await cursorStart(0)).status).toBe(200);
		const limited = await cursorStart(0);
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('50');
		expect(limited.headers.get('zendesk-ratelimit-incremental-exports-cursor')).toBe(
			'total=2; remaining=0; resets=50',
		);
		// The time-based export still has its own (untouched) budget of one.
		const time = await timeExport(0);
		expect(time.status).toBe(200);
		expect(time.headers.get('zendesk-ratelimit-incremental-exports')).toBe(
			'total=1; remaining=0; resets=60',
		);
		// Off (the default): the cursor shares the export budget and sends no cursor header.
		await setConfig({ cursorExportLimitPerWindow: 0 });
		const shared = await cursorStart(0);
		expect(shared.status).toBe(429);
		expect(shared.headers.has('zendesk-ratelimit-incremental-exports-cursor')).toBe(false);
	});
});

describe('real-world shapes: cursor pages', () => {
	it('should alternate between two after_cursor values forever with alternatingCursors', async () => {
		const s = await start({ alternatingCursors: true });
		const [a, b] = ticketsAt(s, 300, 200);
		const first = await cursorStart(0);
		expect(ids(first)).toEqual([a.id, b.id]);
		expect(first.body.end_of_stream).toBe(false);
		const seen: string[] = [first.body.after_cursor];
		let page = first;
		for (let i = 0; i < 5; i++) {
			page = await get(page.body.after_url);
			expect(page.status).toBe(200);
			expect(ids(page)).toEqual([a.id, b.id]);
			expect(page.body.end_of_stream).toBe(false);
			seen.push(page.body.after_cursor);
		}
		const [x, y] = seen;
		expect(x).not.toBe(y);
		expect(seen).toEqual([x, y, x, y, x, y]);
		await setConfig({ alternatingCursors: false });
		const real = await get(page.body.after_url);
		expect(real.body.end_of_stream).toBe(true);
	});
});

describe('real-world shapes: 401 bodies', () => {
	it('should quote the API token or bearer back in a 401 with echoSecretsIn401', async () => {
		const s = await start({ echoSecretsIn401: true });
		const wrong = await get(
			'/api/v2/incremental/tickets.json?start_time=0',
			basic('admin@example.com/token', 's3cret'),
		);
		expect(wrong.status).toBe(401);
		expect(wrong.body).toEqual({
			error: "Couldn't authenticate you",
			details: 'token s3cret for admin@example.com',
			access_token: 's3cret',
		});
		const bearer = await get('/api/v2/incremental/tickets.json?start_time=0', 'Bearer tok-123');
		expect(bearer.status).toBe(401);
		expect(bearer.body).toMatchObject({
			error: "Couldn't authenticate you",
			details: 'token tok-123 for ',
			access_token: 'tok-123',
		});
		const pair = (await control('POST', 'oauth/issue', { expiresInSeconds: 60 })).body;
		s.clock.advanceBy(61_000);
		const expired = await get(
			'/api/v2/incremental/tickets.json?start_time=0',
			`Bearer ${pair.access_token}`,
		);
		expect(expired.status).toBe(401);
		expect(expired.body.details).toBe(`token ${pair.access_token} for admin@example.com`);
		const me = await get('/api/v2/users/me.json', 'Bearer tok-456');
		expect(me.status).toBe(401);
		expect(me.body.access_token).toBe('tok-456');

		await setConfig({ echoSecretsIn401: false });
		const quiet = await get(
			'/api/v2/incremental/tickets.json?start_time=0',
			basic('admin@example.com/token', 's3cret'),
		);
		expect(quiet.body).toEqual({ error: "Couldn't authenticate you" });
		expect(quiet.text).not.toContain('s3cret');
	});
});
