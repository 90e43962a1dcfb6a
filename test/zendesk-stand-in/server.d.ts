/** Types for server.js, so TypeScript tests can import it. Behaviour: see README.md. */

import type { StandInOptions } from './stand-in-options';

export type { StandInOptions } from './stand-in-options';

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
