/** Types for server.js, so TypeScript tests can import it. Behaviour: see README.md. */

export interface StandInOptions {
	/** 0 (default) = a free port. Always on 127.0.0.1. */
	port?: number;
	/** Tickets generated at start (and by POST /__control/reset without a count). Default 0. */
	seedTickets?: number;
	/** Incremental export requests (time + cursor) allowed per rateWindowMs. Default 10. */
	exportLimitPerWindow?: number;
	/** Sliding window of the export limit, in ms. Default 60000. */
	rateWindowMs?: number;
	/** Sample export requests per sampleWindowMs. Default 10. */
	sampleLimitPerWindow?: number;
	/** Default 1_200_000 (20 minutes). */
	sampleWindowMs?: number;
	/** Account-wide limit (x-rate-limit) per 60 s over every authenticated API request. Default 700. */
	accountLimitPerMinute?: number;
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
	/** '400' (default): 400 StartTimeTooRecent; '422': 422 {"error":"Too recent start_time"}. */
	tooRecentStyle?: '400' | '422';
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

export interface StandInStore {
	/** The stand-in's clock in unix seconds (clockOffsetSeconds applied). */
	now(): number;
	/** now() - withheldSeconds: the newest generated_timestamp an export returns. */
	cutoff(): number;
	reset(seedTickets: number): void;
	createTickets(input?: {
		count?: number;
		fields?: Partial<Ticket>;
		atSeconds?: number;
		supportType?: 'agent' | 'ai_agent';
	}): Ticket[];
	updateTicket(
		id: number,
		input?: { fields?: Partial<Ticket>; system?: boolean; atSeconds?: number },
	): Ticket | null;
	deleteTicket(id: number, input?: { atSeconds?: number }): Ticket | null;
	burst(input: { count: number; atSeconds?: number; mode?: 'create' | 'update' }): {
		ids: number[];
		atSeconds: number;
	};
	truth(): TruthRow[];
	getTicket(id: number): { ticket: Ticket; supportType: 'agent' | 'ai_agent' } | null;
}

export interface StandIn {
	/** http://127.0.0.1:PORT */
	url: string;
	port: number;
	close(): Promise<void>;
	store: StandInStore;
	/** The live options; /__control/config edits this object. */
	config: Required<StandInOptions>;
}

export function startStandIn(options?: StandInOptions): Promise<StandIn>;
export const DEFAULTS: Readonly<Required<StandInOptions>>;
export const OAUTH_CLIENT: { readonly id: string; readonly secret: string; readonly name: string };
export function encodeCursor(dir: 'a' | 'b', gts: number, id: number): string;
export function decodeCursor(cursor: string): { dir: 'a' | 'b'; gts: number; id: number } | null;
