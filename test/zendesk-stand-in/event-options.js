'use strict';
/**
 * The options of the ticket-event, user and organization exports (README.md, "Ticket events,
 * users and organizations"). Kept here so that server.js only spreads them into its own tables.
 */

const EVENT_DEFAULTS = Object.freeze({
	/** Extra end-users (ids from 10001) and organizations (from 3101) seeded at start and on reset. */
	seedUsers: 0,
	seedOrganizations: 0,
	/** Seeded tickets get a creation audit and, when updated later, an update audit. */
	seedTicketEvents: false,
	/** The users cursor export's own window (Zendesk: 20 a minute); 0 shares the export budget. */
	usersCursorExportLimitPerWindow: 20,
	// Real-world shapes of ticket events; the defaults are the documented/observed shapes.
	commentViaStyle: 'object',
	includeMergedTicketIds: false,
	unknownChildEvents: false,
	changeEventStyle: 'key-per-field',
	/** Our guess: a soft delete is a Change of status to "deleted". 'none': no event at all. */
	deletedTicketEvents: 'status-change',
});

const EVENT_ENUMS = Object.freeze({
	commentViaStyle: ['object', 'string', 'null', 'mixed'],
	changeEventStyle: ['key-per-field', 'field-name'],
	deletedTicketEvents: ['status-change', 'none'],
});

/** Read only by a reset (like seedTickets), so they cannot change at run time. */
const EVENT_FIXED_KEYS = Object.freeze(['seedUsers', 'seedOrganizations', 'seedTicketEvents']);

module.exports = { EVENT_DEFAULTS, EVENT_ENUMS, EVENT_FIXED_KEYS };
