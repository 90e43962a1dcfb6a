import type { ExportKind } from './export-kind';
import { fetchLookups } from './lookups';
import { EXPORT_WITHHELD_SECONDS, TIME_PAGE_SIZE } from './settings';
import type { ExportItem, ExportRecord, ExportSource } from './types';

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
		if (kind.held !== undefined) {
			// A kind that holds records back shows the newest one this page lets go: its breach time
			// passed within the page, and nothing on the page withdrew it.
			// A short page is the end of the stream: everything up to the latest start was read.
			const lastPage = answer.records.length < (kind.timePageSize ?? TIME_PAGE_SIZE);
			const readUpTo = lastPage
				? latestStartSeconds
				: (answer.endTimeSeconds ?? windowStartSeconds);
			const heldItem = newestHeldItem(kind, newest, expand, readUpTo);
			if (heldItem !== undefined) return heldItem;
			continue;
		}
		for (let index = newest.length - 1; index >= 0; index--) {
			const items: ExportItem[] = [];
			expand(newest[index], items);
			if (items.length) return items[items.length - 1];
		}
	}
	return undefined;
}

function newestHeldItem(
	kind: ExportKind,
	records: readonly ExportRecord[],
	expand: (record: ExportRecord, items: ExportItem[]) => void,
	positionSeconds: number,
): ExportItem | undefined {
	const held = kind.held;
	if (held === undefined) return undefined;
	held.load(undefined, () => {});
	for (const record of records) expand(record, []);
	const released = held.release(positionSeconds, Number.POSITIVE_INFINITY);
	return released[released.length - 1];
}
