/** Reads a list to its end, one page after another, paced by the account's rate-limit headers. */
import type { ExportRecord, RateLimitInfo } from '../types';
import { ListReadInterruptedError, ListTooLongError } from './errors';
import type { ListSource } from './types';

/** When the account's window is spent and Zendesk did not say when it refills: a whole minute. */
const UNKNOWN_RESET_MS = 60_000;
/** A list never has this many pages of 100 in one poll: a cursor that never ends is a bug upstream. */
const MAX_PAGES = 1_000;

export interface ReadListOptions {
	deadlineMs: number;
	nowMs: () => number;
	sleep: (ms: number) => Promise<void>;
	/** More records than this: `ListTooLongError` (the read stops there). */
	maxRecords: number;
	itemNoun: string;
	/** True for a record past which the list holds nothing new: the read stops after its page. */
	knownFrom?: (record: ExportRecord) => boolean;
}

export interface ListRead {
	records: ExportRecord[];
	requestCount: number;
}

/**
 * Every page, in order, or a throw: a read that fails part way gives nothing back, so the caller
 * cannot compare a part of the list with the saved state.
 */
export async function readList(source: ListSource, options: ReadListOptions): Promise<ListRead> {
	const records: ExportRecord[] = [];
	let afterCursor: string | null = null;
	let requestCount = 0;
	const seenCursors = new Set<string>();
	for (;;) {
		const page = await source.page(afterCursor, options.deadlineMs);
		requestCount++;
		records.push(...page.records);
		if (records.length > options.maxRecords) {
			throw new ListTooLongError(options.maxRecords, options.itemNoun);
		}
		const last = page.records[page.records.length - 1];
		const restKnown = last !== undefined && options.knownFrom?.(last) === true;
		if (page.afterCursor === null || restKnown) return { records, requestCount };
		if (seenCursors.has(page.afterCursor) || requestCount >= MAX_PAGES) {
			throw new ListReadInterruptedError(
				`Zendesk's list kept pointing to more pages (${requestCount} read, a cursor repeated or never ended); the trigger keeps its saved state and tries again`,
			);
		}
		seenCursors.add(page.afterCursor);
		afterCursor = page.afterCursor;
		const waitMs = accountWaitMs(page.rateLimit);
		if (waitMs > 0) {
			if (options.nowMs() + waitMs >= options.deadlineMs) {
				throw new ListReadInterruptedError(
					"The account's API limit is spent and refills after this poll's deadline; the trigger keeps its saved state and reads the list again at the next poll",
				);
			}
			await options.sleep(waitMs);
		}
	}
}

/**
 * The lists use the account's general API limit, not the export one: wait only when the
 * headers say that window is spent, exactly until it refills.
 */
export function accountWaitMs(rateLimit: RateLimitInfo): number {
	if (rateLimit.accountRemaining === undefined || rateLimit.accountRemaining > 0) return 0;
	const resetsSeconds = rateLimit.accountResetsSeconds;
	return resetsSeconds === undefined ? UNKNOWN_RESET_MS : Math.ceil(resetsSeconds * 1000);
}
