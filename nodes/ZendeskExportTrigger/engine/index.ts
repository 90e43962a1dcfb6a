export * from './types';
export * from './settings';
export { runPoll, type EngineState, type PollOutcome, type StopReason } from './poll';
export { nextCursor, type PageEnd } from './next-cursor';
export { STALLED_ANSWERS_BEFORE_FOLLOWING } from './position-checks';
export { sampleRecentItem } from './sample';
export { StuckSecondError } from './errors';
export {
	delayBeforeNextRequestMs,
	nextRequestNotBeforeMs,
	nextReading,
	type RateLimitReading,
} from './pacing';
export { RateBudget, type BudgetClock } from './rate-budget';
export { readVersions, type Placement, type Version } from './versions';
export type { ExportKind, LookupKind, Lookups, PageContext } from './export-kind';
export { ticketsKind, usersKind, organizationsKind, USER_ROLES, type UserFilters } from './kinds';
export { commentsKind, fieldChangesKind, type FieldChangeKindFilters } from './event-kinds';
export { LOOKUP_BATCH_SIZE } from './lookups';
export { parseStartDate, type StartDateInput } from './start-date';
export { readListOption } from './list-option';
export {
	readComments,
	readFieldChanges,
	type CommentItem,
	type FieldChangeItem,
	type TicketEventAudit,
} from './ticket-events';
export {
	createCommentFilter,
	createFieldChangeFilter,
	type CommentFilters,
	type FieldChangeFilters,
} from './event-filters';
