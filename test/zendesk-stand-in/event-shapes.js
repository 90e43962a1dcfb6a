'use strict';
/**
 * The JSON of ticket events: which Create/Change children an audit has (fieldChanges) and how an
 * audit, its Comment child, its key-per-field (or legacy field_name) children and the unknown
 * events a switch adds look. Pure functions of an audit record (see events-store.js) and the
 * config, so the same audit always serves the same children with the same ids.
 *
 * Ids: a child's id is audit id * CHILD_SLOTS + its slot (0 is the comment, 1.. the field
 * changes, 99 the unknown event), so an id never depends on `include` or on the switches.
 */

const { iso } = require('./account.js');

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
	String(s).replace(
		/[&<>"]/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c],
	);

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
			out.push({
				eventType: 'Change',
				field: `custom_ticket_fields.${id}`,
				customId: id,
				value,
				previous,
			});
		}
	}
	return out;
}

/** One ticket_events[] item as the export serves it. */
function serveAudit(a, withComments, config) {
	const cfg = config;
	const children = [];
	const c = a.comment;
	if (c && withComments) children.push(commentChild(a, config));
	fieldChanges(a.kind, a.before, a.after).forEach((ch, i) => {
		const child = changeChild(a, ch, a.id * CHILD_SLOTS + 1 + i, config);
		// Without include=comment_events Zendesk leaves the comment out and flags it on the children.
		if (!withComments)
			Object.assign(child, { comment_present: !!c, comment_public: !!(c && c.public) });
		children.push(child);
	});
	if (cfg.unknownChildEvents) children.push(unknownChild(a));
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
}

function commentChild(a, config) {
	const c = a.comment;
	const viaObject = {
		channel: VIA_CHANNELS[a.via] || 'web',
		source: { from: {}, to: {}, rel: null },
	};
	const style = config.commentViaStyle;
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
}

function changeChild(a, ch, id, config) {
	const head = { id, via: a.via, via_reference_id: null };
	const isCreate = ch.eventType === 'Create';
	if (config.changeEventStyle === 'field-name') {
		const fieldName = ch.customId != null ? String(ch.customId) : ch.field;
		const legacy = { ...head, event_type: ch.eventType, field_name: fieldName, value: ch.value };
		if (!isCreate) legacy.previous_value = ch.previous;
		return legacy;
	}
	if (ch.field === 'tags') {
		return {
			...head,
			tags: ch.value,
			added_tags: ch.added,
			removed_tags: ch.removed,
			event_type: ch.eventType,
		};
	}
	const keyed =
		ch.customId != null
			? { ...head, custom_ticket_fields: { [String(ch.customId)]: ch.value } }
			: { ...head, [ch.field]: ch.value };
	keyed.event_type = ch.eventType;
	if (!isCreate) keyed.previous_value = ch.previous;
	return keyed;
}

/** An event type this project does not model, as Zendesk may add at any time. */
function unknownChild(a) {
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
}

module.exports = { fieldChanges, serveAudit, CHILD_SLOTS };
