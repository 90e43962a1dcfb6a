import {
	LIST_MAX_RECORDS,
	ListTooLongError,
	runListPoll,
	sampleListItem,
	suspendedTicketsKind,
	type SeenSinceState,
} from '../../../nodes/ZendeskExportTrigger/engine/lists';
import type { ExportRecord } from '../../../nodes/ZendeskExportTrigger/engine';
import { listDeps, OffsetListSource } from '../../helpers/scripted-list-source';

const NOW = 1_800_000_000;
const kind = suspendedTicketsKind({ simplify: false });
const at = (seconds: number) => new Date(seconds * 1000).toISOString();
const suspended = (id: number, seconds: number): ExportRecord => ({
	id,
	subject: `Suspended ${id}`,
	cause: 'Detected as spam',
	author: { id: null, name: 'Sender', email: 'sender@example.org' },
	content: 'Hello',
	ticket_id: null,
	created_at: at(seconds),
});
/** Newest first, as `sort_by=created_at&sort_order=desc` lists them. */
const newestFirst = (records: ExportRecord[]) =>
	[...records].sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)));
const ids = (items: Array<Record<string, unknown>>) => items.map((item) => item.id);
const NOW_START = { seconds: NOW, emitListed: false };

async function poll(state: SeenSinceState | undefined, records: ExportRecord[], pageSize = 100) {
	const source = new OffsetListSource(newestFirst(records), pageSize);
	const outcome = await runListPoll(
		kind,
		state,
		{ maxItemsPerPoll: 1000, start: NOW_START },
		listDeps(source),
	);
	return { ...outcome, source };
}

