import type {
	CursorPage,
	CursorPosition,
	ExportSource,
	RateLimitInfo,
	Ticket,
	TimePage,
	TooRecent,
} from '../../nodes/ZendeskExportTrigger/engine';
import { isoAt } from './tickets';

/** A change on the timeline: a ticket is created, updated (by a person or the system) or deleted. */
export interface TimelineEvent {
	atMs: number;
	ticketId: number;
	kind: 'create' | 'update' | 'systemUpdate' | 'delete';
}

export interface FakeZendeskOptions {
	perPage?: number;
	/** Answer an over-full second with a full page and end_time == start_time, as clients have seen. */
	stuckSeconds?: boolean;
	exportLimitPerWindow?: number;
	rateWindowMs?: number;
	/** Chance (0..1) that a request fails the way the transport fails after giving up. */
	faultRate?: number;
	/** Milliseconds each request takes on the clock. */
	latencyMs?: number;
	random?: () => number;
	startMs: number;
}

/**
 * An in-memory Zendesk export that follows the documented rules: inclusive start_time on
 * generated_timestamp, the last 60 s withheld, pages that grow over a shared second (or stick,
 * when asked), end_of_stream, a cursor export, and 10 requests per window. It owns the clock, and
 * the timeline's changes land as the clock passes them, so tickets move while a poll pages.
 */
export class FakeZendesk implements ExportSource {
	nowMs: number;
	readonly tickets = new Map<number, Ticket>();
	/** Every version that ever existed, as `id:generated_timestamp`. */
	readonly versionsEver = new Set<string>();
	rateLimitedCount = 0;
	faultCount = 0;
	requestCount = 0;
	private readonly pending: TimelineEvent[];
	private nextEvent = 0;
	private readonly isoCache = new Map<number, string>();
	private readonly requestTimesMs: number[] = [];
	private readonly options: Required<Omit<FakeZendeskOptions, 'startMs'>>;

	constructor(timeline: TimelineEvent[], options: FakeZendeskOptions) {
		this.pending = [...timeline].sort((a, b) => a.atMs - b.atMs);
		this.nowMs = options.startMs;
		this.options = {
			perPage: 1000,
			stuckSeconds: false,
			exportLimitPerWindow: 10,
			rateWindowMs: 60_000,
			faultRate: 0,
			latencyMs: 300,
			random: Math.random,
			...options,
		};
	}

	advanceTo(ms: number): void {
		this.nowMs = Math.max(this.nowMs, ms);
		while (
			this.nextEvent < this.pending.length &&
			this.pending[this.nextEvent].atMs <= this.nowMs
		) {
			this.apply(this.pending[this.nextEvent++]);
		}
	}

	readonly sleep = async (ms: number): Promise<void> => this.advanceTo(this.nowMs + ms);

	get timelineDone(): boolean {
		return this.nextEvent === this.pending.length;
	}

	async timePage(startTimeSeconds: number): Promise<TimePage | TooRecent> {
		const rateLimit = this.admitRequest();
		const cutoffSeconds = Math.floor(this.nowMs / 1000) - 60;
		if (startTimeSeconds > cutoffSeconds) return { kind: 'tooRecent', rateLimit };
		const visible = this.visibleFrom(startTimeSeconds, -1, cutoffSeconds);
		const { perPage, stuckSeconds } = this.options;
		let page = visible.slice(0, perPage);
		if (page.length === perPage && visible.length > perPage) {
			const lastSecond = page[page.length - 1].generated_timestamp;
			const stuck = stuckSeconds && lastSecond === startTimeSeconds;
			if (!stuck) {
				let end = perPage;
				while (end < visible.length && visible[end].generated_timestamp === lastSecond) end++;
				page = visible.slice(0, end);
			}
		}
		const endOfStream = page.length === visible.length;
		const endTimeSeconds = page.length
			? page[page.length - 1].generated_timestamp
			: startTimeSeconds;
		return {
			kind: 'page',
			tickets: copy(page),
			endTimeSeconds,
			endOfStream,
			sideloads: {},
			rateLimit,
		};
	}

