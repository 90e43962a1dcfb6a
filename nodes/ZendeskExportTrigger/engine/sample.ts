import type { ExportKind } from './export-kind';
import { fetchLookups } from './lookups';
import { EXPORT_WITHHELD_SECONDS } from './settings';
import type { ExportItem, ExportSource } from './types';

const DAY_SECONDS = 86_400;
/** Look back a day first, then further: each step costs one of the 10 export requests a minute. */
export const SAMPLE_LOOKBACK_SECONDS = [DAY_SECONDS, 30 * DAY_SECONDS, 365 * DAY_SECONDS];
/** Fetch Test Event looks at the newest records of a page only. */
const SAMPLE_LOOKUP_RECORDS = 100;

/**
 * "Fetch Test Event": one recent item (a ticket, a comment, a field change, …) in exactly the shape
 * a live poll emits, so the user can map fields. It reads the same export a poll reads, and never
 * touches the cursor. The newest item of the first page of the window is shown.
 */
export async function sampleRecentItem(
	source: ExportSource,
	kind: ExportKind,
	nowMs: number,
	deadlineMs: number,
): Promise<ExportItem | undefined> {
	const latestStartSeconds = Math.floor(nowMs / 1000) - EXPORT_WITHHELD_SECONDS;
	const warn = () => {};
	for (const lookbackSeconds of SAMPLE_LOOKBACK_SECONDS) {
		const windowStartSeconds = latestStartSeconds - lookbackSeconds;
		const answer = await source.timePage(windowStartSeconds, deadlineMs);
		if (answer.kind === 'tooRecent') continue;
		// The newest records only: looking up the authors of a whole 1,000-record page is not needed.
		const newest = answer.records.slice(-SAMPLE_LOOKUP_RECORDS);
		const lookups = await fetchLookups(kind, newest, source, deadlineMs);
		const expand = kind.expanderFor({
			sideloads: answer.sideloads,
			windowStartSeconds,
			lookups,
			warn,
		});
		for (let index = newest.length - 1; index >= 0; index--) {
			const items: ExportItem[] = [];
			expand(newest[index], items);
			if (items.length) return items[items.length - 1];
		}
	}
	return undefined;
}
