import {
	readComments,
	readFieldChanges,
} from '../../nodes/ZendeskExportTrigger/engine/ticket-events';
import {
	AFTER,
	audit,
	BEFORE,
	byField,
	fieldChanges,
	served,
	STAND_IN_CONFIG,
} from '../helpers/ticket-event-audits';

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
				// One audit changes one field once: event_id and field tell the items apart.
				expect(new Set(read.map((change) => `${change.event_id}:${change.field}`)).size).toBe(
					read.length,
				);
			}
		},
	);
});
