import {
	commentKey,
	fieldChangeKey,
	readComments,
	readFieldChanges,
	type TicketEventAudit,
} from '../../nodes/ZendeskExportTrigger/engine/ticket-events';
import {
	createCommentFilter,
	createFieldChangeFilter,
} from '../../nodes/ZendeskExportTrigger/engine/event-filters';

// The stand-in is our one model of Zendesk: its audits must read back as the changes it made.
const { serveAudit, fieldChanges } = require('../zendesk-stand-in/event-shapes.js');

const BEFORE = {
	subject: 'Printer on fire',
	requester_id: 501,
	status: 'open',
	priority: 'normal',
	type: 'incident',
	assignee_id: null,
	group_id: 4001,
	tags: ['printer', 'vip'],
	custom_fields: [{ id: 360041597112, value: null }],
};
const AFTER = {
	...BEFORE,
	status: 'solved',
	priority: 'urgent',
	assignee_id: 7001,
	tags: ['printer', 'escalated'],
	custom_fields: [{ id: 360041597112, value: 'set_up_app' }],
};
const STAND_IN_CONFIG = { commentViaStyle: 'object', changeEventStyle: 'key-per-field' };

function audit(childEvents: unknown, extra: Partial<TicketEventAudit> = {}): TicketEventAudit {
	return {
		id: 9001,
		ticket_id: 35,
		timestamp: 1_796_000_000,
		created_at: '2026-11-30T08:13:20Z',
		updater_id: 7001,
		via: 'Web form',
		event_type: 'Audit',
		child_events: childEvents,
		...extra,
	};
}

function served(
	kind: 'create' | 'update',
	config = STAND_IN_CONFIG,
	comment?: object,
): TicketEventAudit {
	return serveAudit(
		{
			id: 9001,
			ticketId: 35,
			ts: 1_796_000_000,
			updaterId: 7001,
			via: 'Web form',
			kind,
			before: BEFORE,
			after: AFTER,
			comment,
		},
		Boolean(comment),
		config,
	);
}

const byField = (audit: TicketEventAudit) =>
	Object.fromEntries(readFieldChanges(audit).map((change) => [change.field, change]));

describe('reading ticket events', () => {
	it('should read each key-per-field Change child as one change, with its previous value', () => {
		const changes = byField(
			audit([
				{ id: 1, via: 'Web form', status: 'solved', event_type: 'Change', previous_value: 'open' },
			]),
		);
		expect(changes).toEqual({
			status: {
				event_id: 9001,
				ticket_id: 35,
				field: 'status',
				value: 'solved',
				previous_value: 'open',
				change_type: 'Change',
				updater_id: 7001,
				via: 'Web form',
				created_at: '2026-11-30T08:13:20Z',
				timestamp: 1_796_000_000,
			},
		});
	});

	it('should read custom fields as custom_field:<id>, one change per field', () => {
		const changes = readFieldChanges(
			audit([
				{
					id: 2,
					custom_ticket_fields: { '360041597112': 'set_up_app', '77': true },
					event_type: 'Change',
					previous_value: null,
				},
			]),
		);
		expect(
			changes.map(({ field, custom_field_id, value }) => ({ field, custom_field_id, value })),
		).toEqual([
			{ field: 'custom_field:77', custom_field_id: 77, value: true },
			{ field: 'custom_field:360041597112', custom_field_id: 360041597112, value: 'set_up_app' },
		]);
	});

	it('should read tags with the tags added and removed', () => {
		const { tags } = byField(
			audit([
				{
					id: 3,
					tags: ['printer', 'escalated'],
					added_tags: ['escalated'],
					removed_tags: ['vip'],
					event_type: 'Change',
				},
			]),
		);
		expect(tags).toMatchObject({
			value: ['printer', 'escalated'],
			added_tags: ['escalated'],
			removed_tags: ['vip'],
			previous_value: null,
		});
	});

	it('should read the older field_name/value shape, a numeric name as a custom field', () => {
		const changes = readFieldChanges(
			audit([
				{
					id: 4,
					field_name: 'priority',
					value: 'urgent',
					previous_value: 'normal',
					event_type: 'Change',
				},
				{
					id: 5,
					field_name: '360041597112',
					value: 'x',
					previous_value: null,
					event_type: 'Change',
				},
			]),
		);
		expect(
			changes.map(({ field, value, previous_value }) => ({ field, value, previous_value })),
		).toEqual([
			{ field: 'priority', value: 'urgent', previous_value: 'normal' },
			{ field: 'custom_field:360041597112', value: 'x', previous_value: null },
		]);
	});

	it('should skip event types it does not know, even one shaped like a change', () => {
		const unknown = audit([
			{
				id: 6,
				field_name: 'first_reply_time',
				value: { minutes: 60 },
				previous_value: null,
				event_type: 'SlaTargetChange',
			},
			{
				id: 7,
				subject: 'Re: your request',
				body: 'updated',
				recipients: [501],
				event_type: 'Notification',
			},
		]);
		expect(readFieldChanges(unknown)).toEqual([]);
		expect(readComments(unknown)).toEqual([]);
	});

	it('should read a comment with the fields a workflow uses, and the audit’s ticket, updater and time', () => {
		const [comment] = readComments(
			served('update', STAND_IN_CONFIG, {
				authorId: 501,
				body: 'It is on fire again',
				public: true,
			}),
		);
		expect(comment).toMatchObject({
			ticket_id: 35,
			audit_id: 9001,
			author_id: 501,
			public: true,
			body: 'It is on fire again',
			plain_body: 'It is on fire again',
			html_body: expect.stringContaining('It is on fire again'),
			via: { channel: 'web' },
			attachments: [],
			updater_id: 7001,
			timestamp: 1_796_000_000,
		});
		expect(commentKey(comment)).toBe(`comment:${comment.id}`);
	});

	it('should turn a comment via that is a string into {channel}, and anything else that is not an object into null', () => {
		const comments = readComments(
			audit([
				{ id: 10, event_type: 'Comment', body: 'a', public: true, via: 'web' },
				{ id: 11, event_type: 'Comment', body: 'b', public: false, via: 42 },
			]),
		);
		expect(comments.map((comment) => comment.via)).toEqual([{ channel: 'web' }, null]);
	});

	it('should skip, and say so, child events that are not a list, children that are not objects, and comments without an id', () => {
		const warnings: string[] = [];
		const warn = (message: string) => warnings.push(message);
		expect(readFieldChanges(audit({ not: 'a list' }), warn)).toEqual([]);
		expect(
			readComments(audit([null, 'x', { event_type: 'Comment', body: 'no id' }]), warn),
		).toEqual([]);
		expect(warnings).toEqual([
			expect.stringContaining('child_events that is not a list'),
			expect.stringContaining('not an object'),
			expect.stringContaining('not an object'),
			expect.stringContaining('a comment without an id'),
		]);
	});

	it.each([['update'], ['create']] as const)(
		'should read back exactly the field changes the stand-in made (%s)',
		(kind) => {
			for (const changeEventStyle of ['key-per-field', 'field-name']) {
				const made = fieldChanges(kind, BEFORE, AFTER) as Array<{
					field: string;
					value: unknown;
					customId?: number;
				}>;
				const read = readFieldChanges(served(kind, { ...STAND_IN_CONFIG, changeEventStyle }));
				const madeFields = made.map((change) =>
					change.customId ? `custom_field:${change.customId}` : change.field,
				);
				expect(read.map((change) => change.field)).toEqual(madeFields);
				expect(read.map((change) => change.value)).toEqual(made.map((change) => change.value));
				expect(new Set(read.map(fieldChangeKey)).size).toBe(read.length);
			}
		},
	);
});

