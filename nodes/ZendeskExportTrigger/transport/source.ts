/**
 * The engine's `ExportSource` over n8n's authenticated HTTP helper: one GET per page, retried
 * within the caller's deadline, answers mapped into the engine's page shapes.
 */
import { NodeOperationError, sleep as n8nSleep } from 'n8n-workflow';
import type { IDataObject, IHttpRequestOptions, IPollFunctions } from 'n8n-workflow';

import type {
	CursorPage,
	CursorPosition,
	ExportSource,
	RateLimitInfo,
	Sideloads,
	Ticket,
	TimePage,
	TooRecent,
} from '../engine/types';
import {
	classifyRequestError,
	isRecord,
	malformedBody,
	parseJsonBody,
	toNodeApiError,
	type Failure,
	type ZendeskCredentialType,
} from './errors';
import { parseRateLimitHeaders } from './headers';
import { originOf, resolveZendeskOrigin } from './origin';
import {
	backoffMs,
	formatDuration,
	MIN_REQUEST_TIME_MS,
	REQUEST_TIMEOUT_MS,
	RETRY_MAX_ATTEMPTS,
} from './retry';

export interface ExportQuery {
	/** Sideloads: users, groups, organizations, metric_sets, ticket_forms, … */
	include: string[];
	excludeDeleted: boolean;
	supportTypeScope: 'all' | 'agent' | 'ai_agent';
	/** Up to 1000; Zendesk's default (1000) when left out. */
	perPage?: number;
}

export interface ExportSourceOptions {
	credentialType: ZendeskCredentialType;
	/** From `resolveOrigin()`, e.g. `https://acme.zendesk.com`. */
	origin: string;
	query: ExportQuery;
	/** Injected so tests do not really wait. */
	sleep?: (ms: number) => Promise<void>;
	/** Epoch milliseconds; injected so tests control time. */
	nowMs?: () => number;
	/** In [0, 1); the jitter of the backoff. */
	random?: () => number;
}

const TIME_PATH = '/api/v2/incremental/tickets.json';
const CURSOR_PATH = '/api/v2/incremental/tickets/cursor.json';

/**
 * The origin every request of the node goes to, from the credential's subdomain and API Base
 * URL. Throws before any request when either is invalid.
 */
export async function resolveOrigin(
	ctx: IPollFunctions,
	credentialType: ZendeskCredentialType,
): Promise<string> {
	const credentials = await ctx.getCredentials(credentialType);
	const resolved = resolveZendeskOrigin(credentials);
	if (resolved.ok) return resolved.origin;
	const field = resolved.field === 'subdomain' ? 'Subdomain' : 'API Base URL';
	throw new NodeOperationError(ctx.getNode(), resolved.message, {
		description: `Open the Zendesk credential and correct its ${field} field.`,
	});
}

function queryParameters(query: ExportQuery): IDataObject {
	const qs: IDataObject = { support_type_scope: query.supportTypeScope };
	if (query.include.length > 0) qs.include = query.include.join(',');
	if (query.excludeDeleted) qs.exclude_deleted = true;
	if (query.perPage !== undefined) qs.per_page = query.perPage;
	return qs;
}

/** Every top-level list beside `tickets`: users, groups, organizations, … */
function sideloadsOf(body: Record<string, unknown>): Sideloads {
	const sideloads: Sideloads = {};
	for (const [key, value] of Object.entries(body)) {
		if (key !== 'tickets' && Array.isArray(value)) {
			sideloads[key] = value.filter(isRecord);
		}
	}
	return sideloads;
}

type Answer =
	| { kind: 'body'; body: Record<string, unknown>; rateLimit: RateLimitInfo }
	| { kind: 'tooRecent'; rateLimit: RateLimitInfo };

/** The parts of `returnFullResponse: true`'s answer this module reads. */
function splitResponse(response: unknown): { body: unknown; headers: unknown } {
	if (isRecord(response) && 'body' in response && 'headers' in response) {
		return { body: response.body, headers: response.headers };
	}
	return { body: response, headers: {} };
}

