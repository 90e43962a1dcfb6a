/**
 * Shapes real Zendesk answers take, switched on in the stand-in: the defaults, time-based pages
 * and replayed pages. (Ticket JSON, rate limits, cursor pages and 401 bodies: real-world-answers.)
 */
import { DEFAULTS } from '../zendesk-stand-in/server';
import type { Ticket } from '../zendesk-stand-in/server';
import { ids, type Json } from '../helpers/stand-in-client';
import {
	NOW,
	TOO_RECENT,
	YEAR_3000,
	realWorldStandIn,
	ticketsAt,
} from './real-world-shapes-support';

const { start, started, control, setConfig, timeExport, cursorStart } = realWorldStandIn();

describe('real-world shapes: defaults', () => {
	it('should have every shape switch off by default and accept them at run time', async () => {
		expect(DEFAULTS).toMatchObject({
			clock: 'real',
			cursorExportLimitPerWindow: 0,
			rateLimitRetryAfter: 'seconds',
			tooRecentStyle: '400',
			omitEndOfStream: false,
			generatedTimestampStyle: 'number',
			endTimeSkewSeconds: 0,
			futureEndTime: false,
			replayPreviousPage: false,
			sameTimePageForEveryStart: false,
			alternatingCursors: false,
			echoSecretsIn401: false,
		});
		await start();
		const all = {
			cursorExportLimitPerWindow: 3,
			rateLimitRetryAfter: 'none',
			tooRecentStyle: '422-text',
			omitEndOfStream: true,
			generatedTimestampStyle: 'missing',
			endTimeSkewSeconds: 5,
			futureEndTime: true,
			replayPreviousPage: true,
			sameTimePageForEveryStart: true,
			alternatingCursors: true,
			echoSecretsIn401: true,
		};
		expect((await setConfig(all)).body).toMatchObject(all);
		expect((await setConfig({ omitEndOfStream: 'yes' })).status).toBe(400);
		expect((await setConfig({ generatedTimestampStyle: 'date' })).status).toBe(400);
		expect((await setConfig({ clock: 'real' })).status).toBe(400);
	});
});

