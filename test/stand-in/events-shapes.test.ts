/**
 * The shapes of the stand-in's GET /incremental/ticket_events: audits, Comment children with and
 * without include=comment_events, key-per-field Create/Change children (as observed, see
 * docs/zendesk.md), and the real-world switches.
 */
import type { StandIn } from '../zendesk-stand-in/server';
import { standInPerTest, type Json, type Reply } from '../helpers/stand-in-client';

const START_MS = 1_893_456_000_000; // 2030-01-01, on a virtual clock
const NOW = START_MS / 1000;

const { start, get } = standInPerTest({ clock: 'virtual', virtualStartMs: START_MS });

const events = (startTime: number, extra = '') =>
	get(`/api/v2/incremental/ticket_events.json?start_time=${startTime}${extra}`);
const auditIds = (r: Reply): number[] => r.body.ticket_events.map((e: Json) => e.id);
const childrenOf = (r: Reply, type: string): Json[] =>
	r.body.ticket_events.flatMap((e: Json) =>
		e.child_events.filter((c: Json) => c.event_type === type),
	);

/** One ticket created long ago, so its Create audit is out of the way of the test's own events. */
function oldTicket(s: StandIn) {
	return s.store.createTickets({ atSeconds: NOW - 3000 })[0];
}

describe('ticket events export: shapes', () => {
	it('should serve audits with the observed top-level keys and no comment without include', async () => {
		const s = await start();
		const t = oldTicket(s);
		s.store.addComment(t.id, { atSeconds: NOW - 600, fields: { status: 'open' } });
		const page = await events(NOW - 600);
		expect(Object.keys(page.body).sort()).toEqual(
			['count', 'end_of_stream', 'end_time', 'next_page', 'ticket_events'].sort(),
		);
		const [audit] = page.body.ticket_events;
		expect(audit).toMatchObject({
			ticket_id: t.id,
			timestamp: NOW - 600,
			created_at: new Date((NOW - 600) * 1000).toISOString().replace('.000', ''),
			updater_id: 1002,
			via: 'Web form',
			event_type: 'Audit',
			metadata: {},
		});
		expect(audit.system).toEqual(expect.objectContaining({ client: expect.any(String) }));
		expect(audit).not.toHaveProperty('merged_ticket_ids');
		expect(audit.child_events.map((c: Json) => c.event_type)).toEqual(['Change']);
		expect(audit.child_events[0]).toMatchObject({ comment_present: true, comment_public: true });
	});

	it('should add full Comment children with include=comment_events', async () => {
		const s = await start();
		const t = oldTicket(s);
		const made = s.store.addComment(t.id, { atSeconds: NOW - 600, body: 'Hello <there>' })!;
		const page = await events(NOW - 600, '&include=comment_events');
		const [audit] = page.body.ticket_events;
		expect(audit.id).toBe(made.auditId);
		const [comment] = audit.child_events;
		expect(comment).toEqual({
			id: made.commentId,
			via: { channel: 'web', source: { from: {}, to: {}, rel: null } },
			via_reference_id: null,
			type: 'Comment',
			author_id: 1002,
			body: 'Hello <there>',
			html_body: '<div class="zd-comment" dir="auto"><p>Hello &lt;there&gt;</p></div>',
			plain_body: 'Hello <there>',
			public: true,
			attachments: [],
			audit_id: audit.id,
			created_at: audit.created_at,
			event_type: 'Comment',
		});
		expect(comment).not.toHaveProperty('comment_present');
	});

	it('should write the author and privacy of comments by the requester, another end-user and an agent', async () => {
		const s = await start();
		const t = oldTicket(s);
		s.store.addComment(t.id, { atSeconds: NOW - 900, author: 'requester' });
		s.store.addComment(t.id, { atSeconds: NOW - 800, author: 'end-user' });
		s.store.addComment(t.id, { atSeconds: NOW - 700, public: false });
		const comments = childrenOf(await events(NOW - 900, '&include=comment_events'), 'Comment');
		expect(comments.map((c) => [c.author_id, c.public])).toEqual([
			[t.requester_id, true],
			[expect.any(Number), true],
			[1002, false],
		]);
		expect(comments[1].author_id).not.toBe(t.requester_id);
		expect(comments[1].author_id).toBeGreaterThanOrEqual(2001);
		const internal = await events(NOW - 700);
		expect(internal.body.ticket_events[0].child_events).toEqual([]);
	});

	it('should serve Create children key per field when a ticket is created', async () => {
		const s = await start();
		const t = oldTicket(s);
		const page = await events(0);
		const creates = childrenOf(page, 'Create');
		expect(creates).toContainEqual(
			expect.objectContaining({ via: 'Web form', via_reference_id: null, status: 'new' }),
		);
		expect(creates).toContainEqual(expect.objectContaining({ subject: t.subject }));
		for (const c of creates) {
			expect(c).not.toHaveProperty('field_name');
			expect(c).not.toHaveProperty('previous_value');
		}
	});

	it('should serve one key-per-field Change child for each changed field', async () => {
		const s = await start();
		const t = oldTicket(s);
		const fields = {
			status: t.status === 'solved' ? 'open' : 'solved',
			priority: t.priority === 'urgent' ? 'low' : 'urgent',
			type: t.type === 'task' ? 'question' : 'task',
			subject: 'A new subject',
			assignee_id: 1001,
			group_id: t.group_id === 4003 ? 4001 : 4003,
		};
		s.store.updateTicket(t.id, { atSeconds: NOW - 600, fields });
		const changes = childrenOf(await events(NOW - 600), 'Change');
		expect(changes).toHaveLength(6);
		for (const [field, value] of Object.entries(fields)) {
			const child = changes.find((c) => field in c)!;
			expect(child).toEqual({
				id: expect.any(Number),
				via: 'Web form',
				via_reference_id: null,
				[field]: value,
				event_type: 'Change',
				previous_value: (t as Json)[field],
				comment_present: false,
				comment_public: false,
			});
		}
	});

	it('should serve a custom field change as custom_ticket_fields keyed by field id', async () => {
		const s = await start();
		const t = oldTicket(s);
		const before = t.custom_fields.find((f) => f.id === 7001)!.value;
		const custom = t.custom_fields.map((f) =>
			f.id === 7001 ? { id: 7001, value: 'set_up_app' } : f,
		);
		s.store.updateTicket(t.id, { atSeconds: NOW - 600, fields: { custom_fields: custom } });
		const [change] = childrenOf(await events(NOW - 600), 'Change');
		expect(change).toMatchObject({
			custom_ticket_fields: { '7001': 'set_up_app' },
			event_type: 'Change',
			previous_value: before,
		});
	});

	it('should serve a tag change as the new tags with added_tags and removed_tags', async () => {
		const s = await start();
		const [t] = s.store.createTickets({ atSeconds: NOW - 3000, fields: { tags: ['a', 'b'] } });
		s.store.updateTicket(t.id, { atSeconds: NOW - 600, fields: { tags: ['b', 'c'] } });
		const [change] = childrenOf(await events(NOW - 600), 'Change');
		expect(change).toMatchObject({
			tags: ['b', 'c'],
			added_tags: ['c'],
			removed_tags: ['a'],
			event_type: 'Change',
		});
		expect(change).not.toHaveProperty('field_name');
	});

	it('should make no event for a system-only update while the ticket export moves', async () => {
		const s = await start();
		const t = oldTicket(s);
		// Even with a field touched (say, by a metrics job): system-only means no ticket event.
		s.store.updateTicket(t.id, { atSeconds: NOW - 600, system: true, fields: { tags: ['sys'] } });
		const tickets = await get(`/api/v2/incremental/tickets.json?start_time=${NOW - 600}`);
		expect(tickets.body.tickets.map((x: Json) => x.id)).toEqual([t.id]);
		expect((await events(NOW - 600)).body.count).toBe(0);
	});

	it('should record a soft delete as a status change to deleted, or nothing when switched off', async () => {
		const s = await start();
		const [a, b] = s.store.createTickets({ count: 2, atSeconds: NOW - 3000 });
		s.store.deleteTicket(a.id, { atSeconds: NOW - 600 });
		s.setConfig({ deletedTicketEvents: 'none' });
		s.store.deleteTicket(b.id, { atSeconds: NOW - 500 });
		const page = await events(NOW - 600);
		expect(page.body.ticket_events.map((e: Json) => e.ticket_id)).toEqual([a.id]);
		expect(page.body.ticket_events[0].child_events[0]).toMatchObject({
			status: 'deleted',
			previous_value: 'new',
		});
	});

	it('should hold a scheduled comment back until the clock reaches it', async () => {
		const s = await start();
		const t = oldTicket(s);
		const made = s.store.addComment(t.id, { atSeconds: NOW + 100 })!;
		expect(made.auditId).toEqual(expect.any(Number));
		s.clock.advanceBy(150_000);
		expect((await events(NOW)).body.count).toBe(0); // exists now, still in the withheld minute
		s.clock.advanceBy(20_000);
		expect(auditIds(await events(NOW))).toEqual([made.auditId]);
	});

	it('should give seeded tickets creation and update audits with seedTicketEvents', async () => {
		const s = await start({ seedTickets: 50, seedTicketEvents: true });
		const truth = s.store.truth();
		const page = await events(0);
		const updated = truth.filter(
			(r) => r.updated_at !== s.store.getTicket(r.id)!.ticket.created_at,
		);
		expect(page.body.count).toBe(50 + updated.length);
		expect(new Set(page.body.ticket_events.map((e: Json) => e.ticket_id)).size).toBe(50);
	});
});