describe('filtering ticket events', () => {
	const [publicReply] = readComments(
		audit([{ id: 20, event_type: 'Comment', author_id: 501, public: true, body: 'hi' }]),
	);
	const [internalNote] = readComments(
		audit([{ id: 21, event_type: 'Comment', author_id: 7001, public: false, body: 'note' }]),
	);

	it.each([
		['all', [true, true]],
		['public', [true, false]],
		['internal', [false, true]],
	] as const)('should keep comments by visibility (%s)', (visibility, kept) => {
		const keep = createCommentFilter({ ...anyComment, visibility });
		expect([keep(publicReply), keep(internalNote)]).toEqual(kept);
	});

	const anyComment = {
		visibility: 'all',
		authors: 'any',
		skipRequester: false,
		addTicketAndAuthor: false,
	} as const;
	const customer = { author: { id: 501, role: 'end-user' } };
	const agent = { author: { id: 7001, role: 'agent' } };

	it('should keep only comments by end users when asked, by the looked-up role', () => {
		const keep = createCommentFilter({ ...anyComment, authors: 'endUsers' });
		expect([keep(publicReply, customer), keep(internalNote, agent)]).toEqual([true, false]);
	});

	it('should keep only comments by agents and admins when asked', () => {
		const keep = createCommentFilter({ ...anyComment, authors: 'agents' });
		expect([keep(publicReply, customer), keep(internalNote, agent)]).toEqual([false, true]);
	});

	it('should keep a comment whose author could not be looked up, whatever the author filter', () => {
		const keep = createCommentFilter({ ...anyComment, authors: 'endUsers' });
		expect(keep(internalNote, {})).toBe(true);
	});

	it("should skip comments by the ticket's requester when asked", () => {
		const keep = createCommentFilter({ ...anyComment, skipRequester: true });
		const ticket = { id: 35, requester_id: 501 };
		expect([keep(publicReply, { ticket }), keep(internalNote, { ticket })]).toEqual([false, true]);
	});

	const changes = readFieldChanges(served('update'));
	const created = readFieldChanges(served('create'));
	const kept = (filter: Parameters<typeof createFieldChangeFilter>[0], from = changes) =>
		from
			.filter(createFieldChangeFilter(filter))
			.map((change) => `${change.field}=${JSON.stringify(change.value)}`);

	it('should keep only the fields asked for, a custom field by its id', () => {
		expect(
			kept({ fields: ['status', '360041597112'], toValues: [], includeCreate: false }),
		).toEqual(['status="solved"', 'custom_field:360041597112="set_up_app"']);
	});

	it('should keep only changes to the values asked for, without regard to case, and tags that were added', () => {
		expect(kept({ fields: [], toValues: ['Solved', 'URGENT'], includeCreate: false })).toEqual([
			'status="solved"',
			'priority="urgent"',
		]);
		expect(kept({ fields: ['tags'], toValues: ['escalated'], includeCreate: false })).toEqual([
			'tags=["printer","escalated"]',
		]);
		expect(kept({ fields: ['tags'], toValues: ['vip'], includeCreate: false })).toEqual([]);
	});

	it('should leave out the values a ticket was created with unless asked', () => {
		expect(kept({ fields: ['status'], toValues: [], includeCreate: false }, created)).toEqual([]);
		expect(kept({ fields: ['status'], toValues: [], includeCreate: true }, created)).toEqual([
			'status="solved"',
		]);
	});
});
