/**
 * What Simplify's names cost and what their failure does, in the poll loop on scripted pages.
 * Names are a nicety: a failed name lookup must not hold items back or stall the cursor (a
 * warning, ids instead of names). What a filter needs is not: there a failure fails the poll
 * before the page, so the cursor stays and the next poll asks again.
 */
import {
	commentsKind,
	fieldChangesKind,
	ticketsKind,
	type ExportKind,
	type ExportRecord,
} from '../../nodes/ZendeskExportTrigger/engine';
import {
	deps,
	failureOf,
	NOW_SECONDS,
	runPoll,
	stateAt,
	watchPolls,
} from '../helpers/engine-harness';
import { ScriptedSource, timePage } from '../helpers/scripted-source';
import { createTicket, isoAt } from '../helpers/tickets';

watchPolls();

const SHAPE = { simplify: true, siteUrl: 'https://acme.zendesk.com' };
const start = NOW_SECONDS - 3600;
const at = start + 10;
const PLAN = {
	id: 7001,
	title: 'Plan',
	custom_field_options: [{ name: 'Team', value: 'plan_team' }],
};

const anyComment = {
	visibility: 'all',
	authors: 'any',
	skipRequester: false,
	addTicketAndAuthor: false,
} as const;
const anyChange = { fields: [], toValues: [], includeCreate: false, addTicketAndUpdater: false };
const SIMPLIFYING_KINDS: Array<[string, ExportKind]> = [
	[
		'tickets',
		ticketsKind({ event: 'createdOrUpdated', statuses: [], ignoreSystemUpdates: false }, SHAPE),
	],
	['comments', commentsKind(anyComment, SHAPE)],
	['field changes', fieldChangesKind(anyChange, SHAPE)],
];
const settingsOf = (kind: ExportKind) => ({ kind, maxItemsPerPoll: 10_000 });

/** An audit on ticket 35 by agent 602: a comment by 501 and an assignee change to 601. */
function audit(id = 900): ExportRecord {
	return {
		id,
		ticket_id: 35,
		timestamp: at,
		created_at: isoAt(at),
		updater_id: 602,
		via: 'Web form',
		event_type: 'Audit',
		child_events: [
			{ id: id * 100, event_type: 'Comment', author_id: 501, public: true, body: 'Hi' },
			{ id: id * 100 + 1, event_type: 'Change', assignee_id: '601', previous_value: null },
			{ id: id * 100 + 2, event_type: 'Change', custom_ticket_fields: { '7001': 'plan_team' } },
		],
	};
}

describe('Simplify on a quiet poll', () => {
	it.each(SIMPLIFYING_KINDS)(
		'should ask for no names and no definitions when the page is empty (%s)',
		async (_name, kind) => {
			// Nothing is scripted beyond the page: a lookup or a definitions read would overflow.
			const source = new ScriptedSource().onTime(timePage([], start, true));
			const outcome = await runPoll(stateAt(start), settingsOf(kind), deps(source).deps);
			expect(outcome.items).toEqual([]);
			expect(source.lookupRequests).toEqual([]);
			expect(source.definitionRequests).toEqual([]);
		},
	);

	it('should ask for no names when the page only repeats what the last poll emitted', async () => {
		const kind = fieldChangesKind(anyChange, SHAPE);
		const source = new ScriptedSource()
			.onTime(timePage([audit()], at, true), timePage([audit()], at, true))
			.onLookup([], [])
			.onDefinitions('ticketFields', [])
			.onDefinitions('groups', []);
		const one = await runPoll(stateAt(start), settingsOf(kind), deps(source).deps);
		const two = await runPoll(one.state, settingsOf(kind), deps(source).deps);
		expect(two.items).toEqual([]);
		expect(source.lookupRequests).toHaveLength(2);
		expect(source.definitionRequests).toEqual(['ticketFields', 'groups']);
	});
});

describe('Simplify and the filters', () => {
	it('should look nothing up for a page whose changes the filters drop', async () => {
		// Ticket Solved over a page holding a new ticket (Create events) and a priority change.
		const created = {
			...audit(901),
			child_events: [{ id: 1, event_type: 'Create', status: 'new' }],
		};
		const kind = fieldChangesKind(
			{ ...anyChange, fields: ['status'], toValues: ['solved'] },
			SHAPE,
		);
		const source = new ScriptedSource().onTime(timePage([created, audit(902)], at, true));
		const outcome = await runPoll(stateAt(start), settingsOf(kind), deps(source).deps);
		expect(outcome.items).toEqual([]);
		expect(source.lookupRequests).toEqual([]);
		expect(source.definitionRequests).toEqual([]);
		expect(outcome.state.cursorSeconds).toBe(at);
	});

	it('should name only the audits whose changes the filters let through', async () => {
		const solved = {
			...audit(903),
			ticket_id: 36,
			updater_id: 603,
			child_events: [{ id: 2, event_type: 'Change', status: 'solved', previous_value: 'open' }],
		};
		const kind = fieldChangesKind({ ...anyChange, fields: ['status'] }, SHAPE);
		const source = new ScriptedSource()
			.onTime(timePage([audit(904), solved], at, true))
			.onLookup([], [])
			.onDefinitions('ticketFields', [])
			.onDefinitions('groups', []);
		await runPoll(stateAt(start), settingsOf(kind), deps(source).deps);
		expect(source.lookupRequests).toEqual([
			{ kind: 'users', ids: [603] },
			{ kind: 'tickets', ids: [36] },
		]);
	});
});

