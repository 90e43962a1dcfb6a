/** Types for server.js, so TypeScript tests can import it. Behaviour: see README.md. */

export interface StandInOptions {
	/** 0 (default) = a free port. Always on 127.0.0.1. */
	port?: number;
	/** Tickets generated at start (and by POST /__control/reset without a count). Default 0. */
	seedTickets?: number;
	/**
	 * 'real' (default): Date.now(). 'virtual': a clock that only moves with standIn.clock.advanceBy /
	 * advanceTo or POST /__control/clock. Ticket times, the withheld cutoff, every rate-limit window,
	 * Retry-After, `resets=` and token expiry read it. Fixed at start.
	 */
	clock?: 'real' | 'virtual';
	/** Start of the virtual clock, in ms since the epoch. Default: the real time at start. */
	virtualStartMs?: number | null;
	/** Incremental export requests (time + cursor) allowed per rateWindowMs. Default 10. */
	exportLimitPerWindow?: number;
	/**
	 * 0 (default): the cursor export shares the export budget and sends no cursor header. N > 0: the
	 * cursor export has its own sliding window of N per rateWindowMs (and uses no export slot), and
	 * answers carry `zendesk-ratelimit-incremental-exports-cursor: total=N; remaining=R; resets=S`.
	 */
	cursorExportLimitPerWindow?: number;
	/** Sliding window of the export (and cursor) limit, in ms. Default 60000. */
	rateWindowMs?: number;
	/** Sample export requests per sampleWindowMs. Default 10. */
	sampleLimitPerWindow?: number;
	/** Default 1_200_000 (20 minutes). */
	sampleWindowMs?: number;
	/** Account-wide limit (x-rate-limit) per 60 s over every authenticated API request. Default 700. */
	accountLimitPerMinute?: number;
	/** 'seconds' (default): the rate limiter's 429 carries Retry-After; 'none': it does not. */
	rateLimitRetryAfter?: 'seconds' | 'none';
	/** Largest per_page honoured. Default 1000. */
	perPageMax?: number;
	/** Default 7200. */
	accessTokenLifetimeSeconds?: number;
	/** Default 30 days. */
	refreshTokenLifetimeSeconds?: number;
	/** The trailing seconds the exports never return. Default 60. */
	withheldSeconds?: number;
	/** Length of each generated description (ASCII, so bytes). Default 300. */
	descriptionBytes?: number;
	/** Shifts the stand-in's clock (ticket times, the withheld cutoff, token expiry). Default 0. */
	clockOffsetSeconds?: number;
	/**
	 * '400' (default): 400 JSON StartTimeTooRecent; '422': 422 {"error":"Too recent start_time"};
	 * '400-text' / '422-text': that status with a text/plain body
	 * `Too recent start_time. Use a start_time older than 1 minute`.
	 */
	tooRecentStyle?: '400' | '422' | '400-text' | '422-text';
	/** end_time of an empty time-based page. Default 'start'. */
	emptyEndTime?: 'start' | 'cutoff' | 'null';
	/** after_cursor of an empty first cursor page. Default 'null'. */
	cursorOnEmptyStart?: 'null' | 'position';
	/** Time-based pages never grow past per_page (end_time == start_time on a crowded second). */
	stuck?: boolean;
	/** Seed of the ticket generator. Default 1. */
	randomSeed?: number;
	/** The user OAuth codes and client_credentials tokens act as. Default admin@example.com. */
	oauthUserEmail?: string;

	// ---- Real-world shapes (README "Real-world shapes"); all off by default ----
	/** Time-based pages have no end_of_stream key. */
	omitEndOfStream?: boolean;
	/** Served generated_timestamp: a number (default), a numeric string, or no key at all. */
	generatedTimestampStyle?: 'number' | 'string' | 'missing';
	/** On a time-based page that is not end_of_stream, end_time = last ticket's second + N. */
	endTimeSkewSeconds?: number;
	/** end_time of an end_of_stream time-based page = 32503680000 (year 3000). */
	futureEndTime?: boolean;
	/** Epoch second of one phantom ticket (id 990001) served on every time page; 0: off. */
	futureRowSeconds?: number;
	/** Cut time pages from every ticket, then drop what the query filters out (end_time stays). */
	filterAfterPaging?: boolean;
	/** Ticket field ids the ticket fields list leaves out, as if deleted. */
	deletedTicketFieldIds?: number[];
	/** Each time-based request is answered with the exact body of the previous time-based answer. */
	replayPreviousPage?: boolean;
	/** Every time-based request gets the first page served after the switch, end_of_stream false. */
	sameTimePageForEveryStart?: boolean;
	/** Cursor pages repeat the same tickets, after_cursor flipping between two values, never ending. */
	alternatingCursors?: boolean;
	/** A 401 body quotes the credential back: details "token <secret> for <email>", access_token. */
	echoSecretsIn401?: boolean;

