'use strict';
/**
 * Ticket events (audits) for GET /incremental/ticket_events. Mixed into Store (store.js), so `this`
 * is the store: every ticket create, update and delete the store makes calls _recordTicketEvent,
 * so the events can never disagree with the ticket export.
 *
 * An audit record is { ts, id, stale, ticketId, kind, before, after, comment, updaterId, via,
 * insertedAt }. It keeps references to the (immutable) ticket versions before and after, and its
 * child events are built when served, by comparing the two: cheap to keep, and the same children
 * (with the same ids) on every request. Seeded audits (seedTicketEvents) hold the seeded ticket
 * record instead and are resolved the same lazy way as seeded tickets.
 *
 * Ids: audit ids count up from AUDIT_ID_BASE; a child's id is audit id * 100 + its slot (0 is the
 * comment, 1.. the field changes, 99 the unknown event a switch adds), so an id never depends on
 * `include` or on the switches.
 */

const { SortedLog, Pending } = require('./sorted-log.js');
const { AGENT, ADMIN, FIRST_END_USER_ID, END_USER_COUNT, iso } = require('./account.js');

const AUDIT_ID_BASE = 20000000001;
const CHILD_SLOTS = 100;
const UNKNOWN_SLOT = 99;
/** Ticket fields that get one Create/Change child each, in the order they are listed. */
const TRACKED = [
	'subject',
	'requester_id',
	'status',
	'priority',
	'type',
	'assignee_id',
	'group_id',
	'brand_id',
	'ticket_form_id',
];
const VIA_CHANNELS = { 'Web form': 'web', API: 'api', Mail: 'email', Email: 'email', Chat: 'chat' };
const SYSTEM = Object.freeze({
	client: 'Mozilla/5.0 (X11; Linux x86_64) stand-in',
	location: 'Berlin, BE, Germany',
	latitude: 52.52,
	longitude: 13.405,
});

const sameList = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
const customMap = (t) => new Map(((t && t.custom_fields) || []).map((f) => [f.id, f.value]));
const escapeHtml = (s) =>
	String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** The field changes of one audit: { eventType, field, value, previous, customId?, added?, removed? }. */
function fieldChanges(kind, before, after) {
	const out = [];
	if (kind === 'create') {
		for (const f of TRACKED) {
			if (after[f] != null) out.push({ eventType: 'Create', field: f, value: after[f] });
		}
		const tags = after.tags || [];
		if (tags.length) {
			out.push({ eventType: 'Create', field: 'tags', value: tags, added: tags, removed: [] });
		}
		for (const [id, value] of customMap(after)) {
			if (value != null) {
				out.push({ eventType: 'Create', field: `custom_ticket_fields.${id}`, customId: id, value });
			}
		}
		return out;
	}
	for (const f of TRACKED) {
		const value = after[f] === undefined ? null : after[f];
		const previous = before[f] === undefined ? null : before[f];
		if (value !== previous) out.push({ eventType: 'Change', field: f, value, previous });
	}
	const was = before.tags || [];
	const now = after.tags || [];
	if (!sameList(was, now)) {
		const added = now.filter((t) => !was.includes(t));
		const removed = was.filter((t) => !now.includes(t));
		out.push({ eventType: 'Change', field: 'tags', value: now, previous: was, added, removed });
	}
	const oldCustom = customMap(before);
	for (const [id, value] of customMap(after)) {
		const previous = oldCustom.has(id) ? oldCustom.get(id) : null;
		if (value !== previous) {
			out.push({ eventType: 'Change', field: `custom_ticket_fields.${id}`, customId: id, value, previous });
		}
	}
	return out;
}

