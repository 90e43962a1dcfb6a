/** The stand-in's scripted faults, its control API, and its CLI. */
import { spawn } from 'node:child_process';
import * as path from 'node:path';

import type { TruthRow } from '../zendesk-stand-in/server';
import { ADMIN, ids, reply, type Json } from '../helpers/stand-in-client';
import { bearer, standInUnderTest } from './stand-in-support';

const { start, url, get, control, now, createAt } = standInUnderTest();

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