	// ---- Ticket events, users and organizations (README "Ticket events, users and organizations") ----
	/** Extra end-users (ids from 10001) seeded at start and on reset. Fixed at start. Default 0. */
	seedUsers?: number;
	/** Extra organizations (ids from 3101) seeded at start and on reset. Fixed at start. Default 0. */
	seedOrganizations?: number;
	/** Seeded tickets get a creation audit (and an update audit when updated). Fixed at start. */
	seedTicketEvents?: boolean;
	/** The users cursor export's own window per rateWindowMs. Default 20; 0 = the export budget. */
	usersCursorExportLimitPerWindow?: number;
	/** Comment child `via`: an object (default), a string, null, or string/object alternating. */
	commentViaStyle?: 'object' | 'string' | 'null' | 'mixed';
	/** Every audit carries `merged_ticket_ids: []`. Default false (the key is absent). */
	includeMergedTicketIds?: boolean;
	/** Every audit ends with a Notification or SlaTargetChange child a consumer must ignore. */
	unknownChildEvents?: boolean;
	/** 'key-per-field' (default, as observed) or the legacy field_name/value/previous_value shape. */
	changeEventStyle?: 'key-per-field' | 'field-name';
	/** A soft delete makes a Change of status to "deleted" (default, our guess) or no event. */
	deletedTicketEvents?: 'status-change' | 'none';
}

/** The stand-in's clock. With clock: 'real', advancing shifts it ahead of Date.now(). */
export interface StandInClock {
	readonly mode: 'real' | 'virtual';
	nowMs(): number;
	/** Forward by ms (>= 0; a negative value throws). Returns the new nowMs(). */
	advanceBy(ms: number): number;
	/** Forward to ms; a time already passed leaves the clock where it is. Returns nowMs(). */
	advanceTo(ms: number): number;
}

/** A fault for POST /__control/faults (or standIn.state.faults). */
export interface StandInFault {
	kind:
		'429' | '500' | '502' | '503' | '504' | 'html503' | 'reset' | 'truncated' | 'delay' | 'replay';
	pathContains?: string;
	count?: number;
	retryAfterSeconds?: number;
	/** 'none': a bare 429 without Retry-After (and without the export rate-limit header). */
	retryAfter?: 'none' | number;
	/** The raw Retry-After line, e.g. '50, 47'. */
	retryAfterHeader?: string;
	delayMs?: number;
}

export interface Ticket {
	id: number;
	url: string;
	status: string;
	created_at: string;
	updated_at: string;
	generated_timestamp: number;
	subject: string;
	description: string;
	requester_id: number;
	submitter_id: number;
	assignee_id: number | null;
	organization_id: number | null;
	group_id: number;
	brand_id: number;
	ticket_form_id: number;
	tags: string[];
	custom_fields: Array<{ id: number; value: unknown }>;
	[field: string]: unknown;
}

export interface TruthRow {
	id: number;
	generated_timestamp: number;
	status: string;
	updated_at: string;
}

/** One ticket_events[] item. Children are key-per-field; see README for every shape. */
export interface TicketEvent {
	id: number;
	ticket_id: number;
	timestamp: number;
	created_at: string;
	updater_id: number;
	via: string;
	system: Record<string, unknown>;
	metadata: Record<string, unknown>;
	event_type: 'Audit';
	merged_ticket_ids?: number[];
	child_events: Array<{ id: number; event_type: string; [key: string]: unknown }>;
}

export interface CommentTruthRow {
	/** The Comment child's id. */
	id: number;
	audit_id: number;
	ticket_id: number;
	timestamp: number;
	/** The first now() at which the export returns it. */
	exportableAtSeconds: number;
	author_id: number;
	public: boolean;
	body: string;
}

export interface ChangeTruthRow {
	/** The Create or Change child's id. */
	id: number;
	audit_id: number;
	ticket_id: number;
	timestamp: number;
	exportableAtSeconds: number;
	event_type: 'Create' | 'Change';
	/** 'status', 'tags', … or 'custom_ticket_fields.<field id>'. */
	field: string;
	value: unknown;
	previous_value: unknown;
}

export interface VersionTruthRow {
	id: number;
	updated_at: string;
	created_at: string;
	/** Users only. */
	active?: boolean;
	/** Organizations only. */
	deleted_at?: string | null;
	/** The first now() at which the export returns this version; null if it never does. */
	exportableAtSeconds: number | null;
	/** When a newer version replaced it (null: still current). */
	supersededAtSeconds: number | null;
}

export interface User {
	id: number;
	name: string;
	email: string;
	role: string;
	active: boolean;
	suspended: boolean;
	created_at: string;
	updated_at: string;
	organization_id: number | null;
	[field: string]: unknown;
}

export interface Organization {
	id: number;
	name: string;
	created_at: string;
	updated_at: string;
	deleted_at: string | null;
	[field: string]: unknown;
}

