/**
 * The list strategy's `ListSource` over n8n's authenticated HTTP helper: Zendesk's plain lists
 * (suspended tickets, a view's tickets, the account's views) with cursor pagination only
 * (`page[size]=100`, `page[after]`; offset pagination ends in 429 "Pagination limit reached").
 * These requests spend the account's general API limit, never the export one. Retries, Retry-After,
 * rate-limit waits and error wording are the export's (retry.ts, classify.ts, node-error.ts).
 */
import { NodeOperationError, sleep as n8nSleep } from 'n8n-workflow';
import type {
	IDataObject,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';
import type { ExportRecord } from '../engine/types';
import type { ListPage, ListSource } from '../engine/lists';
import { originOf } from '../../shared/origin';
import { splitResponse } from './answer';
import { isRecord, parseJsonBody } from './body';
import {
	classifyRequestError,
	malformedBody,
	type Failure,
	type ZendeskCredentialType,
} from './classify';
import { parseRateLimitHeaders } from './headers';
import { toNodeApiError } from './node-error';
import { refillWaitMs } from '../engine/pacing';
import { createSecretKeeper } from './redact';
import {
	backoffMs,
	formatDuration,
	MIN_REQUEST_TIME_MS,
	REQUEST_TIMEOUT_MS,
	RETRY_MAX_ATTEMPTS,
} from './retry';

/** Zendesk's largest cursor page. */
export const LIST_PAGE_SIZE = 100;

/** What one list is: its path, the key of its records, its query, and what 403/404 mean for it. */
export interface ListEndpoint {
	path: string;
	recordsKey: string;
	query: IDataObject;
	/** The sentences for "not found" (a deleted view) and "forbidden", instead of the export's. */
	notFound?: { message: string; description: string };
	forbidden?: { message: string; description: string };
}

export const SUSPENDED_TICKETS: ListEndpoint = {
	path: '/api/v2/suspended_tickets.json',
	recordsKey: 'suspended_tickets',
	query: { sort_by: 'created_at', sort_order: 'desc' },
	forbidden: {
		message: 'Zendesk refused to list the suspended tickets (403)',
		description:
			'Admins can list suspended tickets, and agents whose role may manage them. Connect with such a user.',
	},
};

export function viewTicketsEndpoint(viewId: number): ListEndpoint {
	return {
		path: `/api/v2/views/${viewId}/tickets.json`,
		recordsKey: 'tickets',
		query: {},
		notFound: {
			message: `Zendesk has no view ${viewId} (404)`,
			description:
				'The view was deleted, or its ID is wrong. Pick the view again in the trigger; picking another view starts over.',
		},
		forbidden: {
			message: `Zendesk refused to show the tickets of view ${viewId} (403)`,
			description:
				'The connected user cannot see this view (a personal view of someone else, or a group view of another group). Share the view with the user, or connect as one who sees it.',
		},
	};
}

export interface ListSourceOptions {
	credentialType: ZendeskCredentialType;
	/** From `resolveOrigin()`, e.g. `https://acme.zendesk.com`. */
	origin: string;
	endpoint: ListEndpoint;
	sleep?: (ms: number) => Promise<void>;
	nowMs?: () => number;
	random?: () => number;
}

/** A poll, or the editor asking for the list of views (`methods.listSearch`). */
export type ListContext = IPollFunctions | ILoadOptionsFunctions;

export function createListSource(ctx: ListContext, options: ListSourceOptions): ListSource {
	const { credentialType, origin, endpoint } = options;
	const sleep = options.sleep ?? n8nSleep;
	const nowMs = options.nowMs ?? (() => Date.now());
	const random = options.random ?? (() => Math.random());
	const node = ctx.getNode();
	if (originOf(origin) !== origin) {
		throw new NodeOperationError(node, 'The Zendesk address is not a valid origin');
	}
	const secrets = createSecretKeeper(ctx, credentialType);

	async function nodeError(failure: Failure, override?: { message: string; description: string }) {
		await secrets.refresh();
		const own =
			failure.status === 404
				? endpoint.notFound
				: failure.status === 403
					? endpoint.forbidden
					: undefined;
		return toNodeApiError(node, failure, override ?? own, (text) => secrets.redact(text));
	}

	async function giveUp(failure: Failure, startedMs: number, attempts: number, why: string) {
		return await nodeError(failure, {
			message: `Gave up on Zendesk after trying for ${formatDuration(nowMs() - startedMs)} (${attempts} attempts): ${failure.message}`,
			description: `${why} ${failure.description ?? ''}`.trim(),
		});
	}

	/** One GET, retried until it succeeds, fails for good, or the deadline comes. */
	async function get(qs: IDataObject, deadlineMs: number) {
		const startedMs = nowMs();
		for (let attempt = 1; ; attempt++) {
			const timeLeftMs = deadlineMs - nowMs();
			if (timeLeftMs < MIN_REQUEST_TIME_MS) {
				throw await nodeError({
					kind: 'retriable',
					message: "No time was left before this poll's deadline to ask Zendesk for a page",
					rateLimit: {},
				});
			}
			const request: IHttpRequestOptions = {
				method: 'GET',
				url: `${origin}${endpoint.path}`,
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
				if (isRecord(parsed) && Array.isArray(parsed[endpoint.recordsKey])) {
					return { body: parsed, rateLimit: parseRateLimitHeaders(headers, nowMs()) };
				}
				failure = malformedBody(body, headers, nowMs(), endpoint.recordsKey);
			} catch (error) {
				await secrets.refresh();
				failure = classifyRequestError(error, {
					credentialType,
					origin,
					nowMs: nowMs(),
					redact: (text) => secrets.redact(text),
				});
			}
			if (failure.kind !== 'retriable') throw await nodeError(failure);
			if (failure.status === 429) {
				failure.message = "Zendesk is rate limiting the account's API requests (429)";
				failure.description =
					'Lists such as this one count against the account-wide API limit (700 a minute on most plans), shared by every app and integration on the account.';
			}
			// A list's 429 is the account's limit: only its window and Retry-After say how long.
			const { accountRemaining, accountResetsSeconds, retryAfterSeconds } = failure.rateLimit;
			const waitMs =
				failure.status === 429
					? refillWaitMs(
							{ accountRemaining, accountResetsSeconds, retryAfterSeconds },
							'time',
							true,
						)
					: (failure.retryAfterMs ?? backoffMs(attempt, random()));
			if (attempt >= RETRY_MAX_ATTEMPTS) {
				throw await giveUp(failure, startedMs, attempt, 'Zendesk kept failing.');
			}
			if (nowMs() + waitMs + MIN_REQUEST_TIME_MS > deadlineMs) {
				const why = `The wait (${formatDuration(waitMs)}) would pass this poll's deadline.`;
				throw await giveUp(failure, startedMs, attempt, why);
			}
			ctx.logger.debug(
				secrets.redact(`Zendesk list: ${failure.message}; retrying in ${waitMs} ms`),
				{
					status: failure.status,
					path: endpoint.path,
					attempt,
				},
			);
			await sleep(waitMs);
		}
	}

	return {
		async page(afterCursor: string | null, deadlineMs: number): Promise<ListPage> {
			const qs: IDataObject = { ...endpoint.query, 'page[size]': LIST_PAGE_SIZE };
			if (afterCursor !== null) qs['page[after]'] = afterCursor;
			const { body, rateLimit } = await get(qs, deadlineMs);
			const meta = isRecord(body.meta) ? body.meta : {};
			const cursor = meta.after_cursor;
			const more = meta.has_more === true && typeof cursor === 'string' && cursor !== '';
			const records = (body[endpoint.recordsKey] as unknown[]).filter(isRecord) as ExportRecord[];
			return { records, afterCursor: more ? cursor : null, rateLimit };
		},
	};
}

/**
 * The views the connected user can see, for the view picker: `GET /api/v2/views` (cursor, 100 a
 * page), active ones only, filtered by title when the user types. At most `maxPages` pages.
 */
export async function listViews(
	ctx: ListContext,
	options: Omit<ListSourceOptions, 'endpoint'>,
	filter: string | undefined,
	maxPages = 10,
): Promise<Array<{ id: number; title: string }>> {
	const source = createListSource(ctx, {
		...options,
		endpoint: { path: '/api/v2/views.json', recordsKey: 'views', query: { active: true } },
	});
	const wanted = (filter ?? '').trim().toLowerCase();
	const views: Array<{ id: number; title: string }> = [];
	const deadlineMs = (options.nowMs ?? Date.now)() + 30_000;
	let after: string | null = null;
	for (let page = 0; page < maxPages; page++) {
		const answer: ListPage = await source.page(after, deadlineMs);
		for (const view of answer.records) {
			const title = typeof view.title === 'string' ? view.title : '';
			if (typeof view.id !== 'number' || !title.toLowerCase().includes(wanted)) continue;
			views.push({ id: view.id, title });
		}
		if (answer.afterCursor === null) break;
		after = answer.afterCursor;
	}
	return views;
}
