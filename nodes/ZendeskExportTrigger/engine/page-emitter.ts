import type { Boundary } from './boundary';
import type { ExportKind } from './export-kind';
import { fetchLookups } from './lookups';
import { isoSecond } from './next-cursor';
import type { ExportItem, ExportRecord, ExportSource, Sideloads } from './types';
import { holdAt, type Version } from './versions';

/** What one page gave: the versions it handled, in page order, and where it stopped. */
export interface EmittedPage {
	handled: Version[];
	/**
	 * The versions left for a later poll because the next one's items would have passed the
	 * poll's maximum; empty when the page was handled to its end (or to `onlySecond`).
	 */
	leftOver: Version[];
}

export interface PageEmitterOptions {
	kind: ExportKind;
	source: ExportSource;
	deadlineMs: number;
	boundary: Boundary;
	windowStartSeconds: number;
	maxItemsPerPoll: number;
	warn: (message: string) => void;
}

/**
 * Turns pages into items, each record version once: the boundary drops what earlier pages and
 * polls handled, and the poll's maximum cuts a page between two records (one Zendesk update is
 * never split, so its comments or field changes always go out together).
 */
export class PageEmitter {
	readonly items: ExportItem[] = [];
	/** Records that cannot be placed in time are emitted once per poll at most. */
	private readonly unplacedIds = new Set<unknown>();

	constructor(private readonly options: PageEmitterOptions) {}

	/**
	 * Emits the items of a page's new versions that are at or after `fromSeconds` (an older one is
	 * a replay: a cache or proxy serving an earlier answer) and, when `onlySecond` is given, stops
	 * at the first version after that second.
	 */
	async emitNew(
		versions: Version[],
		sideloads: Sideloads,
		fromSeconds: number,
		onlySecond?: number,
	): Promise<EmittedPage> {
		const { kind, warn } = this.options;
		const considered: Array<{ version: Version; isNew: boolean }> = [];
		// The boundary only knows earlier pages; a broken page may list one version twice.
		const secondsById = new Map<unknown, number>();
		let replayedCount = 0;
		for (const version of versions) {
			if (version.seconds < fromSeconds) {
				if (version.placedBy === 'exact') {
					replayedCount++;
					continue;
				}
				// A version placed by its fallback is in a page that starts at fromSeconds, so that is
				// a better lower bound for its real place.
				if (version.placedBy === 'lowerBound') holdAt(version, fromSeconds);
			}
			if (onlySecond !== undefined && version.seconds > onlySecond) break;
			considered.push({ version, isNew: this.isNew(version, secondsById) });
		}
		if (replayedCount > 0) {
			warn(
				`Zendesk's page for ${isoSecond(fromSeconds)} held ${replayedCount} ${kind.noun} versions older than that; they were already handled and are skipped (a cache or proxy may be replaying an earlier answer).`,
			);
		}
		return this.expandInOrder(considered, sideloads);
	}

	private isNew(version: Version, secondsById: Map<unknown, number>): boolean {
		if (secondsById.get(version.record.id) === version.seconds) return false;
		secondsById.set(version.record.id, version.seconds);
		if (Number.isNaN(version.seconds)) {
			if (this.unplacedIds.has(version.record.id)) return false;
			this.unplacedIds.add(version.record.id);
			return true;
		}
		return this.options.boundary.isNew(version);
	}

	private async expandInOrder(
		considered: Array<{ version: Version; isNew: boolean }>,
		sideloads: Sideloads,
	): Promise<EmittedPage> {
		const { kind, source, deadlineMs, windowStartSeconds, maxItemsPerPoll, warn } = this.options;
		const fresh: ExportRecord[] = considered.filter((c) => c.isNew).map((c) => c.version.record);
		// Looked up for new records only: a poll that rereads the cursor's second asks nothing more.
		const lookups = await fetchLookups(kind, fresh, source, deadlineMs, warn);
		const expand = kind.expanderFor({ sideloads, windowStartSeconds, lookups, warn });
		const handled: Version[] = [];
		const recordItems: ExportItem[] = [];
		for (let index = 0; index < considered.length; index++) {
			const { version, isNew } = considered[index];
			if (isNew) {
				recordItems.length = 0;
				expand(version.record, recordItems);
				// Cut before a record that would pass the maximum, unless it is the poll's first:
				// a single update larger than the cap still has to go out, or the trigger never moves.
				const wouldPass = this.items.length + recordItems.length > maxItemsPerPoll;
				if (wouldPass && this.items.length > 0) {
					const leftOver = considered.slice(index).map((c) => c.version);
					return { handled, leftOver };
				}
				this.items.push(...recordItems);
			}
			handled.push(version);
		}
		return { handled, leftOver: [] };
	}
}
