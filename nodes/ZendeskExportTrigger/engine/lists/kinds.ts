/** The list kinds the node offers: New Suspended Ticket and Ticket Entered View. */
import { agentUrl, fieldOf, type ItemShape } from '../item-shape';
import type { ExportItem, ExportRecord } from '../types';
import { membershipKind, type MembershipState } from './membership';
import { seenSinceKind, type SeenSinceState } from './seen-since';
import type { ListKind } from './types';

/** The most records one list poll keeps track of (100 requests of 100 a poll at most). */
export const LIST_MAX_RECORDS = 10_000;
/**
 * How far below the newest suspended ticket the floor trails: a ticket suspended a moment before
 * another may be listed a moment after it. Zendesk documents no such lag; an hour is generous.
 */
export const SUSPENDED_MARGIN_SECONDS = 3_600;
/** Characters of a suspended ticket's content the simplified item carries. */
const CONTENT_PREVIEW_CHARS = 300;

export function isoSeconds(value: unknown): number | undefined {
	if (typeof value !== 'string') return undefined;
	const ms = Date.parse(value);
	return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

const idKey = (record: ExportRecord): string | undefined =>
	(typeof record.id === 'number' && Number.isSafeInteger(record.id)) ||
	(typeof record.id === 'string' && /^\d+$/.test(record.id))
		? String(record.id)
		: undefined;

/** Where agents review suspended tickets (Zendesk Support's Suspended tickets view). */
function suspendedUrl(shape: ItemShape): string | null {
	return shape.siteUrl === undefined ? null : `${shape.siteUrl}/agent/filters/suspended`;
}

export function simplifySuspendedTicket(record: ExportRecord, shape: ItemShape): ExportItem {
	const author =
		typeof record.author === 'object' && record.author !== null
			? (record.author as ExportRecord)
			: null;
	const content = typeof record.content === 'string' ? record.content : null;
	return {
		id: record.id,
		subject: record.subject ?? null,
		cause: record.cause ?? null,
		author_name: fieldOf(author, 'name'),
		author_email: fieldOf(author, 'email'),
		content_preview: content === null ? null : content.slice(0, CONTENT_PREVIEW_CHARS),
		ticket_id: record.ticket_id ?? null,
		recipient: record.recipient ?? null,
		brand_id: record.brand_id ?? null,
		created_at: record.created_at ?? null,
		agent_url: suspendedUrl(shape),
		author_id: fieldOf(author, 'id'),
		cause_id: record.cause_id ?? null,
	};
}

export function suspendedTicketsKind(shape: ItemShape): ListKind<SeenSinceState> {
	return seenSinceKind({
		itemNoun: 'suspended ticket',
		maxRecords: LIST_MAX_RECORDS,
		marginSeconds: SUSPENDED_MARGIN_SECONDS,
		maxSeenKeys: LIST_MAX_RECORDS,
		keyOf: idKey,
		secondsOf: (record) => isoSeconds(record.created_at),
		toItem: (record) =>
			shape.simplify
				? simplifySuspendedTicket(record, shape)
				: { ...record, agent_url: suspendedUrl(shape) },
	});
}

export interface ViewKindOptions {
	viewId: number;
	emitLeft: boolean;
}

export function viewTicketsKind(
	{ viewId, emitLeft }: ViewKindOptions,
	shape: ItemShape,
): ListKind<MembershipState> {
	return membershipKind({
		itemNoun: 'view entry',
		maxRecords: LIST_MAX_RECORDS,
		emitLeft,
		entered: (ticket) =>
			shape.simplify
				? {
						event: 'entered',
						view_id: viewId,
						ticket_id: ticket.id,
						subject: ticket.subject ?? null,
						status: ticket.status ?? null,
						priority: ticket.priority ?? null,
						type: ticket.type ?? null,
						tags: Array.isArray(ticket.tags) ? ticket.tags : [],
						requester_id: ticket.requester_id ?? null,
						assignee_id: ticket.assignee_id ?? null,
						group_id: ticket.group_id ?? null,
						created_at: ticket.created_at ?? null,
						updated_at: ticket.updated_at ?? null,
						agent_url: agentUrl(shape, 'tickets', ticket.id),
					}
				: {
						event: 'entered',
						view_id: viewId,
						ticket,
						agent_url: agentUrl(shape, 'tickets', ticket.id),
					},
		left: (id) => ({
			event: 'left',
			view_id: viewId,
			ticket_id: id,
			agent_url: agentUrl(shape, 'tickets', id),
		}),
	});
}
