/**
 * The engine's view of Zendesk. Pure data: no n8n, no HTTP. `transport/` produces these shapes,
 * the engine consumes them, and tests script them.
 */

/** A ticket as the export returns it. Only the fields the engine reads are typed. */
export interface Ticket {
	id: number;
	generated_timestamp: number;
	created_at: string;
	updated_at: string;
	status: string;
	[field: string]: unknown;
}

/** Arrays that arrive beside `tickets` when `include=` asks for them (users, groups, …). */
export type Sideloads = Record<string, Array<Record<string, unknown>>>;

/** What Zendesk's rate-limit headers said about the request that produced a page. */
export interface RateLimitInfo {
	/** `zendesk-ratelimit-incremental-exports: remaining=` */
	exportRemaining?: number;
	/** `zendesk-ratelimit-incremental-exports: resets=` (seconds until the window refills) */
	exportResetsSeconds?: number;
	/** `zendesk-ratelimit-incremental-exports-cursor: remaining=` (the cursor export's own limit) */
	cursorExportRemaining?: number;
	/** `zendesk-ratelimit-incremental-exports-cursor: resets=` */
	cursorExportResetsSeconds?: number;
	/** `x-rate-limit-remaining` (the account-wide limit) */
	accountRemaining?: number;
	/** `ratelimit-reset` for the account-wide limit, when sent */
	accountResetsSeconds?: number;
	/** `Retry-After`, when sent */
	retryAfterSeconds?: number;
}

/** One answer of `GET /api/v2/incremental/tickets.json?start_time=`. */
export interface TimePage {
	kind: 'page';
	tickets: Ticket[];
	/** `end_time`; undocumented on empty pages, where it may be the start, later, or null. */
	endTimeSeconds: number | null;
	/** `end_of_stream`; null when the answer did not carry it (older recorded pages lack it). */
	endOfStream: boolean | null;
	sideloads: Sideloads;
	rateLimit: RateLimitInfo;
}

/** The 400 `StartTimeTooRecent` / 422 "Too recent start_time" answer: nothing new yet. */
export interface TooRecent {
	kind: 'tooRecent';
	rateLimit: RateLimitInfo;
}

/** One answer of `GET /api/v2/incremental/tickets/cursor.json`. */
export interface CursorPage {
	tickets: Ticket[];
	afterCursor: string | null;
	endOfStream: boolean;
	sideloads: Sideloads;
	rateLimit: RateLimitInfo;
}

export type CursorPosition = { startTimeSeconds: number } | { cursor: string };

/**
 * Where pages come from. The node binds the query options (include, exclude_deleted,
 * support_type_scope) into the implementation; the engine only moves the position.
 * Each call retries transient failures itself, up to `deadlineMs` (epoch ms), then throws.
 */
export interface ExportSource {
	timePage(startTimeSeconds: number, deadlineMs: number): Promise<TimePage | TooRecent>;
	cursorPage(position: CursorPosition, deadlineMs: number): Promise<CursorPage>;
}