describe('Simplify when the names cannot be read', () => {
	it('should send field changes with ids and a warning when the user lookup fails, and move the cursor', async () => {
		const kind = fieldChangesKind(anyChange, SHAPE);
		const source = new ScriptedSource()
			.onTime(timePage([audit()], at, true))
			.onLookup(new Error('users/show_many answered 503'));
		const outcome = await runPoll(stateAt(start), settingsOf(kind), deps(source).deps);
		expect(outcome.error).toBeUndefined();
		expect(outcome.items).toEqual([
			expect.objectContaining({ event_id: 900, field: 'assignee_id', value: '601' }),
			expect.objectContaining({
				field: 'custom_field:7001',
				field_title: '7001',
				value: 'plan_team',
			}),
		]);
		expect(outcome.warnings).toEqual([
			expect.stringMatching(
				/Names for these field changes could not be read .*users\/show_many answered 503.*Nothing was held back/,
			),
		]);
		expect(outcome.state.cursorSeconds).toBe(at);
	});

	it('should send tickets with custom fields by id and a warning when the ticket fields cannot be read', async () => {
		const ticket = createTicket({ at, custom_fields: [{ id: 7001, value: 'plan_team' }] });
		const kind = SIMPLIFYING_KINDS[0][1];
		const source = new ScriptedSource()
			.onTime(timePage([ticket], at, true, { sideloads: { users: [{ id: 501, name: 'Rita' }] } }))
			.onDefinitions('ticketFields', new Error('ticket_fields answered 429'));
		const outcome = await runPoll(stateAt(start), settingsOf(kind), deps(source).deps);
		expect(outcome.items).toEqual([
			expect.objectContaining({
				id: ticket.id,
				requester_name: 'Rita',
				custom_fields: { '7001': 'plan_team' },
			}),
		]);
		expect(outcome.warnings).toEqual([expect.stringMatching(/ticket_fields answered 429/)]);
		expect(outcome.state.cursorSeconds).toBe(at);
	});

	it('should not send the items again in the next poll after a failed name lookup', async () => {
		const kind = commentsKind(anyComment, SHAPE);
		const source = new ScriptedSource()
			.onTime(timePage([audit()], at, true), timePage([audit()], at, true))
			.onLookup(new Error('reset'));
		const one = await runPoll(stateAt(start), settingsOf(kind), deps(source).deps);
		const two = await runPoll(one.state, settingsOf(kind), deps(source).deps);
		expect(one.items.map((item) => item.id)).toEqual([90000]);
		expect(one.items[0]).toMatchObject({ author_id: 501, author_name: null });
		expect(two.items).toEqual([]);
	});

	it('should name what it could read before the failure', async () => {
		const kind = fieldChangesKind(anyChange, SHAPE);
		const source = new ScriptedSource()
			.onTime(timePage([audit()], at, true))
			.onLookup([{ id: 601, name: 'Alex Agent' }], [{ id: 35, subject: 'Printer on fire' }])
			.onDefinitions('ticketFields', [PLAN])
			.onDefinitions('groups', new Error('groups answered 503'));
		const outcome = await runPoll(stateAt(start), settingsOf(kind), deps(source).deps);
		expect(outcome.items).toEqual([
			expect.objectContaining({ field: 'assignee_id', value: 'Alex Agent' }),
			expect.objectContaining({
				field_title: 'Plan',
				value: 'Team',
				ticket_subject: 'Printer on fire',
			}),
		]);
		expect(outcome.warnings).toEqual([expect.stringMatching(/groups answered 503/)]);
	});
});

describe('Simplify beside a filter that needs a lookup', () => {
	const endUsersOnly = () => commentsKind({ ...anyComment, authors: 'endUsers' }, SHAPE);

	it('should still fail the poll before the page when the lookup a filter needs fails', async () => {
		const source = new ScriptedSource()
			.onTime(timePage([audit()], at, true))
			.onLookup(new Error('users/show_many answered 503'));
		const outcome = await runPoll(stateAt(start), settingsOf(endUsersOnly()), deps(source).deps);
		expect(String(failureOf(outcome))).toMatch(/users\/show_many answered 503/);
		expect(outcome.items).toEqual([]);
		expect(outcome.state.cursorSeconds).toBe(start);
	});

	it('should look the authors up once for the filter and the names together', async () => {
		const source = new ScriptedSource()
			.onTime(timePage([audit()], at, true))
			.onLookup([{ id: 501, name: 'Rita', role: 'end-user' }], [{ id: 35, subject: 'Hi' }]);
		const outcome = await runPoll(stateAt(start), settingsOf(endUsersOnly()), deps(source).deps);
		expect(outcome.items).toEqual([expect.objectContaining({ id: 90000, author_name: 'Rita' })]);
		expect(source.lookupRequests.map((request) => request.kind)).toEqual(['users', 'tickets']);
	});
});
