/**
 * The engine's public face: what the node shell, its modes and the account budget import, and the
 * `ExportSource` contract the transport implements. Tests import the engine's own files directly.
 */
export type {
	CursorPage,
	CursorPosition,
	ExportItem,
	ExportRecord,
	ExportSource,
	RateLimitInfo,
	Sideloads,
	TimePage,
	TooRecent,
} from './types';
export {
	DEFAULT_MAX_ITEMS_PER_POLL,
	EXPORT_WITHHELD_SECONDS,
	type PollSettings,
	type TriggerEvent,
} from './settings';
export type { EngineState, PollOutcome, StopReason } from './poll';
export { sampleRecentItem } from './sample';
export { StuckSecondError } from './errors';
export { RateBudget, type BudgetClock } from './rate-budget';
export type { ExportKind } from './export-kind';
export { ticketsKind, usersKind, organizationsKind, USER_ROLES } from './kinds';
export { commentsKind, fieldChangesKind } from './event-kinds';
export { parseStartDate } from './start-date';
export { readListOption } from './list-option';
export type { CommentFilters } from './event-filters';
export { runKindPoll } from './held-poll';
export type { HeldRecords } from './export-kind';
export { slaBreachesKind, METRIC_EVENTS_PAGE_SIZE, type SlaBreachFilters } from './sla/kind';
export { SLA_METRICS, SLA_METRIC_NAMES, metricNameOf } from './sla/metric-events';