describe('real-world shapes: time-based pages', () => {
	it('should leave end_of_stream out of time-based pages with omitEndOfStream', async () => {
		const s = await start({ omitEndOfStream: true });
		ticketsAt(s, 300, 200);
		const page = await timeExport(0);
		expect(page.status).toBe(200);
		expect(page.body.count).toBe(2);
		expect('end_of_stream' in page.body).toBe(false);
		expect(page.body.end_time).toBe(NOW - 200);
		await setConfig({ omitEndOfStream: false });
		expect((await timeExport(0)).body.end_of_stream).toBe(true);
	});

	it('should answer a too-recent start_time with text/plain 422 or 400 in the text styles', async () => {
		await start({ tooRecentStyle: '422-text' });
		const t422 = await timeExport(NOW - 30);
		expect(t422.status).toBe(422);
		expect(t422.headers.get('content-type')).toMatch(/^text\/plain/);
		expect(t422.text).toBe(TOO_RECENT);

		await setConfig({ tooRecentStyle: '400-text' });
		const t400 = await cursorStart(NOW + 10);
		expect(t400.status).toBe(400);
		expect(t400.headers.get('content-type')).toMatch(/^text\/plain/);
		expect(t400.text).toBe(TOO_RECENT);
	});

	it('should skew end_time past the last ticket on a page that is not end_of_stream', async () => {
		await start({ endTimeSkewSeconds: 7 });
		const s = started();
		const [a, b] = ticketsAt(s, 300, 200);
		ticketsAt(s, 100);
		const first = await timeExport(0, '&per_page=2');
		expect(ids(first)).toEqual([a.id, b.id]);
		expect(first.body.end_of_stream).toBe(false);
		expect(first.body.end_time).toBe(NOW - 200 + 7);
		expect(new URL(first.body.next_page).searchParams.get('start_time')).toBe(String(NOW - 193));
		// The last page is not skewed.
		const last = await timeExport(NOW - 100);
		expect(last.body.end_of_stream).toBe(true);
		expect(last.body.end_time).toBe(NOW - 100);
	});

	it('should put year 3000 in end_time of the last page with futureEndTime', async () => {
		const s = await start({ futureEndTime: true });
		ticketsAt(s, 300, 200);
		const notLast = await timeExport(0, '&per_page=1');
		expect(notLast.body.end_time).toBe(NOW - 300);
		const last = await timeExport(0);
		expect(last.body.end_of_stream).toBe(true);
		expect(last.body.end_time).toBe(YEAR_3000);
		expect(new URL(last.body.next_page).searchParams.get('start_time')).toBe(String(YEAR_3000));
		const empty = await timeExport(NOW - 100);
		expect(empty.body.count).toBe(0);
		expect(empty.body.end_time).toBe(YEAR_3000);
	});

	it('should serve a ticket dated in the future when it is created with visibleNow', async () => {
		const s = await start();
		const [past] = ticketsAt(s, 300);
		const res = await control('POST', 'tickets', { atSeconds: YEAR_3000, visibleNow: true });
		const future: Ticket = res.body.tickets[0];
		s.store.createTickets({ atSeconds: NOW + 500 }); // an ordinary future change: not served
		const page = await timeExport(0);
		expect(ids(page)).toEqual([past.id, future.id]);
		expect(page.body.tickets[1].generated_timestamp).toBe(YEAR_3000);
		expect(page.body.end_time).toBe(YEAR_3000);
		expect(page.body.end_of_stream).toBe(true);
		const cursor = await cursorStart(0);
		expect(ids(cursor)).toEqual([past.id, future.id]);
		// Asking from there is too recent, as it would be.
		expect((await timeExport(YEAR_3000)).status).toBe(400);
	});

	it('should answer every time-based request with the same page with sameTimePageForEveryStart', async () => {
		const s = await start();
		const [a, b] = ticketsAt(s, 300, 200);
		await setConfig({ sameTimePageForEveryStart: true });
		const first = await timeExport(NOW - 300, '&per_page=1');
		expect(ids(first)).toEqual([a.id]);
		expect(first.body.end_of_stream).toBe(false);
		for (const startTime of [first.body.end_time, NOW - 200, 0, NOW - 10]) {
			const again = await timeExport(startTime);
			expect(again.status).toBe(200);
			expect(again.text).toBe(first.text);
		}
		// Turned off and on again, it holds the next first answer.
		await setConfig({ sameTimePageForEveryStart: false });
		await setConfig({ sameTimePageForEveryStart: true });
		const fresh = await timeExport(NOW - 200);
		expect(ids(fresh)).toEqual([b.id]);
		expect(fresh.body.end_of_stream).toBe(false);
		expect((await timeExport(0)).text).toBe(fresh.text);
	});
});

describe('real-world shapes: replayed pages', () => {
	it('should answer with the previous time-based page with replayPreviousPage', async () => {
		const s = await start();
		const [a, b, c] = ticketsAt(s, 300, 200, 100);
		const first = await timeExport(0, '&per_page=1');
		expect(ids(first)).toEqual([a.id]);
		await setConfig({ replayPreviousPage: true });
		const second = await timeExport(first.body.end_time + 1, '&per_page=1');
		expect(second.text).toBe(first.text); // ticket a, older than the asked start_time
		const third = await timeExport(NOW - 100);
		expect(ids(third)).toEqual([b.id]); // the answer the second request should have had
		await setConfig({ replayPreviousPage: false });
		expect(ids(await timeExport(NOW - 100))).toEqual([c.id]);
	});

	it('should serve a replay fault with the exact body of the last time-based answer', async () => {
		const s = await start();
		const [a] = ticketsAt(s, 300);
		const [b] = ticketsAt(s, 200);
		const first = await timeExport(0, '&per_page=1');
		expect(ids(first)).toEqual([a.id]);
		await control('POST', 'faults', { faults: [{ kind: 'replay', pathContains: 'start_time' }] });
		const replayed = await timeExport(NOW - 200);
		expect(replayed.status).toBe(200);
		expect(replayed.text).toBe(first.text);
		expect(ids(await timeExport(NOW - 200))).toEqual([b.id]);
		const log = (await control('GET', 'requests')).body as unknown as Json[];
		expect(log.map((r) => r.fault)).toEqual([undefined, 'replay', undefined]);
	});
});
