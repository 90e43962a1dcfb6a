import { EXPORT_WITHHELD_SECONDS, type TicketFilters } from './settings';
import { createTicketFilter } from './filters';
import { createSideloadAttacher } from './sideloads';
import type { ExportSource, Ticket } from './types';

const DAY_SECONDS = 86_400;
/** Look back a day first, then further: each step costs one of the 10 export requests a minute. */
export const SAMPLE_LOOKBACK_SECONDS = [DAY_SECONDS, 30 * DAY_SECONDS, 365 * DAY_SECONDS];

/**
 * "Fetch Test Event": one recent ticket in exactly the shape a live poll emits, so the user can map
 * fields. It reads the same export a poll reads, and never touches the cursor.
 */
export async function sampleRecentTicket(
	source: ExportSource,
	filters: TicketFilters,
	nowMs: number,
	deadlineMs: number,
): Promise<Ticket | undefined> {
	const latestStartSeconds = Math.floor(nowMs / 1000) - EXPORT_WITHHELD_SECONDS;
	for (const lookbackSeconds of SAMPLE_LOOKBACK_SECONDS) {
		const windowStartSeconds = latestStartSeconds - lookbackSeconds;
		const answer = await source.timePage(windowStartSeconds, deadlineMs);
		if (answer.kind === 'tooRecent') continue;
		const accept = createTicketFilter(filters, windowStartSeconds);
		const newest = [...answer.tickets].reverse().find(accept);
		if (newest) {
			createSideloadAttacher(answer.sideloads)(newest);
			return newest;
		}
	}
	return undefined;
}
