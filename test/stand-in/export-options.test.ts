/**
 * The stand-in's export options (sideloads, deleted tickets, support_type_scope, seeded shapes)
 * and its rate limits.
 */

import type { Ticket } from '../zendesk-stand-in/server';
import { ids, type Json } from '../helpers/stand-in-client';
import { standInUnderTest } from './stand-in-support';

const { start, started, get, control, now, createAt } = standInUnderTest();

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
