/**
 * The one poll loop over the exports beyond tickets: what an audit, a user or an organization
 * expands to, their dedupe across pages and polls, over-full seconds with and without a cursor
 * export, and the lookups beside a page.
 */
import {
	commentsKind,
	fieldChangesKind,
	organizationsKind,
	usersKind,
	type ExportRecord,
	type PollSettings,
} from '../../nodes/ZendeskExportTrigger/engine';
import {
	deps,
	failureOf,
	NOW_SECONDS,
	runPoll,
	stateAt,
	watchPolls,
} from '../helpers/engine-harness';
import { cursorPage, ScriptedSource, timePage } from '../helpers/scripted-source';
import { isoAt } from '../helpers/tickets';

watchPolls();

const ANY_COMMENT = {
	visibility: 'all',
	authors: 'any',
	skipRequester: false,
	addTicketAndAuthor: false,
} as const;
const comments = (overrides = {}): PollSettings => ({
	kind: commentsKind({ ...ANY_COMMENT, ...overrides }),
	maxItemsPerPoll: 10_000,
});

let nextAuditId = 900;
/** An audit with one comment (by `authorId`) and a status change. */
function audit(at: number, authorId = 501, ticketId = 35): ExportRecord {
	const id = nextAuditId++;
	return {
		id,
		ticket_id: ticketId,
		timestamp: at,
		created_at: isoAt(at),
		updater_id: authorId,
		via: 'Web form',
		event_type: 'Audit',
		child_events: [
			{ id: id * 100, event_type: 'Comment', author_id: authorId, public: true, body: `c${id}` },
			{ id: id * 100 + 1, event_type: 'Change', status: 'solved', previous_value: 'open' },
		],
	};
}

function person(id: number, at: number, extra: Record<string, unknown> = {}): ExportRecord {
	return { id, created_at: isoAt(at), updated_at: isoAt(at), role: 'end-user', ...extra };
}

const start = NOW_SECONDS - 3600;

describe('ticket events', () => {
	it('should emit each comment once when the next poll repeats the audit second', async () => {
		const first = audit(start + 10);
		const source = new ScriptedSource()
			.onTime(timePage([first], start + 10, true))
			.onTime(timePage([first, audit(start + 20)], start + 20, true));
		const one = await runPoll(stateAt(start), comments(), deps(source).deps);
		const two = await runPoll(one.state, comments(), deps(source).deps);
		expect(one.items.map((item) => item.id)).toEqual([Number(first.id) * 100]);
		expect(two.items.map((item) => item.id)).toEqual([(Number(first.id) + 1) * 100]);
		expect(two.items[0]).toMatchObject({ ticket_id: 35, author_id: 501, public: true });
	});

	it('should emit one item per changed field, with the audit as its event', async () => {
		const record = audit(start + 10);
		const source = new ScriptedSource().onTime(timePage([record], start + 10, true));
		const settings = {
			kind: fieldChangesKind({
				fields: [],
				toValues: [],
				includeCreate: false,
				addTicketAndUpdater: false,
			}),
			maxItemsPerPoll: 10_000,
		};
		const outcome = await runPoll(stateAt(start), settings, deps(source).deps);
		expect(outcome.items).toEqual([
			expect.objectContaining({
				event_id: record.id,
				field: 'status',
				value: 'solved',
				previous_value: 'open',
			}),
		]);
	});

	it('should read an over-full second of ticket events whole and step past it without a cursor export', async () => {
		const second = start + 5;
		const full = Array.from({ length: 1200 }, () => audit(second));
		const after = audit(second + 1);
		// No cursor answers are scripted: a cursor request would fail the test.
		const source = new ScriptedSource()
			.onTime(timePage(full, second, false))
			.onTime(timePage([after], second + 1, true));
		const outcome = await runPoll(stateAt(second), comments(), deps(source).deps);
		expect(source.timeRequests).toEqual([second, second + 1]);
		expect(outcome.items).toHaveLength(1201);
		expect(outcome.state.cursorSeconds).toBe(second + 1);
	});

	it('should stop with a warning, not step, when a page of fewer than 1,000 repeats its second', async () => {
		const second = start + 5;
		const source = new ScriptedSource().onTime(timePage([audit(second)], second, false));
		const outcome = await runPoll(stateAt(second), comments(), deps(source).deps);
		expect(outcome.stopReason).toBe('noProgress');
		expect(outcome.state.cursorSeconds).toBe(second);
	});
});