	async cursorPage(position: CursorPosition): Promise<CursorPage> {
		const rateLimit = this.admitRequest();
		const cutoffSeconds = Math.floor(this.nowMs / 1000) - 60;
		const [fromSeconds, afterId] =
			'cursor' in position
				? (JSON.parse(position.cursor) as [number, number])
				: [position.startTimeSeconds, -1];
		const visible = this.visibleFrom(fromSeconds, afterId, cutoffSeconds);
		const page = visible.slice(0, this.options.perPage);
		const last = page[page.length - 1];
		const afterCursor = last ? JSON.stringify([last.generated_timestamp, last.id]) : null;
		return {
			tickets: copy(page),
			afterCursor: 'cursor' in position && !last ? position.cursor : afterCursor,
			endOfStream: page.length === visible.length,
			sideloads: {},
			rateLimit,
		};
	}

	private admitRequest(): RateLimitInfo {
		this.advanceTo(this.nowMs + this.options.latencyMs);
		this.requestCount++;
		const { exportLimitPerWindow, rateWindowMs, faultRate, random } = this.options;
		while (this.requestTimesMs.length && this.requestTimesMs[0] <= this.nowMs - rateWindowMs) {
			this.requestTimesMs.shift();
		}
		if (this.requestTimesMs.length >= exportLimitPerWindow) {
			// A 429: the transport waits out Retry-After and asks again, so the clock moves on.
			this.rateLimitedCount++;
			this.advanceTo(this.requestTimesMs[0] + rateWindowMs);
			return this.admitRequest();
		}
		this.requestTimesMs.push(this.nowMs);
		if (random() < faultRate) {
			this.faultCount++;
			throw Object.assign(new Error('Zendesk kept answering 503'), { retriable: true });
		}
		const resetsMs = this.requestTimesMs[0] + rateWindowMs - this.nowMs;
		return {
			exportRemaining: exportLimitPerWindow - this.requestTimesMs.length,
			exportResetsSeconds: Math.ceil(resetsMs / 1000),
		};
	}

	/** Visible versions at or after (seconds, id), oldest first. */
	private visibleFrom(fromSeconds: number, afterId: number, cutoffSeconds: number): Ticket[] {
		const sorted = this.sortedVersions();
		let low = 0;
		let high = sorted.length;
		while (low < high) {
			const mid = (low + high) >>> 1;
			const t = sorted[mid];
			const before =
				t.generated_timestamp < fromSeconds ||
				(t.generated_timestamp === fromSeconds && t.id <= afterId);
			if (before) low = mid + 1;
			else high = mid;
		}
		let end = low;
		while (end < sorted.length && sorted[end].generated_timestamp <= cutoffSeconds) end++;
		return sorted.slice(low, end);
	}

	/** Every current version ordered by (generated_timestamp, id), sorted again after changes. */
	private sorted: Ticket[] | null = null;

	private sortedVersions(): Ticket[] {
		this.sorted ??= [...this.tickets.values()].sort(compare);
		return this.sorted;
	}

	private apply(event: TimelineEvent): void {
		this.sorted = null;
		const seconds = Math.floor(event.atMs / 1000);
		const iso = this.isoCache.get(seconds) ?? isoAt(seconds);
		this.isoCache.set(seconds, iso);
		const existing = this.tickets.get(event.ticketId);
		if (event.kind === 'create' || !existing) {
			const created: Ticket = {
				id: event.ticketId,
				generated_timestamp: seconds,
				created_at: iso,
				updated_at: iso,
				status: 'new',
			};
			this.tickets.set(event.ticketId, created);
		} else {
			existing.generated_timestamp = seconds;
			if (event.kind !== 'systemUpdate') existing.updated_at = iso;
			if (event.kind === 'delete') existing.status = 'deleted';
			else if (event.kind === 'update') existing.status = 'open';
		}
		this.versionsEver.add(`${event.ticketId}:${seconds}`);
	}
}

function compare(a: Ticket, b: Ticket): number {
	return a.generated_timestamp - b.generated_timestamp || a.id - b.id;
}

function copy(tickets: Ticket[]): Ticket[] {
	return tickets.map((ticket) => ({ ...ticket }));
}

/** A small, seedable generator (mulberry32), so a failing timeline can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