const eventMethods = {
	_resetEvents() {
		this._ev = { log: new SortedLog(), pending: new Pending(), nextAuditId: AUDIT_ID_BASE, last: null };
		if (!this.config.seedTicketEvents) return;
		const at = this.now();
		// Seeded tickets have no stored versions: their audits point at the seeded record.
		for (const rec of [...this.byId.values()].sort((a, b) => a.id - b.id)) {
			this._addAudit({ ts: rec.createdAt, ticketId: rec.id, rec, kind: 'seed-create' }, at);
			if (rec.updatedAt > rec.createdAt) {
				this._addAudit({ ts: rec.updatedAt, ticketId: rec.id, rec, kind: 'seed-update' }, at);
			}
		}
	},

	_applyDueEvents(now) {
		this._ev.pending.runDue(now);
	},

	_addAudit(fields, insertedAt) {
		const audit = { stale: false, id: this._ev.nextAuditId++, insertedAt, ...fields };
		this._ev.log.add(audit);
		return audit;
	},

	/**
	 * Called by the store for every ticket change it makes (kind 'create', 'update' or 'delete').
	 * A system-only update makes no event (Zendesk moves updated_at only when an update makes one);
	 * an update that changes no tracked field and adds no comment makes none either.
	 */
	_recordTicketEvent(kind, before, after, at, input = {}) {
		this._ev.last = null;
		if (kind === 'update' && input.system) return;
		if (kind === 'delete' && this.config.deletedTicketEvents === 'none') return;
		const comment = this._commentOf(kind, before, after, input);
		if (kind !== 'create' && !comment && !fieldChanges(kind, before, after).length) return;
		const updaterId =
			input.updaterId != null
				? Number(input.updaterId)
				: comment
					? comment.authorId
					: kind === 'create'
						? after.submitter_id
						: AGENT.id;
		const audit = {
			ts: at,
			ticketId: after.id,
			kind,
			before,
			after,
			comment,
			updaterId,
			via: input.via == null ? 'Web form' : String(input.via),
		};
		// The id is taken now, so a test gets it back even when the change is scheduled.
		const id = this._ev.nextAuditId++;
		const place = (insertedAt) => this._ev.log.add({ ...audit, id, stale: false, insertedAt });
		if (at <= this.now()) place(this.now());
		else this._ev.pending.add(at, () => place(at));
		this._ev.last = { id, commentId: comment ? id * CHILD_SLOTS : null };
	},

	/** The comment of a change: the description on create, or the one addComment passes. */
	_commentOf(kind, before, after, input) {
		if (kind === 'create') {
			return { authorId: after.submitter_id || after.requester_id, body: after.description, public: true };
		}
		const c = input.comment;
		if (!c) return null;
		const requester = (before || after).requester_id;
		let authorId = AGENT.id;
		if (typeof c.author === 'number' || /^\d+$/.test(String(c.author))) authorId = Number(c.author);
		else if (c.author === 'requester') authorId = requester;
		else if (c.author === 'admin') authorId = ADMIN.id;
		else if (c.author === 'end-user') {
			// Another end-user than the requester (a CC'd colleague, say).
			const offset = (((requester - FIRST_END_USER_ID + 1) % END_USER_COUNT) + END_USER_COUNT) % END_USER_COUNT;
			authorId = FIRST_END_USER_ID + offset;
		}
		return { authorId, body: String(c.body == null ? 'A comment' : c.body), public: c.public !== false };
	},

	/**
	 * A comment on a ticket, optionally with field changes in the same audit. author: 'agent'
	 * (default), 'admin', 'requester', 'end-user' (an end-user who is not the requester) or a user id.
	 */
	addComment(ticketId, input = {}) {
		const { body, author = 'agent', fields, atSeconds, via, updaterId } = input;
		const comment = { body, author, public: input.public !== false };
		const ticket = this.updateTicket(ticketId, { fields, atSeconds, via, updaterId, comment });
		if (!ticket || !this._ev.last) return null;
		return { ticket, auditId: this._ev.last.id, commentId: this._ev.last.commentId };
	},

	/** The audit's before/after/comment, resolving a seeded one from its ticket record. */
	_resolve(a) {
		if (!a.rec) return a;
		const t = this.ticketOf(a.rec);
		const fresh = { ...t, status: 'new', assignee_id: null };
		if (a.kind === 'seed-create') {
			const comment = { authorId: t.requester_id, body: t.description, public: true };
			return { ...a, kind: 'create', before: null, after: fresh, comment, updaterId: t.requester_id, via: 'Mail' };
		}
		const agent = t.assignee_id || AGENT.id;
		const comment = { authorId: agent, body: `We are on it (ticket ${t.id}).`, public: true };
		return { ...a, kind: 'update', before: fresh, after: t, comment, updaterId: agent, via: 'Web form' };
	},

	ticketEventsPage(query) {
		return this._ev.log.timePage(query);
	},

	/** One ticket_events[] item as the export serves it. */
	serveTicketEvent(raw, withComments) {
		const a = this._resolve(raw);
		const cfg = this.config;
		const children = [];
		const c = a.comment;
		if (c && withComments) children.push(this._commentChild(a));
		fieldChanges(a.kind, a.before, a.after).forEach((ch, i) => {
			const child = this._changeChild(a, ch, a.id * CHILD_SLOTS + 1 + i);
			// Without include=comment_events Zendesk leaves the comment out and flags it on the children.
			if (!withComments) Object.assign(child, { comment_present: !!c, comment_public: !!(c && c.public) });
			children.push(child);
		});
		if (cfg.unknownChildEvents) children.push(this._unknownChild(a));
		const event = {
			id: a.id,
			ticket_id: a.ticketId,
			timestamp: a.ts,
			created_at: iso(a.ts),
			updater_id: a.updaterId,
			via: a.via,
			system: SYSTEM,
			metadata: {},
			event_type: 'Audit',
			child_events: children,
		};
		if (cfg.includeMergedTicketIds) event.merged_ticket_ids = [];
		return event;
	},

	_commentChild(a) {
		const c = a.comment;
		const viaObject = { channel: VIA_CHANNELS[a.via] || 'web', source: { from: {}, to: {}, rel: null } };
		const style = this.config.commentViaStyle;
		let via = viaObject;
		if (style === 'string' || (style === 'mixed' && a.id % 2 === 1)) via = viaObject.channel;
		else if (style === 'null') via = null;
		return {
			id: a.id * CHILD_SLOTS,
			via,
			via_reference_id: null,
			type: 'Comment',
			author_id: c.authorId,
			body: c.body,
			html_body: `<div class="zd-comment" dir="auto"><p>${escapeHtml(c.body)}</p></div>`,
			plain_body: c.body,
			public: c.public,
			attachments: [],
			audit_id: a.id,
			created_at: iso(a.ts),
			event_type: 'Comment',
		};
	},

	_changeChild(a, ch, id) {
		const head = { id, via: a.via, via_reference_id: null };
		const isCreate = ch.eventType === 'Create';
		if (this.config.changeEventStyle === 'field-name') {
			const fieldName = ch.customId != null ? String(ch.customId) : ch.field;
			const legacy = { ...head, event_type: ch.eventType, field_name: fieldName, value: ch.value };
			if (!isCreate) legacy.previous_value = ch.previous;
			return legacy;
		}
		if (ch.field === 'tags') {
			return { ...head, tags: ch.value, added_tags: ch.added, removed_tags: ch.removed, event_type: ch.eventType };
		}
		const keyed =
			ch.customId != null
				? { ...head, custom_ticket_fields: { [String(ch.customId)]: ch.value } }
				: { ...head, [ch.field]: ch.value };
		keyed.event_type = ch.eventType;
		if (!isCreate) keyed.previous_value = ch.previous;
		return keyed;
	},

	/** An event type this project does not model, as Zendesk may add at any time. */
	_unknownChild(a) {
		const head = { id: a.id * CHILD_SLOTS + UNKNOWN_SLOT, via: a.via, via_reference_id: null };
		if (a.id % 2 === 0) {
			return {
				...head,
				subject: '[Example] Re: {{ticket.title}}',
				body: 'Your request ({{ticket.id}}) has been updated.',
				recipients: [a.after.requester_id],
				event_type: 'Notification',
			};
		}
		return {
			...head,
			field_name: 'first_reply_time',
			value: { minutes: 60, in_business_hours: false },
			previous_value: null,
			event_type: 'SlaTargetChange',
		};
	},

	/**
	 * Every comment and every field change (Create and Change children) that exists as of now(),
	 * ordered by (timestamp, audit id), with the time each became exportable.
	 */
	eventsTruth() {
		this.applyDue();
		const log = this._ev.log;
		log._ensureSorted();
		const withheld = this.config.withheldSeconds;
		const comments = [];
		const changes = [];
		for (const raw of log.items) {
			const a = this._resolve(raw);
			const exportableAtSeconds = Math.max(a.ts + withheld, a.insertedAt);
			const common = { audit_id: a.id, ticket_id: a.ticketId, timestamp: a.ts, exportableAtSeconds };
			if (a.comment) {
				const { authorId, body } = a.comment;
				comments.push({ id: a.id * CHILD_SLOTS, ...common, author_id: authorId, public: a.comment.public, body });
			}
			fieldChanges(a.kind, a.before, a.after).forEach((ch, i) => {
				changes.push({
					id: a.id * CHILD_SLOTS + 1 + i,
					...common,
					event_type: ch.eventType,
					field: ch.field,
					value: ch.value,
					previous_value: ch.eventType === 'Create' ? null : ch.previous,
				});
			});
		}
		return { comments, changes };
	},
};

module.exports = { eventMethods, fieldChanges, AUDIT_ID_BASE, CHILD_SLOTS };
