/**
 * Zendesk's ticket metric events (`incremental/ticket_metric_events`), as the SLA Breached mode
 * reads them. Only the fields it needs are read; everything else stays on the raw record.
 */
import type { ExportRecord } from '../types';

/**
 * The metrics Zendesk documents, with the names agents see in Zendesk's SLA policies. `reply_time`
 * is both first and next reply time: the first reply is instance 1 (our reading of Zendesk's SLA
 * docs; guessed, see docs/zendesk.md).
 */
export const SLA_METRIC_NAMES: Readonly<Record<string, string>> = {
	reply_time: 'Reply time',
	agent_work_time: 'Agent work time',
	requester_wait_time: 'Requester wait time',
	resolution_time: 'Resolution time',
	pausable_update_time: 'Pausable update',
	periodic_update_time: 'Periodic update',
	group_ownership_time: 'Group ownership time',
};

export const SLA_METRICS = Object.keys(SLA_METRIC_NAMES);

/** A metric's readable name for one instance: "First reply time", "Next reply time", … */
export function metricNameOf(metric: string, instanceId: number): string {
	if (metric === 'reply_time') return instanceId === 1 ? 'First reply time' : 'Next reply time';
	return SLA_METRIC_NAMES[metric] ?? metric;
}

/** What the mode reads from one metric event. */
export interface MetricEvent {
	eventId: string;
	ticketId: number;
	metric: string;
	instanceId: number;
	/** `apply_sla`, `breach`, `fulfill`, `activate`, `pause`, … */
	type: string;
	/** `time`, in epoch seconds: for a breach, when the target is (or was) missed. */
	seconds: number;
	/** Zendesk's word that a breach did not happen ("you can ignore any breach event when deleted is true"). */
	deleted: boolean;
	/** `apply_sla`'s `sla.policy.title`; null on other types. */
	policyTitle: string | null;
}

/** One SLA target: a metric of a ticket, one cycle of it (each reply cycle is a new instance). */
export function targetKeyOf(
	event: Pick<MetricEvent, 'ticketId' | 'metric' | 'instanceId'>,
): string {
	return `${event.ticketId}/${event.metric}/${event.instanceId}`;
}

/**
 * Reads one record; undefined (with a warning) when a field the mode relies on is missing, since a
 * breach it cannot place or name is one it cannot promise to emit right.
 */
export function readMetricEvent(
	record: ExportRecord,
	warn: (message: string) => void = () => {},
): MetricEvent | undefined {
	const { ticket_id: ticketId, metric, instance_id: instanceId, type, time } = record;
	const seconds = typeof time === 'string' ? Date.parse(time) / 1000 : Number.NaN;
	if (
		typeof ticketId !== 'number' ||
		typeof metric !== 'string' ||
		typeof instanceId !== 'number' ||
		typeof type !== 'string' ||
		!Number.isFinite(seconds) ||
		(typeof record.id !== 'number' && typeof record.id !== 'string')
	) {
		warn(
			`Zendesk sent a ticket metric event (id ${JSON.stringify(record.id) ?? 'missing'}) without a readable ticket_id, metric, instance_id, type or time; it was skipped.`,
		);
		return undefined;
	}
	return {
		eventId: String(record.id),
		ticketId,
		metric,
		instanceId,
		type,
		seconds: Math.floor(seconds),
		deleted: record.deleted === true,
		policyTitle: type === 'apply_sla' ? policyTitleOf(record.sla) : null,
	};
}

function policyTitleOf(sla: unknown): string | null {
	if (sla === null || typeof sla !== 'object') return null;
	const policy = (sla as Record<string, unknown>).policy;
	if (policy === null || typeof policy !== 'object') return null;
	const title = (policy as Record<string, unknown>).title;
	return typeof title === 'string' ? title : null;
}