describe('New Suspended Ticket on the list strategy', () => {
	it('should only record what is listed at the first poll when Start From is Now', async () => {
		const first = await poll(undefined, [suspended(1, NOW - 10), suspended(2, NOW)]);
		expect(first.items).toEqual([]);
		const second = await poll(first.state, [suspended(1, NOW - 10), suspended(2, NOW)]);
		expect(second.items).toEqual([]);
	});

	it('should emit a suspended ticket the first time it is listed, and only then', async () => {
		const first = await poll(undefined, []);
		const listed = [suspended(5, NOW + 30)];
		const second = await poll(first.state, listed);
		expect(ids(second.items)).toEqual([5]);
		const third = await poll(second.state, [...listed, suspended(6, NOW + 90)]);
		expect(ids(third.items)).toEqual([6]);
	});

	it('should emit what is listed since Start Date at the first tick when Start From is a date', async () => {
		const source = new OffsetListSource(
			newestFirst([suspended(1, NOW - 500), suspended(2, NOW - 50)]),
			100,
		);
		const start = { seconds: NOW - 100, emitListed: true };
		const settings = { maxItemsPerPoll: 1000, start };
		const first = await runListPoll(kind, undefined, settings, listDeps(source));
		expect(first.items).toEqual([]);
		const second = await runListPoll(kind, first.state, settings, listDeps(source));
		expect(ids(second.items)).toEqual([2]);
	});

	it('should not emit anything when a suspended ticket is recovered or deleted, and keep its id until the floor passes it', async () => {
		const first = await poll(undefined, []);
		const second = await poll(first.state, [suspended(5, NOW + 30), suspended(6, NOW + 31)]);
		const third = await poll(second.state, [suspended(6, NOW + 31)]);
		expect(third.items).toEqual([]);
		expect(third.state.seen.map(([key]) => key)).toEqual(['5', '6']);
	});

	it('should stop reading at the first page that reaches below the floor', async () => {
		const first = await poll(undefined, []);
		const old = Array.from({ length: 6 }, (_, i) => suspended(100 + i, NOW - 7200 - i));
		const fresh = [1, 2, 3].map((id) => suspended(id, NOW + 60 + id));
		const second = await poll(first.state, [...fresh, ...old], 2);
		expect(ids(second.items)).toEqual([1, 2, 3]);
		expect(second.source.requests).toEqual([null, '2']);
	});

	it('should leave the state untouched when a page fails part way through the read', async () => {
		const first = await poll(undefined, []);
		const listed = newestFirst([1, 2, 3, 4].map((id) => suspended(id, NOW + id)));
		const source = new OffsetListSource(listed, 2).failOn(1);
		const settings = { maxItemsPerPoll: 1000, start: NOW_START };
		await expect(runListPoll(kind, first.state, settings, listDeps(source))).rejects.toThrow(
			'scripted page failure',
		);
		const retried = await poll(first.state, listed, 2);
		expect(ids(retried.items)).toEqual([1, 2, 3, 4]);
	});

	it('should keep what Max Items per Poll held back for the next poll, oldest first', async () => {
		const first = await poll(undefined, []);
		// Ticket 3 is hours newer: the floor trailing it by an hour must not pass ticket 2, which waits.
		const listed = [suspended(1, NOW + 10), suspended(2, NOW + 20), suspended(3, NOW + 10_000)];
		const source = new OffsetListSource(newestFirst(listed), 100);
		const settings = { maxItemsPerPoll: 1, start: NOW_START };
		const emitted = [];
		let state = first.state;
		for (let n = 0; n < 3; n++) {
			const outcome = await runListPoll(kind, state, settings, listDeps(source));
			emitted.push(...ids(outcome.items));
			state = outcome.state;
		}
		expect(emitted).toEqual([1, 2, 3]);
	});

	it('should keep at most the bounded number of seen ids, raising the floor above older ones', async () => {
		const count = LIST_MAX_RECORDS + 5;
		const listed = Array.from({ length: count }, (_, i) => suspended(i + 1, NOW + 1 + i));
		const first = await poll(undefined, []);
		const kindWithRoom = { ...kind, maxRecords: count };
		const source = new OffsetListSource(newestFirst(listed), 100);
		const settings = { maxItemsPerPoll: count, start: NOW_START };
		const second = await runListPoll(kindWithRoom, first.state, settings, listDeps(source));
		expect(second.items).toHaveLength(count);
		expect(second.state.seen.length).toBeLessThanOrEqual(LIST_MAX_RECORDS);
		const third = await runListPoll(kindWithRoom, second.state, settings, listDeps(source));
		expect(third.items).toEqual([]);
	});

	it('should fail with a clear error when more than the most records are listed above the floor', async () => {
		const listed = Array.from({ length: LIST_MAX_RECORDS + 1 }, (_, i) =>
			suspended(i + 1, NOW + 1 + i),
		);
		const first = await poll(undefined, []);
		await expect(poll(first.state, listed)).rejects.toThrow(ListTooLongError);
	});

	it('should refuse a saved state it cannot read instead of guessing', () => {
		expect(kind.parseState({ floorSeconds: 'soon', seen: [] })).toEqual({
			ok: false,
			problem: 'its floor is "soon", not a time',
		});
		expect(kind.parseState({ floorSeconds: NOW, seen: [['1', NOW]] })).toEqual({
			ok: true,
			state: { floorSeconds: NOW, seen: [['1', NOW]] },
		});
		expect(kind.parseState({ floorSeconds: NOW, seen: ['1'] })).toMatchObject({ ok: false });
	});

	it('should show the newest suspended ticket as the test event, simplified', async () => {
		const simplified = suspendedTicketsKind({
			simplify: true,
			siteUrl: 'https://acme.zendesk.com',
		});
		const source = new OffsetListSource(
			newestFirst([suspended(1, NOW), suspended(2, NOW + 5)]),
			100,
		);
		const item = await sampleListItem(simplified, source, NOW * 1000 + 60_000);
		expect(item).toMatchObject({
			id: 2,
			cause: 'Detected as spam',
			author_email: 'sender@example.org',
			content_preview: 'Hello',
			agent_url: 'https://acme.zendesk.com/agent/filters/suspended',
		});
	});
});