/** A user or organization change: `fields` overrides any field but id and updated_at. */
export interface PersonChangeInput {
	fields?: Record<string, unknown>;
	/** Unix seconds; default now(). After now() the change is scheduled. */
	atSeconds?: number;
}

/**
 * What a change may say besides its time. `fields.generated_timestamp` and `servedFields` change
 * only what the exports serve: the index, truth() and getTicket() keep the real values.
 */
export interface ChangeInput {
	/** Any field but id. */
	fields?: Partial<Omit<Ticket, 'generated_timestamp'>> & { generated_timestamp?: unknown };
	/** Fields the exports serve instead of the true ones, for this version only. */
	servedFields?: Record<string, unknown>;
	/** Unix seconds; default now(). After now() the change is scheduled (see README). */
	atSeconds?: number;
	supportType?: 'agent' | 'ai_agent';
	/** Apply at once and serve even past the withheld cutoff (a bad future row). */
	visibleNow?: boolean;
	/** The audit's `via` string. Default 'Web form'. */
	via?: string;
	/** The audit's updater_id. Default: the comment author, else the submitter (create) or 1002. */
	updaterId?: number;
}

export interface CommentInput {
	body?: string;
	/** Default true; false is an internal note. */
	public?: boolean;
	/** 'agent' (1002, default), 'admin', 'requester', 'end-user' (not the requester) or a user id. */
	author?: 'agent' | 'admin' | 'requester' | 'end-user' | number;
	/** Field changes recorded in the same audit. */
	fields?: ChangeInput['fields'];
	atSeconds?: number;
	via?: string;
	updaterId?: number;
}

export interface StandInStore {
	/** The stand-in's clock in unix seconds (clockOffsetSeconds applied). */
	now(): number;
	/** now() - withheldSeconds: the newest generated_timestamp an export returns. */
	cutoff(): number;
	reset(seedTickets: number): void;
	/** Returns the tickets as they will be (ids are given at once, even when scheduled). */
	createTickets(input?: ChangeInput & { count?: number }): Ticket[];
	updateTicket(id: number, input?: ChangeInput & { system?: boolean }): Ticket | null;
	deleteTicket(id: number, input?: { atSeconds?: number }): Ticket | null;
	burst(input: {
		count: number;
		atSeconds?: number;
		mode?: 'create' | 'update';
		supportType?: 'agent' | 'ai_agent';
	}): {
		ids: number[];
		atSeconds: number;
	};
	/** Apply the scheduled changes that are due (every query does this itself). */
	applyDue(): void;
	/** Changes waiting for the clock, and the time of the next one. */
	scheduledInfo(): { scheduled: number; nextAtSeconds: number | null };
	/** Current versions as of now() (scheduled changes not yet due are left out). */
	truth(): TruthRow[];
	getTicket(id: number): { ticket: Ticket; supportType: 'agent' | 'ai_agent' } | null;

	/** A comment (and optional field changes) in one audit; null for an unknown ticket. */
	addComment(
		ticketId: number,
		input?: CommentInput,
	): { ticket: Ticket; auditId: number; commentId: number } | null;
	/** Every comment and field change that exists as of now(). */
	eventsTruth(): { comments: CommentTruthRow[]; changes: ChangeTruthRow[] };
	createUsers(input?: PersonChangeInput & { count?: number }): User[];
	updateUser(id: number, input?: PersonChangeInput): User | null;
	/** Soft delete: active false. */
	deleteUser(id: number, input?: { atSeconds?: number }): User | null;
	getUser(id: number): User | null;
	createOrganizations(input?: PersonChangeInput & { count?: number }): Organization[];
	updateOrganization(id: number, input?: PersonChangeInput): Organization | null;
	/** deleted_at and updated_at set to the time of the delete. */
	deleteOrganization(id: number, input?: { atSeconds?: number }): Organization | null;
	getOrganization(id: number): Organization | null;
	/** Every version as of now(), by (updated_at, id). */
	peopleTruth(kind: 'users' | 'organizations'): VersionTruthRow[];
}

export interface StandIn {
	/** http://127.0.0.1:PORT */
	url: string;
	port: number;
	close(): Promise<void>;
	store: StandInStore;
	/** The live options; /__control/config edits this object. Prefer setConfig to change it. */
	config: Required<StandInOptions>;
	clock: StandInClock;
	/** What POST /__control/config does (validates; restarts the page switches). Throws on a bad key. */
	setConfig(patch: Partial<StandInOptions>): Required<StandInOptions>;
}

export function startStandIn(options?: StandInOptions): Promise<StandIn>;
export const DEFAULTS: Readonly<Required<StandInOptions>>;
export const OAUTH_CLIENT: { readonly id: string; readonly secret: string; readonly name: string };
export function encodeCursor(dir: 'a' | 'b', gts: number, id: number): string;
export function decodeCursor(cursor: string): { dir: 'a' | 'b'; gts: number; id: number } | null;
