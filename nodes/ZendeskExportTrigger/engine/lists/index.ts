/**
 * The list strategy: sources that are lists, not exports (see types.ts). Pure: no n8n, no HTTP.
 * A new list kind is a `ListKind` (usually `seenSinceKind` or `membershipKind` with its fields).
 */
export type { ListKind, ListPage, ListSource, ListStart, ListComparison } from './types';
export { ListReadInterruptedError, ListTooLongError } from './errors';
export { readList, accountWaitMs, type ListRead } from './read-list';
export { runListPoll, sampleListItem, type ListPollOutcome, type ListPollDeps } from './poll';
export { seenSinceKind, type SeenSinceOptions, type SeenSinceState } from './seen-since';
export {
	membershipKind,
	memberIdOf,
	type MembershipOptions,
	type MembershipState,
} from './membership';
export {
	suspendedTicketsKind,
	viewTicketsKind,
	simplifySuspendedTicket,
	isoSeconds,
	LIST_MAX_RECORDS,
	SUSPENDED_MARGIN_SECONDS,
	type ViewKindOptions,
} from './kinds';
