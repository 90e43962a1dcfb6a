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
const { AGENT, ADMIN, FIRST_END_USER_ID, END_USER_COUNT } = require('./account.js');
const { fieldChanges, serveAudit, CHILD_SLOTS } = require('./event-shapes.js');

const AUDIT_ID_BASE = 20000000001;

const eventMethods = {
	_resetEvents() {
		this._ev = {
			log: new SortedLog(),
			pending: new Pending(),
			nextAuditId: AUDIT_ID_BASE,
			last: null,
		};
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
			return {
				authorId: after.submitter_id || after.requester_id,
				body: after.description,
				public: true,
			};
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
			const offset =
				(((requester - FIRST_END_USER_ID + 1) % END_USER_COUNT) + END_USER_COUNT) % END_USER_COUNT;
			authorId = FIRST_END_USER_ID + offset;
		}
		return {
			authorId,
			body: String(c.body == null ? 'A comment' : c.body),
			public: c.public !== false,
		};
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
			return {
				...a,
				kind: 'create',
				before: null,
				after: fresh,
				comment,
				updaterId: t.requester_id,
				via: 'Mail',
			};
		}
		const agent = t.assignee_id || AGENT.id;
		const comment = { authorId: agent, body: `We are on it (ticket ${t.id}).`, public: true };
		return {
			...a,
			kind: 'update',
			before: fresh,
			after: t,
			comment,
			updaterId: agent,
			via: 'Web form',
		};
	},

	ticketEventsPage(query) {
		return this._ev.log.timePage(query);
	},

	/** One ticket_events[] item as the export serves it. */
	serveTicketEvent(raw, withComments) {
		return serveAudit(this._resolve(raw), withComments, this.config);
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
			const common = {
				audit_id: a.id,
				ticket_id: a.ticketId,
				timestamp: a.ts,
				exportableAtSeconds,
			};
			if (a.comment) {
				const { authorId, body } = a.comment;
				comments.push({
					id: a.id * CHILD_SLOTS,
					...common,
					author_id: authorId,
					public: a.comment.public,
					body,
				});
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

module.exports = { eventMethods, AUDIT_ID_BASE };
