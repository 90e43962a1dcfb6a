/**
 * What Simplify gives for ticket events, through the poll loop on scripted pages: a comment keeps
 * its id, a field change its event_id and field (what makes each unique); authors, updaters,
 * assignees and requesters are named from the users lookup, groups and dropdown options from the
 * definitions lists; where a name was not found the id stays.
 */
import {
	commentsKind,
	fieldChangesKind,
	type ExportRecord,
} from '../../nodes/ZendeskExportTrigger/engine';
import { watchPolls } from '../helpers/engine-harness';
import { ScriptedSource, timePage } from '../helpers/scripted-source';
import {
	ALEX,
	at,
	GROUPS,
	itemsOf,
	PAT,
	RITA,
	SHAPE,
	SITE,
	TICKET_35,
	TICKET_FIELDS,
} from '../helpers/simplify-fixtures';
import { isoAt } from '../helpers/tickets';

watchPolls();

/** One audit on ticket 35 by `updaterId`, holding the given children. */
function audit(children: unknown[], updaterId = 602): ExportRecord {
	return {
		id: 900,
		ticket_id: 35,
		timestamp: at,
		created_at: isoAt(at),
		updater_id: updaterId,
		via: 'Web form',
		event_type: 'Audit',
		child_events: children,
	};
}

describe('Simplify: comments', () => {
	const comment = { id: 90000, event_type: 'Comment', author_id: 501, public: true, body: 'Hi' };
	const anyComment = {
		visibility: 'all',
		authors: 'any',
		skipRequester: false,
		addTicketAndAuthor: false,
	} as const;

	it('should keep the comment id and name the author, the ticket and its requester from the lookups', async () => {
		const source = new ScriptedSource()
			.onTime(timePage([audit([comment], 501)], at, true))
			.onLookup([RITA], [TICKET_35]);
		const [item] = await itemsOf(commentsKind(anyComment, SHAPE), source);
		expect(item).toMatchObject({
			id: 90000,
			ticket_id: 35,
			body: 'Hi',
			author_name: 'Rita Requester',
			author_email: 'rita@example.com',
			author_role: 'end-user',
			ticket_subject: 'Printer on fire',
			ticket_status: 'open',
			requester_name: 'Rita Requester',
			author_id: 501,
			agent_url: `${SITE}/agent/tickets/35`,
		});
		// The requester wrote the comment: already looked up, not asked for again.
		expect(source.lookupRequests).toEqual([
			{ kind: 'users', ids: [501] },
			{ kind: 'tickets', ids: [35] },
		]);
	});

	it('should keep the author id with null names when the lookup does not find the author', async () => {
		const source = new ScriptedSource()
			.onTime(timePage([audit([comment], 501)], at, true))
			.onLookup([], []);
		const [item] = await itemsOf(commentsKind(anyComment, SHAPE), source);
		expect(item).toMatchObject({
			id: 90000,
			author_id: 501,
			author_name: null,
			ticket_subject: null,
			requester_name: null,
		});
	});
});

describe('Simplify: field changes', () => {
	const anyChange = { fields: [], toValues: [], includeCreate: false, addTicketAndUpdater: false };
	// Zendesk writes the values of a Change as text: "601", not 601.
	const children = [
		{ id: 90001, event_type: 'Change', assignee_id: '601', previous_value: '602' },
		{ id: 90002, event_type: 'Change', group_id: '4002', previous_value: '4001' },
		{
			id: 90003,
			event_type: 'Change',
			custom_ticket_fields: { '7001': 'plan_business' },
			previous_value: 'plan_team',
		},
		{ id: 90004, event_type: 'Change', custom_ticket_fields: { '9999': 'x' }, previous_value: 'y' },
	];
	const byField = (items: Array<Record<string, unknown>>) =>
		Object.fromEntries(items.map((item) => [item.field, item]));

	it('should keep event_id and field and name assignees, groups and dropdown options', async () => {
		const source = new ScriptedSource()
			.onTime(timePage([audit(children)], at, true))
			.onLookup([ALEX, PAT], [TICKET_35], [RITA])
			.onDefinitions('ticketFields', TICKET_FIELDS)
			.onDefinitions('groups', GROUPS);
		const items = byField(await itemsOf(fieldChangesKind(anyChange, SHAPE), source));
		expect(items.assignee_id).toMatchObject({
			event_id: 900,
			field: 'assignee_id',
			field_title: 'Assignee',
			value: 'Alex Agent',
			previous_value: 'Pat Agent',
			raw_value: '601',
			updater_name: 'Pat Agent',
			ticket_subject: 'Printer on fire',
			requester_name: 'Rita Requester',
			requester_email: 'rita@example.com',
			agent_url: `${SITE}/agent/tickets/35`,
		});
		expect(items.group_id).toMatchObject({ value: 'Billing', previous_value: 'Support' });
		expect(items['custom_field:7001']).toMatchObject({
			event_id: 900,
			field_title: 'Plan',
			value: 'Business',
			previous_value: 'Team',
			raw_value: 'plan_business',
		});
		expect(items['custom_field:9999']).toMatchObject({ field_title: '9999', value: 'x' });
		// The updater and both assignees in one request, the ticket in another, and its requester
		// (whom only the ticket names) in a third.
		expect(source.lookupRequests).toEqual([
			{ kind: 'users', ids: [602, 601] },
			{ kind: 'tickets', ids: [35] },
			{ kind: 'users', ids: [501] },
		]);
	});

	it('should keep the id as the value where the lookup did not name the user or group', async () => {
		const source = new ScriptedSource()
			.onTime(timePage([audit(children.slice(0, 2))], at, true))
			.onLookup([ALEX], [])
			.onDefinitions('ticketFields', TICKET_FIELDS)
			.onDefinitions('groups', [GROUPS[1]]);
		const items = byField(await itemsOf(fieldChangesKind(anyChange, SHAPE), source));
		expect(items.assignee_id).toMatchObject({ value: 'Alex Agent', previous_value: '602' });
		expect(items.group_id).toMatchObject({ value: 'Billing', previous_value: '4001' });
		expect(items.assignee_id).toMatchObject({ updater_name: null, updater_id: 602 });
	});
});
