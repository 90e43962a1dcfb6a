/**
 * A `ListSource` for engine tests: a list held in memory, served in pages through an offset
 * cursor (as a Zendesk view's cursor is), with a hook that may change the list between two page
 * requests and scripted failures. A request past the scripted ones fails the test.
 */
import type { ListPage, ListSource } from '../../nodes/ZendeskExportTrigger/engine/lists';
import type { ExportRecord, RateLimitInfo } from '../../nodes/ZendeskExportTrigger/engine';

export class OffsetListSource implements ListSource {
	/** `after` cursors asked for, in order (null for the first page). */
	readonly requests: Array<string | null> = [];
	private failures = new Map<number, Error>();
	private requestLimit = Number.POSITIVE_INFINITY;

	constructor(
		public records: ExportRecord[],
		private readonly pageSize: number,
		/** Runs before every page after the first: the list may change under the read. */
		private readonly betweenPages: () => void = () => {},
		private readonly rateLimit: () => RateLimitInfo = () => ({}),
	) {}

	/** The request with this 0-based number (counted over the source's life) fails. */
	failOn(requestNumber: number, error = new Error('scripted page failure')): this {
		this.failures.set(requestNumber, error);
		return this;
	}

	/** More requests than this fail the test. */
	limit(requests: number): this {
		this.requestLimit = requests;
		return this;
	}

	async page(afterCursor: string | null): Promise<ListPage> {
		const number = this.requests.length;
		this.requests.push(afterCursor);
		if (number >= this.requestLimit) throw new Error(`unscripted request #${number}`);
		if (afterCursor !== null) this.betweenPages();
		const failure = this.failures.get(number);
		if (failure) throw failure;
		const offset = afterCursor === null ? 0 : Number(afterCursor);
		const records = this.records.slice(offset, offset + this.pageSize).map((r) => ({ ...r }));
		const next = offset + this.pageSize;
		return {
			records,
			afterCursor: next < this.records.length ? String(next) : null,
			rateLimit: this.rateLimit(),
		};
	}
}

export const listDeps = (source: ListSource) => ({
	source,
	nowMs: () => 1_800_000_000_000,
	sleep: async () => {},
	deadlineMs: 1_800_000_000_000 + 60_000,
});
