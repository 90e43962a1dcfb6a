/**
 * The stand-in's GET /incremental/ticket_metric_events and /__control/sla/: the documented answer
 * (no end_of_stream, next_page on every page, admins only, the export budget), a breach written
 * ahead of time or listed only when due, a met target withdrawing it, and the truth.
 */
import { basic, standInPerTest, type Json } from '../helpers/stand-in-client';

const START_MS = 1_893_456_000_000; // 2030-01-01, on a virtual clock
const NOW = START_MS / 1000;
const AGENT = basic('agent@example.com/token', 'agent-api-token');

const { start, get, control } = standInPerTest({ clock: 'virtual', virtualStartMs: START_MS });
const page = (startTime: number, authorization?: string) =>
	get(`/api/v2/incremental/ticket_metric_events.json?start_time=${startTime}`, authorization);
const types = (body: Json) => body.ticket_metric_events.map((e: Json) => e.type);

describe('ticket metric events export', () => {
	it('should answer with count, end_time and a next_page but no end_of_stream', async () => {
		await start();
		await control('POST', 'sla/apply', { ticketId: 7, atSeconds: NOW - 600, targetMinutes: 60 });
		const answer = await page(NOW - 700);
		expect(answer.status).toBe(200);
		expect(types(answer.body)).toEqual(['activate', 'apply_sla', 'breach']);
		expect(answer.body).not.toHaveProperty('end_of_stream');
		expect(answer.body.count).toBe(3);
		expect(answer.body.end_time).toBe(NOW - 600);
		expect(answer.body.next_page).toContain(`start_time=${NOW - 600}`);
		const [, applied, breach] = answer.body.ticket_metric_events;
		expect(applied.sla.policy.title).toBe('Standard SLA');
		expect(breach).toMatchObject({
			ticket_id: 7,
			metric: 'reply_time',
			instance_id: 1,
			deleted: false,
		});
		expect(breach.time).toBe(new Date((NOW + 3000) * 1000).toISOString().replace('.000Z', 'Z'));
	});

	it('should page 100 events at a time, and the rest of the last second', async () => {
		const s = await start();
		for (let i = 0; i < 40; i++) {
			await control('POST', 'sla/apply', { ticketId: 100 + i, atSeconds: NOW - 900 + i });
		}
		const first = await page(NOW - 1000);
		// Three events a second: 100 ends inside a second, which the page then finishes.
		expect(first.body.count).toBe(102);
		expect(s.config.metricEventsPageSize).toBe(100);
	});

	it('should refuse an agent with 403', async () => {
		await start();
		expect((await page(NOW - 700, AGENT)).status).toBe(403);
	});

	it('should list a breach only at its time when slaBreachListing is due', async () => {
		const s = await start({ slaBreachListing: 'due' });
		await control('POST', 'sla/apply', { ticketId: 7, atSeconds: NOW - 200, targetMinutes: 5 });
		expect(types((await page(NOW - 300)).body)).toEqual(['activate', 'apply_sla']);
		s.clock.advanceBy(200_000);
		expect(types((await page(NOW - 300)).body)).toEqual(['activate', 'apply_sla', 'breach']);
	});

	it('should withdraw a breach ahead of a fulfilment, in place or listed again', async () => {
		await start({ slaWithdrawal: 'relisted' });
		await control('POST', 'sla/apply', { ticketId: 7, atSeconds: NOW - 600 });
		const met = await control('POST', 'sla/fulfil', { ticketId: 7, atSeconds: NOW - 300 });
		expect(met.body.withdrawn).toHaveLength(1);
		const answer = await page(NOW - 400);
		expect(answer.body.ticket_metric_events.map((e: Json) => [e.type, e.deleted])).toEqual([
			['breach', true],
			['fulfill', undefined],
		]);
	});

	it('should give as truth the breaches that happened, not the withdrawn or those ahead', async () => {
		const s = await start();
		await control('POST', 'sla/apply', { ticketId: 1, atSeconds: NOW - 600, targetMinutes: 5 });
		await control('POST', 'sla/apply', { ticketId: 2, atSeconds: NOW - 600, targetMinutes: 5 });
		await control('POST', 'sla/apply', { ticketId: 3, atSeconds: NOW - 600, targetMinutes: 60 });
		await control('POST', 'sla/fulfil', { ticketId: 2, atSeconds: NOW - 500 });
		const truth = (await control('GET', 'sla/truth')).body;
		expect(truth.happened.map((e: Json) => e.ticket_id)).toEqual([1]);
		expect(truth.withdrawn.map((e: Json) => e.ticket_id)).toEqual([2]);
		expect(truth.ahead.map((e: Json) => e.ticket_id)).toEqual([3]);
		await control('POST', 'reset', {});
		expect((await control('GET', 'sla/truth')).body.happened).toEqual([]);
		expect(s.config.slaBreachListing).toBe('written');
	});
});
