import {
	readComments,
	readFieldChanges,
} from '../../nodes/ZendeskExportTrigger/engine/ticket-events';
import {
	createCommentFilter,
	createFieldChangeFilter,
} from '../../nodes/ZendeskExportTrigger/engine/event-filters';
import { audit, served } from '../helpers/ticket-event-audits';

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
