export * from './types';
export * from './settings';
export { runPoll, type EngineState, type PollOutcome, type StopReason } from './poll';
export { nextCursor, type PageEnd } from './next-cursor';
export { sampleRecentTicket } from './sample';
export { StuckSecondError } from './errors';
export {
	delayBeforeNextRequestMs,
	nextRequestNotBeforeMs,
	nextReading,
	type RateLimitReading,
} from './pacing';
export { versionKey } from './boundary';
export { readVersions, type Version } from './versions';
export { parseStartDate, type StartDateInput } from './start-date';
export { readListOption } from './list-option';
export {
	readComments,
	readFieldChanges,
	commentKey,
	fieldChangeKey,
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
