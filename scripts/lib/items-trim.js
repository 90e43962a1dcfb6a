'use strict';
/**
 * What the README and docs/items.md show of the items scripts/example-items.js gets from the node:
 * the one item per mode the story is about (PICK), and the fields kept of it (KEEP, trim).
 */

/** The item the README shows per mode: the one the story is about. */
const PICK = {
	tickets: (items) => items.find((item) => item.subject === 'Invoice shows the wrong VAT number'),
	comments: (items) => items[items.length - 1],
	fieldChanges: (items) => items.find((item) => item.value === 'open') ?? items[0],
	users: (items) => items.find((item) => item.name === 'Ada Lovelace'),
	organizations: (items) => items.find((item) => item.id === 3002),
};

/**
 * The fields the README keeps per mode (in the item's own order); the rest is replaced by one
 * `"…": "N more fields (trimmed)"`. Nested records (ticket, author, requester, …) are trimmed too.
 */
const KEEP = {
	tickets: [
		'url',
		'id',
		'created_at',
		'updated_at',
		'generated_timestamp',
		'subject',
		'priority',
		'status',
		'requester_id',
		'assignee_id',
		'tags',
		'custom_fields',
		'requester',
	],
	comments: [
		'id',
		'ticket_id',
		'audit_id',
		'author_id',
		'public',
		'body',
		'plain_body',
		'html_body',
		'created_at',
		'via',
		'attachments',
		'updater_id',
		'timestamp',
		'ticket',
		'author',
	],
	fieldChanges: [
		'event_id',
		'ticket_id',
		'change_type',
		'updater_id',
		'via',
		'created_at',
		'timestamp',
		'field',
		'value',
		'previous_value',
		'ticket',
		'updater',
	],
	users: [
		'id',
		'url',
		'name',
		'email',
		'created_at',
		'updated_at',
		'phone',
		'organization_id',
		'role',
		'active',
		'suspended',
		'user_fields',
	],
	organizations: [
		'url',
		'id',
		'name',
		'created_at',
		'updated_at',
		'domain_names',
		'notes',
		'tags',
		'organization_fields',
		'deleted_at',
	],
};
const KEEP_NESTED = ['id', 'url', 'name', 'email', 'role', 'subject', 'status', 'requester_id'];

function trim(record, keep) {
	const out = {};
	for (const key of Object.keys(record)) {
		if (!keep.includes(key)) continue;
		const value = record[key];
		const nested =
			value !== null && typeof value === 'object' && !Array.isArray(value) && 'id' in value;
		out[key] = nested ? trim(value, KEEP_NESTED) : value;
	}
	const left = Object.keys(record).length - Object.keys(out).length;
	if (left > 0) out['…'] = `${left} more fields (trimmed)`;
	return out;
}

module.exports = { PICK, KEEP, trim };
