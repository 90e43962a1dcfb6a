/**
 * What one audit of `GET /api/v2/incremental/ticket_events` expands to: comments, and field changes.
 * Pure: no n8n, no HTTP. Groundwork for the New Comment and Ticket Field Changed modes.
 *
 * The shapes are the ones real pages have, not Zendesk's OpenAPI example (which shows a metric
 * event): a Change child names its field as its own key next to `previous_value`
 * (`{"status":"solved","previous_value":"open","event_type":"Change"}`), custom fields sit in
 * `custom_ticket_fields: {id: value}`, tags come as the full list plus `added_tags` and
 * `removed_tags`. The older audit shape (`field_name`/`value`) is read too, in case it comes back.
 * Event types not listed here (Notification, SlaTargetChange, …) are skipped: Zendesk adds new ones
 * at any time and says to ignore the ones a client does not know.
 */

/** One `ticket_events[]` record (an audit). Only what is read here is typed. */
export interface TicketEventAudit {
	id: number;
	ticket_id: number;
	timestamp: number;
	created_at: string;
	updater_id: number | null;
	via: unknown;
	child_events?: unknown;
	[key: string]: unknown;
}

/** A comment as an item: what a "customer replied → Slack" workflow reads directly. */
export interface CommentItem {
	id: number;
	ticket_id: number;
	audit_id: number;
	author_id: number | null;
	public: boolean;
	body: string;
	plain_body: string;
	html_body: string;
	created_at: string;
	/** `{channel, source}`; a bare string becomes `{channel}`, anything else null. */
	via: Record<string, unknown> | null;
	attachments: unknown[];
	updater_id: number | null;
	timestamp: number;
}

/** One changed field of one audit. */
export interface FieldChangeItem {
	/** The audit's id: with `field`, the change's identity. */
	event_id: number;
	ticket_id: number;
	/** `status`, `priority`, `assignee_id`, `tags`, … or `custom_field:<id>`. */
	field: string;
	custom_field_id?: number;
	value: unknown;
	/** null when Zendesk did not send one (a Create, or tags). */
	previous_value: unknown;
	added_tags?: string[];
	removed_tags?: string[];
	/** `Create` (the ticket was created with this value) or `Change`. */
	change_type: 'Create' | 'Change';
	updater_id: number | null;
	via: unknown;
	created_at: string;
	timestamp: number;
}

/** Keys of a Create/Change child that describe the child, not a ticket field. */
const CHILD_META_KEYS = new Set([
	'id',
	'via',
	'via_reference_id',
	'event_type',
	'previous_value',
	'comment_present',
	'comment_public',
	'field_name',
	'value',
	'added_tags',
	'removed_tags',
]);

type Child = Record<string, unknown>;

function childrenOf(audit: TicketEventAudit, warn: (message: string) => void): Child[] {
	const children = audit.child_events;
	if (children === undefined || children === null) return [];
	if (!Array.isArray(children)) {
		warn(
			`Zendesk sent ticket event ${audit.id} with child_events that is not a list; it is skipped.`,
		);
		return [];
	}
	return children.filter((child): child is Child => {
		if (child !== null && typeof child === 'object' && !Array.isArray(child)) return true;
		warn(
			`Zendesk sent ticket event ${audit.id} with a child event that is not an object; it is skipped.`,
		);
		return false;
	});
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const idOrNull = (value: unknown): number | null => (typeof value === 'number' ? value : null);

function readVia(via: unknown): Record<string, unknown> | null {
	if (via !== null && typeof via === 'object' && !Array.isArray(via))
		return via as Record<string, unknown>;
	if (typeof via === 'string' && via !== '') return { channel: via };
	return null;
}

/** The comments an audit holds (present only when the request asked for `include=comment_events`). */
export function readComments(
	audit: TicketEventAudit,
	warn: (message: string) => void = () => {},
): CommentItem[] {
	const comments: CommentItem[] = [];
	for (const child of childrenOf(audit, warn)) {
		if (child.event_type !== 'Comment') continue;
		if (typeof child.id !== 'number') {
			warn(`Zendesk sent a comment without an id in ticket event ${audit.id}; it is skipped.`);
			continue;
		}
		const body = text(child.body);
		comments.push({
			id: child.id,
			ticket_id: audit.ticket_id,
			audit_id: audit.id,
			author_id: idOrNull(child.author_id),
			public: child.public === true,
			body,
			plain_body: typeof child.plain_body === 'string' ? child.plain_body : body,
			html_body: text(child.html_body),
			created_at: typeof child.created_at === 'string' ? child.created_at : audit.created_at,
			via: readVia(child.via),
			attachments: Array.isArray(child.attachments) ? child.attachments : [],
			updater_id: audit.updater_id,
			timestamp: audit.timestamp,
		});
	}
	return comments;
}

/** Every field an audit's Create and Change children set, one item per field. */
export function readFieldChanges(
	audit: TicketEventAudit,
	warn: (message: string) => void = () => {},
	{ includeCreate = true }: { includeCreate?: boolean } = {},
): FieldChangeItem[] {
	const changes: FieldChangeItem[] = [];
	for (const child of childrenOf(audit, warn)) {
		const changeType = child.event_type;
		if (changeType !== 'Create' && changeType !== 'Change') continue;
		// A new ticket has a Create child per field; most triggers skip them, so none is built.
		if (changeType === 'Create' && !includeCreate) continue;
		const base: Omit<FieldChangeItem, keyof FieldPart> = {
			event_id: audit.id,
			ticket_id: audit.ticket_id,
			change_type: changeType,
			updater_id: audit.updater_id,
			via: child.via ?? audit.via,
			created_at: audit.created_at,
			timestamp: audit.timestamp,
		};
		const previous = 'previous_value' in child ? child.previous_value : null;
		// Object.assign, not a spread: it runs for every field of every audit of a page, and the
		// spread was the larger part of a Ticket Field Changed poll's CPU (bench/README.md).
		for (const change of fieldsOf(child, previous)) changes.push(Object.assign({}, base, change));
	}
	return changes;
}

type FieldPart = Pick<
	FieldChangeItem,
	'field' | 'custom_field_id' | 'value' | 'previous_value' | 'added_tags' | 'removed_tags'
>;

function fieldsOf(child: Child, previous: unknown): FieldPart[] {
	if (typeof child.field_name === 'string') {
		// The older audit shape: one field_name/value pair; a numeric name is a custom field id.
		const customId = /^\d+$/.test(child.field_name) ? Number(child.field_name) : undefined;
		const field = customId === undefined ? child.field_name : `custom_field:${customId}`;
		return [{ field, custom_field_id: customId, value: child.value, previous_value: previous }];
	}
	const parts: FieldPart[] = [];
	for (const [key, value] of Object.entries(child)) {
		if (CHILD_META_KEYS.has(key)) continue;
		if (key === 'tags') {
			parts.push({
				field: 'tags',
				value,
				previous_value: previous,
				added_tags: stringList(child.added_tags),
				removed_tags: stringList(child.removed_tags),
			});
		} else if (key === 'custom_ticket_fields' && value !== null && typeof value === 'object') {
			for (const [id, customValue] of Object.entries(value as Record<string, unknown>)) {
				const customId = Number(id);
				parts.push({
					field: `custom_field:${id}`,
					custom_field_id: Number.isSafeInteger(customId) ? customId : undefined,
					value: customValue,
					previous_value: previous,
				});
			}
		} else {
			parts.push({ field: key, value, previous_value: previous });
		}
	}
	return parts;
}

function stringList(value: unknown): string[] {
	return Array.isArray(value) ? value.filter((tag): tag is string => typeof tag === 'string') : [];
}
