/**
 * SLA Breached: the ticket metric events export as an engine kind. Its records are not items: a
 * `breach` event is held (breach-tracker.ts) until the export position passes its time, and only
 * then, if nothing withdrew it, goes out as one item.
 */
import type { ExportKind, HeldRecords } from '../export-kind';
import { agentUrl, RAW, type ItemShape } from '../item-shape';
import type { ExportItem } from '../types';
import { BreachTracker, type HeldBreach } from './breach-tracker';
import { metricNameOf, readMetricEvent } from './metric-events';

/**
 * Zendesk documents 100 per page for this export's cursor variant and no size for the time-based
 * one; a time page shorter than this ended the stream (it has no `end_of_stream`). Guessed: if
 * Zendesk sends 1,000, a page of 100 to 999 only costs one more request.
 */
export const METRIC_EVENTS_PAGE_SIZE = 100;

export interface SlaBreachFilters {
	/** Emit only breaches of these metrics (`reply_time`, …); empty means every metric. */
	metrics: string[];
}

export function slaBreachesKind(filters: SlaBreachFilters, shape: ItemShape = RAW): ExportKind {
	const metrics = filters.metrics.length ? new Set(filters.metrics) : null;
	let tracker = new BreachTracker();
	const held: HeldRecords = {
		load(saved, warn) {
			tracker = new BreachTracker(warn);
			tracker.load(saved);
		},
		release(positionSeconds, maxItems) {
			return tracker.release(positionSeconds, maxItems).map((breach) => itemOf(breach, shape));
		},
		save: () => tracker.save(),
	};
	return {
		noun: 'ticket metric event',
		itemNoun: 'SLA breach',
		placement: {
			field: 'time',
			format: 'isoDate',
			// A breach withdrawn in place keeps its id and time: `deleted` makes it a new version.
			variantOf: (record) => (record.deleted === true ? '1' : undefined),
		},
		hasCursorExport: false,
		timePageSize: METRIC_EVENTS_PAGE_SIZE,
		datedAhead: true,
		held,
		expanderFor({ warn }) {
			// Emits nothing itself: what a page holds only moves the tracker.
			return (record) => {
				const event = readMetricEvent(record, warn);
				if (event === undefined) return;
				if (metrics !== null && !metrics.has(event.metric)) return;
				tracker.observe(event);
			};
		},
	};
}

function itemOf(breach: HeldBreach, shape: ItemShape): ExportItem {
	const breachedAt = new Date(breach.breachSeconds * 1000).toISOString();
	const link = agentUrl(shape, 'tickets', breach.ticketId);
	if (shape.simplify) {
		return {
			ticket_id: breach.ticketId,
			metric: breach.metric,
			metric_name: metricNameOf(breach.metric, breach.instanceId),
			sla_policy: breach.policyTitle,
			breached_at: breachedAt,
			agent_url: link,
			instance_id: breach.instanceId,
			event_id: eventIdOf(breach),
		};
	}
	// Zendesk's breach event, as the export sent it, with the policy its apply_sla named.
	const item: ExportItem = {
		id: eventIdOf(breach),
		ticket_id: breach.ticketId,
		metric: breach.metric,
		instance_id: breach.instanceId,
		type: 'breach',
		time: breachedAt,
		deleted: false,
		sla_policy_title: breach.policyTitle,
	};
	if (link !== null) item.agent_url = link;
	return item;
}

/** Zendesk's ids are numbers; kept as text in the saved state so large ones stay exact. */
function eventIdOf(breach: HeldBreach): number | string {
	const id = Number(breach.eventId);
	return Number.isSafeInteger(id) && String(id) === breach.eventId ? id : breach.eventId;
}