describe('ticket events export: real-world switches', () => {
	it('should serve comment via as a string, null or mixed when commentViaStyle says so', async () => {
		const s = await start();
		const t = oldTicket(s);
		s.store.addComment(t.id, { atSeconds: NOW - 600 });
		s.store.addComment(t.id, { atSeconds: NOW - 500 });
		const vias = async () =>
			childrenOf(await events(NOW - 600, '&include=comment_events'), 'Comment').map((c) => c.via);
		s.setConfig({ commentViaStyle: 'string' });
		expect(await vias()).toEqual(['web', 'web']);
		s.setConfig({ commentViaStyle: 'null' });
		expect(await vias()).toEqual([null, null]);
		s.setConfig({ commentViaStyle: 'mixed' });
		const mixed = await vias();
		expect(mixed.map((v) => typeof v).sort()).toEqual(['object', 'string']);
	});

	it('should add merged_ticket_ids to every audit only with includeMergedTicketIds', async () => {
		const s = await start({ includeMergedTicketIds: true });
		oldTicket(s);
		expect((await events(0)).body.ticket_events[0].merged_ticket_ids).toEqual([]);
	});

	it('should mix Notification and SlaTargetChange children in with unknownChildEvents', async () => {
		const s = await start({ unknownChildEvents: true });
		const [a, b] = s.store.createTickets({ count: 2, atSeconds: NOW - 600 });
		const page = await events(NOW - 600);
		const kinds = page.body.ticket_events.map((e: Json) => e.child_events.at(-1).event_type);
		expect(kinds.sort()).toEqual(['Notification', 'SlaTargetChange']);
		expect(page.body.ticket_events.map((e: Json) => e.ticket_id)).toEqual([a.id, b.id]);
		const truth = s.store.eventsTruth();
		expect(truth.changes.map((c) => c.field)).not.toContain('first_reply_time');
	});

	it('should serve the legacy field_name/value shape with changeEventStyle field-name', async () => {
		const s = await start({ changeEventStyle: 'field-name' });
		const [t] = s.store.createTickets({ atSeconds: NOW - 3000, fields: { tags: ['a'] } });
		const custom = t.custom_fields.map((f) => (f.id === 7002 ? { id: 7002, value: '99' } : f));
		s.store.updateTicket(t.id, {
			atSeconds: NOW - 600,
			fields: { status: 'open', tags: ['a', 'b'], custom_fields: custom },
		});
		const changes = childrenOf(await events(NOW - 600), 'Change');
		expect(changes.map((c) => [c.field_name, c.value, c.previous_value])).toEqual([
			['status', 'open', 'new'],
			['tags', ['a', 'b'], ['a']],
			['7002', '99', t.custom_fields.find((f) => f.id === 7002)!.value],
		]);
		expect(changes[0]).not.toHaveProperty('status');
	});
});