describe('lookups beside a page', () => {
	it('should look the authors up and keep only comments by end users', async () => {
		const byCustomer = audit(start + 10, 501);
		const byAgent = audit(start + 11, 7001);
		const source = new ScriptedSource()
			.onTime(timePage([byCustomer, byAgent], start + 11, true))
			.onLookup([person(501, 0), person(7001, 0, { role: 'agent' })]);
		const outcome = await runPoll(
			stateAt(start),
			comments({ authors: 'endUsers' }),
			deps(source).deps,
		);
		expect(source.lookupRequests).toEqual([{ kind: 'users', ids: [501, 7001] }]);
		expect(outcome.items.map((item) => item.author_id)).toEqual([501]);
	});

	it('should look nothing up when a poll rereads only what it already handled', async () => {
		const record = audit(start + 10, 501);
		const page = () => timePage([record], start + 10, true);
		// One lookup answer only: a second lookup would run past the script and fail the test.
		const source = new ScriptedSource().onTime(page(), page()).onLookup([person(501, 0)]);
		const settings = comments({ authors: 'endUsers' });
		const one = await runPoll(stateAt(start), settings, deps(source).deps);
		const two = await runPoll(one.state, settings, deps(source).deps);
		expect([one.items.length, two.items.length]).toEqual([1, 0]);
		expect(source.lookupRequests).toHaveLength(1);
	});

	it('should ask for at most 100 ids per lookup', async () => {
		const records = Array.from({ length: 150 }, (_, index) => audit(start + 10, 10_000 + index));
		const source = new ScriptedSource()
			.onTime(timePage(records, start + 10, true))
			.onLookup([], []);
		await runPoll(stateAt(start), comments({ authors: 'agents' }), deps(source).deps);
		expect(source.lookupRequests.map((request) => request.ids.length)).toEqual([100, 50]);
	});

	it('should put the ticket and the author on each comment when asked', async () => {
		const source = new ScriptedSource()
			.onTime(timePage([audit(start + 10)], start + 10, true))
			.onLookup([person(501, 0, { name: 'Carla' })])
			.onLookup([{ id: 35, subject: 'Printer on fire', requester_id: 501 }]);
		const outcome = await runPoll(
			stateAt(start),
			comments({ addTicketAndAuthor: true }),
			deps(source).deps,
		);
		expect(outcome.items[0]).toMatchObject({
			author: { name: 'Carla' },
			ticket: { subject: 'Printer on fire' },
		});
	});

	it('should leave the cursor before a page whose lookup failed, and emit nothing of it', async () => {
		const source = new ScriptedSource()
			.onTime(timePage([audit(start + 10)], start + 10, true))
			.onLookup(new Error('users/show_many failed'));
		const outcome = await runPoll(
			stateAt(start),
			comments({ skipRequester: true }),
			deps(source).deps,
		);
		expect(String(failureOf(outcome))).toMatch(/show_many failed/);
		expect(outcome.items).toEqual([]);
		expect(outcome.state.cursorSeconds).toBe(start);
	});
});

describe('users and organizations', () => {
	const users = (filters = {}): PollSettings => ({
		kind: usersKind({ event: 'createdOrUpdated', roles: [], ...filters }),
		maxItemsPerPoll: 10_000,
	});

	it('should place users by updated_at and emit a new version of a user again', async () => {
		const source = new ScriptedSource()
			.onTime(timePage([person(1, start + 10)], start + 10, true))
			.onTime(timePage([person(1, start + 10), person(1, start + 20)], start + 20, true));
		const one = await runPoll(stateAt(start), users(), deps(source).deps);
		const two = await runPoll(one.state, users(), deps(source).deps);
		expect(one.items.map((item) => item.updated_at)).toEqual([isoAt(start + 10)]);
		expect(two.items.map((item) => item.updated_at)).toEqual([isoAt(start + 20)]);
	});

	it('should keep only the roles and the Created or Updated asked for', async () => {
		const created = person(1, start + 10);
		const updated = person(2, start - 500, { updated_at: isoAt(start + 11) });
		const agent = person(3, start + 12, { role: 'agent' });
		const page = () => timePage([created, updated, agent], start + 12, true);
		const source = new ScriptedSource().onTime(page(), page());
		const newEndUsers = await runPoll(
			stateAt(start),
			users({ event: 'created', roles: ['end-user'] }),
			deps(source).deps,
		);
		const updates = await runPoll(stateAt(start), users({ event: 'updated' }), deps(source).deps);
		expect(newEndUsers.items.map((item) => item.id)).toEqual([1]);
		expect(updates.items.map((item) => item.id)).toEqual([2]);
	});

	it('should walk an over-full second of users with the users cursor export', async () => {
		const second = start + 5;
		const full = Array.from({ length: 1000 }, (_, index) => person(index + 1, second));
		const rest = [person(1001, second), person(1002, second + 1)];
		const source = new ScriptedSource()
			.onTime(timePage(full, second, false))
			.onCursor(cursorPage(full, 'next', false), cursorPage(rest, null, true))
			.onTime(timePage([person(1002, second + 1)], second + 1, true));
		const outcome = await runPoll(stateAt(second), users(), deps(source).deps);
		const ids = full.map((user) => user.id).concat(1001, 1002);
		expect(outcome.items.map((item) => item.id)).toEqual(ids);
		expect(outcome.state.cursorSeconds).toBe(second + 1);
	});

	it('should read an over-full second of organizations whole, as Zendesk documents', async () => {
		const second = start + 5;
		const full = Array.from({ length: 1100 }, (_, index) => person(index + 1, second));
		const source = new ScriptedSource()
			.onTime(timePage(full, second, false))
			.onTime(timePage([], second + 1, true));
		const settings = {
			kind: organizationsKind({ event: 'createdOrUpdated' }),
			maxItemsPerPoll: 10_000,
		};
		const outcome = await runPoll(stateAt(second), settings, deps(source).deps);
		expect(outcome.items).toHaveLength(1100);
		expect(outcome.state.cursorSeconds).toBe(second + 1);
	});
});
