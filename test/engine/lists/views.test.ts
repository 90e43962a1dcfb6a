import {
	ListTooLongError,
	runListPoll,
	viewTicketsKind,
	type MembershipState,
} from '../../../nodes/ZendeskExportTrigger/engine/lists';
import type { ExportRecord } from '../../../nodes/ZendeskExportTrigger/engine';
import { listDeps, OffsetListSource } from '../../helpers/scripted-list-source';

const ticket = (id: number): ExportRecord => ({ id, subject: `Ticket ${id}`, status: 'open' });
const kind = viewTicketsKind({ viewId: 77, emitLeft: true }, { simplify: false });
const events = (items: Array<Record<string, unknown>>) =>
	items.map((item) =>
		item.event === 'left'
			? `left ${String(item.ticket_id)}`
			: `entered ${String((item.ticket as ExportRecord).id)}`,
	);
const START = { seconds: 0, emitListed: false };

async function poll(state: MembershipState | undefined, ids: number[], maxItemsPerPoll = 1000) {
	const source = new OffsetListSource(ids.map(ticket), 2);
	return await runListPoll(kind, state, { maxItemsPerPoll, start: START }, listDeps(source));
}

describe('Ticket Entered View on the list strategy', () => {
	it('should only record who is in the view at the first poll', async () => {
		const first = await poll(undefined, [1, 2, 3]);
		expect(first.items).toEqual([]);
		expect(first.state.memberIds).toEqual([1, 2, 3]);
	});

	it('should emit an entry once for a ticket that entered the view', async () => {
		const first = await poll(undefined, [1]);
		const second = await poll(first.state, [2, 1]);
		expect(events(second.items)).toEqual(['entered 2']);
		const third = await poll(second.state, [2, 1]);
		expect(third.items).toEqual([]);
	});

	it('should emit left only when two complete reads in a row miss the ticket', async () => {
		const first = await poll(undefined, [1, 2]);
		const second = await poll(first.state, [1]);
		expect(second.items).toEqual([]);
		expect(second.state.suspectIds).toEqual([2]);
		const third = await poll(second.state, [1]);
		expect(events(third.items)).toEqual(['left 2']);
	});

	it('should keep a ticket one read skipped (the pages shifted) without an exit or a new entry', async () => {
		const first = await poll(undefined, [1, 2, 3]);
		const skipped = await poll(first.state, [1, 3]);
		const back = await poll(skipped.state, [1, 2, 3]);
		expect([...skipped.items, ...back.items]).toEqual([]);
		expect(back.state).toEqual({ memberIds: [1, 2, 3], suspectIds: [] });
	});

	it('should emit a new entry for a ticket that left and came back', async () => {
		let state = (await poll(undefined, [1, 2])).state;
		state = (await poll(state, [1])).state;
		const left = await poll(state, [1]);
		const back = await poll(left.state, [2, 1]);
		expect([...events(left.items), ...events(back.items)]).toEqual(['left 2', 'entered 2']);
	});

	it('should not emit left when the option is off, yet count a return as an entry', async () => {
		const quiet = viewTicketsKind({ viewId: 77, emitLeft: false }, { simplify: false });
		const run = (state: MembershipState | undefined, ids: number[]) =>
			runListPoll(
				quiet,
				state,
				{ maxItemsPerPoll: 10, start: START },
				listDeps(new OffsetListSource(ids.map(ticket), 5)),
			);
		let state = (await run(undefined, [1, 2])).state;
		state = (await run(state, [1])).state;
		const gone = await run(state, [1]);
		const back = await run(gone.state, [1, 2]);
		expect([...events(gone.items), ...events(back.items)]).toEqual(['entered 2']);
	});

	it('should count a ticket listed twice in one read (pages shifted down) as one entry', async () => {
		const first = await poll(undefined, []);
		const second = await poll(first.state, [5, 6, 6]);
		expect(events(second.items)).toEqual(['entered 5', 'entered 6']);
	});

	it('should hold back entries past Max Items per Poll for the next poll', async () => {
		const first = await poll(undefined, []);
		const second = await poll(first.state, [1, 2, 3], 2);
		const third = await poll(second.state, [1, 2, 3], 2);
		expect([...events(second.items), ...events(third.items)]).toEqual([
			'entered 1',
			'entered 2',
			'entered 3',
		]);
	});

	it('should fail with a clear error when the view holds more tickets than it keeps track of', async () => {
		const small = { ...kind, maxRecords: 3 };
		const source = new OffsetListSource([1, 2, 3, 4].map(ticket), 2);
		const settings = { maxItemsPerPoll: 10, start: START };
		await expect(runListPoll(small, undefined, settings, listDeps(source))).rejects.toThrow(
			new ListTooLongError(3, 'view entry'),
		);
	});

	it('should not count the unread tickets as having left when a page fails mid-read', async () => {
		const first = await poll(undefined, [1, 2, 3, 4]);
		const failing = new OffsetListSource([1, 2, 3, 4].map(ticket), 2).failOn(1);
		const settings = { maxItemsPerPoll: 10, start: START };
		await expect(runListPoll(kind, first.state, settings, listDeps(failing))).rejects.toThrow();
		const again = await poll(first.state, [1, 2, 3, 4]);
		expect(again.items).toEqual([]);
		expect(again.state.suspectIds).toEqual([]);
	});

	it('should treat every listed ticket as an entry at the first tick when Start From is a date', async () => {
		const source = new OffsetListSource([1, 2].map(ticket), 5);
		const settings = { maxItemsPerPoll: 10, start: { seconds: 0, emitListed: true } };
		const first = await runListPoll(kind, undefined, settings, listDeps(source));
		const second = await runListPoll(kind, first.state, settings, listDeps(source));
		expect(events(second.items)).toEqual(['entered 1', 'entered 2']);
	});
});
