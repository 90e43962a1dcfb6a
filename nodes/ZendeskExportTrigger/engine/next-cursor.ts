export interface PageEnd {
	/** `end_time`; undocumented on empty pages, where it may be the start, later, or null. */
	endTimeSeconds: number | null;
	endOfStream: boolean;
	/** The newest placed version the page held at or after the cursor (the cursor if none). */
	newestSeconds: number;
}

/**
 * Where the next page starts. `end_time` is Zendesk's word for it, but it is only trusted as far
 * as the page backs it: never backwards, never past the newest version a page held unless it was
 * the last page, and never into the withheld last minute or the future.
 */
export function nextCursor(
	page: PageEnd,
	cursorSeconds: number,
	latestStartSeconds: number,
): number {
	let proposedSeconds = page.endTimeSeconds ?? page.newestSeconds;
	if (!page.endOfStream) proposedSeconds = Math.min(proposedSeconds, page.newestSeconds);
	return Math.max(cursorSeconds, Math.min(proposedSeconds, latestStartSeconds));
}

export function isoSecond(seconds: number): string {
	const date = new Date(seconds * 1000);
	return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString();
}
