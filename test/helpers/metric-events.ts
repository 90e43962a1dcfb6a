/** Ticket metric events as Zendesk's export lists them, for the SLA Breached tests. */
import type { ExportRecord } from '../../nodes/ZendeskExportTrigger/engine';
import { isoAt } from './tickets';

let nextEventId = 70_000;

export interface TargetRef {
	ticketId: number;
	metric?: string;
	instanceId?: number;
}

function event(type: string, target: TargetRef, atSeconds: number, extra = {}): ExportRecord {
	return {
		id: nextEventId++,
		ticket_id: target.ticketId,
		metric: target.metric ?? 'reply_time',
		instance_id: target.instanceId ?? 1,
		type,
		time: isoAt(atSeconds),
		...extra,
	};
}

export const applySla = (target: TargetRef, atSeconds: number, title = 'Urgent tickets') =>
	event('apply_sla', target, atSeconds, {
		sla: { target: 60, business_hours: false, policy: { id: 25, title, description: '' } },
	});
export const breach = (target: TargetRef, atSeconds: number) =>
	event('breach', target, atSeconds, { deleted: false });
export const fulfill = (target: TargetRef, atSeconds: number) =>
	event('fulfill', target, atSeconds);
export const activate = (target: TargetRef, atSeconds: number) =>
	event('activate', target, atSeconds);
/** The same breach, withdrawn: Zendesk's `deleted: true`. */
export const withdrawn = (record: ExportRecord): ExportRecord => ({ ...record, deleted: true });
