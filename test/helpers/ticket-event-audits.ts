/** Audits shared by the ticket-event tests: hand-made ones, and the stand-in's own. */
import {
	readFieldChanges,
	type TicketEventAudit,
} from '../../nodes/ZendeskExportTrigger/engine/ticket-events';

// The stand-in is our one model of Zendesk: its audits must read back as the changes it made.
export const { serveAudit, fieldChanges } = require('../zendesk-stand-in/event-shapes.js');

export const BEFORE = {
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
export const AFTER = {
	...BEFORE,
	status: 'solved',
	priority: 'urgent',
	assignee_id: 7001,
	tags: ['printer', 'escalated'],
	custom_fields: [{ id: 360041597112, value: 'set_up_app' }],
};
export const STAND_IN_CONFIG = { commentViaStyle: 'object', changeEventStyle: 'key-per-field' };

export function audit(
	childEvents: unknown,
	extra: Partial<TicketEventAudit> = {},
): TicketEventAudit {
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

export function served(
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

export const byField = (audit: TicketEventAudit) =>
	Object.fromEntries(readFieldChanges(audit).map((change) => [change.field, change]));
