export * from './types';
export * from './settings';
export { runPoll, nextCursor, type EngineState, type PollOutcome, type StopReason } from './poll';
export { sampleRecentTicket } from './sample';
export { StuckSecondError } from './errors';
export { delayBeforeNextRequestMs, nextRequestNotBeforeMs, type RateLimitReading } from './pacing';
export { versionKey } from './boundary';