export function createExportSource(
	ctx: IPollFunctions,
	options: ExportSourceOptions,
): ExportSource {
	const { credentialType, origin, query } = options;
	const sleep = options.sleep ?? n8nSleep;
	const nowMs = options.nowMs ?? (() => Date.now());
	const random = options.random ?? (() => Math.random());
	const node = ctx.getNode();

	if (originOf(origin) !== origin) {
		throw new NodeOperationError(node, 'The Zendesk address is not a valid origin', {
			description: 'Pass the value returned by resolveOrigin(), e.g. https://acme.zendesk.com.',
		});
	}
	const classifyContext = () => ({ credentialType, origin, nowMs: nowMs() });

	/** Refuses a URL in an answer that leaves the credential's origin. */
	function assertSameOrigin(field: string, value: unknown): void {
		if (value === undefined || value === null || value === '') return;
		const target = typeof value === 'string' ? originOf(value) : null;
		if (target === origin) return;
		throw toNodeApiError(node, {
			kind: 'fatal',
			message: `Zendesk's answer points "${field}" to ${target ?? 'an address that is not a URL'}, not to ${origin}`,
			description: `The credentials only go to ${origin}, so the export stops here. If the API Base URL is a proxy, make it rewrite the URLs in Zendesk's answers to its own address.`,
			rateLimit: {},
		});
	}

	function giveUp(failure: Failure, startedMs: number, attempts: number, why: string) {
		const tried = formatDuration(nowMs() - startedMs);
		const times = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
		return toNodeApiError(node, failure, {
			message: `Gave up on Zendesk after trying for ${tried} (${times}): ${failure.message}`,
			description: `${why} ${failure.description ?? ''}`.trim(),
		});
	}

	/** One GET, retried until it succeeds, fails for good, or the deadline comes. */
	async function get(path: string, qs: IDataObject, deadlineMs: number): Promise<Answer> {
		const url = `${origin}${path}`;
		const startedMs = nowMs();
		let lastFailure: Failure | undefined;
		for (let attempt = 1; ; attempt++) {
			const timeLeftMs = deadlineMs - nowMs();
			if (timeLeftMs < MIN_REQUEST_TIME_MS) {
				if (lastFailure !== undefined) {
					const why = "No time was left before this poll's deadline for another try.";
					throw giveUp(lastFailure, startedMs, attempt - 1, why);
				}
				throw toNodeApiError(node, {
					kind: 'retriable',
					message: "No time was left before this poll's deadline to ask Zendesk for a page",
					rateLimit: {},
				});
			}
			const request: IHttpRequestOptions = {
				method: 'GET',
				url,
				qs,
				json: true,
				returnFullResponse: true,
				timeout: Math.min(REQUEST_TIMEOUT_MS, timeLeftMs),
			};
			let failure: Failure;
			try {
				const response: unknown = await ctx.helpers.httpRequestWithAuthentication.call(
					ctx,
					credentialType,
					request,
				);
				const { body, headers } = splitResponse(response);
				const parsed = parseJsonBody(body);
				if (isRecord(parsed) && Array.isArray(parsed.tickets)) {
					return { kind: 'body', body: parsed, rateLimit: parseRateLimitHeaders(headers, nowMs()) };
				}
				failure = malformedBody(body, headers, nowMs());
			} catch (error) {
				failure = classifyRequestError(error, classifyContext());
			}

			if (failure.kind === 'tooRecent') return { kind: 'tooRecent', rateLimit: failure.rateLimit };
			if (failure.kind === 'fatal') throw toNodeApiError(node, failure);
			lastFailure = failure;

			const waitMs = failure.retryAfterMs ?? backoffMs(attempt, random());
			if (attempt >= RETRY_MAX_ATTEMPTS) {
				throw giveUp(failure, startedMs, attempt, 'Zendesk kept failing.');
			}
			if (nowMs() + waitMs + MIN_REQUEST_TIME_MS > deadlineMs) {
				const asked =
					failure.retryAfterMs === undefined ? 'The next retry' : 'Zendesk asked to wait';
				throw giveUp(
					failure,
					startedMs,
					attempt,
					`${asked} (${formatDuration(waitMs)}) would pass this poll's deadline.`,
				);
			}
			ctx.logger.debug(
				`Zendesk export: ${failure.message}; retrying in ${waitMs} ms (attempt ${attempt})`,
				{ status: failure.status, waitMs, attempt, path },
			);
			await sleep(waitMs);
		}
	}

	function ticketsOf(body: Record<string, unknown>): Ticket[] {
		return (body.tickets as unknown[]).filter(isRecord) as unknown as Ticket[];
	}

	return {
		async timePage(startTimeSeconds: number, deadlineMs: number): Promise<TimePage | TooRecent> {
			const qs = {
				start_time: Math.max(0, Math.floor(startTimeSeconds)),
				...queryParameters(query),
			};
			const answer = await get(TIME_PATH, qs, deadlineMs);
			if (answer.kind === 'tooRecent') return { kind: 'tooRecent', rateLimit: answer.rateLimit };
			const { body } = answer;
			assertSameOrigin('next_page', body.next_page);
			const endTime = body.end_time;
			return {
				kind: 'page',
				tickets: ticketsOf(body),
				endTimeSeconds: typeof endTime === 'number' && Number.isFinite(endTime) ? endTime : null,
				endOfStream: body.end_of_stream === true,
				sideloads: sideloadsOf(body),
				rateLimit: answer.rateLimit,
			};
		},

		async cursorPage(position: CursorPosition, deadlineMs: number): Promise<CursorPage> {
			const start =
				'cursor' in position
					? { cursor: position.cursor }
					: { start_time: Math.max(0, Math.floor(position.startTimeSeconds)) };
			const answer = await get(CURSOR_PATH, { ...start, ...queryParameters(query) }, deadlineMs);
			if (answer.kind === 'tooRecent') {
				// Undocumented for the cursor export. Reading it as "end of stream" would let the
				// engine step past a second it has not finished, so it is a retriable failure.
				throw toNodeApiError(node, {
					kind: 'retriable',
					message: 'Zendesk answered the cursor export with "start time too recent"',
					rateLimit: answer.rateLimit,
				});
			}
			const { body } = answer;
			assertSameOrigin('after_url', body.after_url);
			const afterCursor = body.after_cursor;
			return {
				tickets: ticketsOf(body),
				afterCursor: typeof afterCursor === 'string' && afterCursor !== '' ? afterCursor : null,
				endOfStream: body.end_of_stream === true,
				sideloads: sideloadsOf(body),
				rateLimit: answer.rateLimit,
			};
		},
	};
}
