/**
 * The engine's view of Zendesk. Pure data: no n8n, no HTTP. `transport/` produces these shapes,
 * the engine consumes them, and tests script them.
 */

/**
 * One record of an incremental export: a ticket, a ticket event (audit), a user or an
 * organization. Fresh from JSON.parse and owned by the poll that read it.
 */
export interface ExportRecord {
	id: unknown;
	[field: string]: unknown;
}

/** What a poll emits: one n8n item's JSON (a ticket, a comment, a field change, a user, …). */
export type ExportItem = Record<string, unknown>;

/** A ticket as the export returns it. Only the fields the engine reads are typed. */
export interface Ticket {
	id: number;
	generated_timestamp: number;
	created_at: string;
	updated_at: string;
	status: string;
	[field: string]: unknown;
}

/** Arrays that arrive beside the records when `include=` asks for them (users, groups, …). */
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

/** One answer of a time-based export, e.g. `GET /api/v2/incremental/tickets.json?start_time=`. */
export interface TimePage {
	kind: 'page';
	/** `tickets`, `ticket_events`, `users` or `organizations`, whichever the export lists. */
	records: ExportRecord[];
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

/** One answer of a cursor export (`incremental/tickets/cursor.json`, `incremental/users/cursor.json`). */
export interface CursorPage {
	records: ExportRecord[];
	afterCursor: string | null;
	endOfStream: boolean;
	sideloads: Sideloads;
	rateLimit: RateLimitInfo;
}

export type CursorPosition = { startTimeSeconds: number } | { cursor: string };

/**
 * Where pages come from. The node binds the export (path, records key) and its query options
 * (include, exclude_deleted, support_type_scope) into the implementation; the engine only moves
 * the position.
 * Each call retries transient failures itself, up to `deadlineMs` (epoch ms), then throws.
 */
export interface ExportSource {
	timePage(startTimeSeconds: number, deadlineMs: number): Promise<TimePage | TooRecent>;
	cursorPage(position: CursorPosition, deadlineMs: number): Promise<CursorPage>;
	/** Records by id (`users/show_many`, `tickets/show_many`); ids Zendesk does not know are left out. */
	lookup?(kind: 'users' | 'tickets', ids: number[], deadlineMs: number): Promise<ExportRecord[]>;
	/** The account's ticket fields or groups, whole (the source may cache them for a while). */
	definitions?(kind: 'ticketFields' | 'groups', deadlineMs: number): Promise<ExportRecord[]>;
}
