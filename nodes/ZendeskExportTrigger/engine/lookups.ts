import type { ExportKind, LookupKind, Lookups } from './export-kind';
import type { ExportRecord, ExportSource } from './types';

/** Zendesk's `show_many` takes at most 100 ids per request. */
export const LOOKUP_BATCH_SIZE = 100;

/**
 * Fetches what a kind needs beside a page (a comment's author, its ticket), by id, in batches of
 * 100. A failure throws before the page is handled, so the cursor stays before it.
 */
export async function fetchLookups(
	kind: ExportKind,
	records: readonly ExportRecord[],
	source: ExportSource,
	deadlineMs: number,
): Promise<Lookups> {
	const wanted = kind.lookupsFor?.(records) ?? {};
	const lookups: Lookups = {};
	for (const [lookupKind, ids] of Object.entries(wanted) as Array<[LookupKind, number[]]>) {
		const byId = new Map<number, ExportRecord>();
		lookups[lookupKind] = byId;
		if (!ids.length) continue;
		if (!source.lookup) throw new Error(`This source cannot look up ${lookupKind}`);
		for (let start = 0; start < ids.length; start += LOOKUP_BATCH_SIZE) {
			const batch = ids.slice(start, start + LOOKUP_BATCH_SIZE);
			for (const record of await source.lookup(lookupKind, batch, deadlineMs)) {
				if (typeof record.id === 'number') byId.set(record.id, record);
			}
		}
	}
	return lookups;
}
