/**
 * The engine's `ExportSource` over n8n's authenticated HTTP helper: one GET per page, retried
 * within the caller's deadline, answers mapped into the engine's page shapes.
 */
import { NodeOperationError, sleep as n8nSleep } from 'n8n-workflow';
import type { IDataObject, IHttpRequestOptions, IPollFunctions } from 'n8n-workflow';

import type {
	CursorPage,
	CursorPosition,
	ExportRecord,
	ExportSource,
	TimePage,
	TooRecent,
} from '../engine/types';
import { refillWaitMs, type RequestKind } from '../engine/pacing';
import { originOf } from '../../shared/origin';
import {
	queryParameters,
	sideloadsOf,
	splitResponse,
	type Answer,
	type ExportQuery,
} from './answer';
import { isRecord, parseJsonBody } from './body';
import {
	classifyRequestError,
	malformedBody,
	type Failure,
	type ZendeskCredentialType,
} from './classify';
import { parseRateLimitHeaders } from './headers';
import { toNodeApiError } from './node-error';
import { DEFINITION_PAGES_MAX, DEFINITIONS, EXPORTS, LOOKUPS, type ExportName } from './exports';
import { createSecretKeeper } from './redact';
import {
	backoffMs,
	formatDuration,
	MIN_REQUEST_TIME_MS,
	REQUEST_TIMEOUT_MS,
	RETRY_MAX_ATTEMPTS,
} from './retry';

export type { ExportQuery } from './answer';

export interface ExportSourceOptions {
	credentialType: ZendeskCredentialType;
	/** From `resolveOrigin()`, e.g. `https://acme.zendesk.com`. */
	origin: string;
	/** Which incremental export the pages come from; tickets when left out. */
	exportName?: ExportName;
	query: ExportQuery;
	/** Injected so tests do not really wait. */
	sleep?: (ms: number) => Promise<void>;
	/** Epoch milliseconds; injected so tests control time. */
	nowMs?: () => number;
	/** In [0, 1); the jitter of the backoff. */
	random?: () => number;
}

export function createExportSource(
	ctx: IPollFunctions,
	options: ExportSourceOptions,
): ExportSource {
	const { credentialType, origin, query } = options;
	const endpoints = EXPORTS[options.exportName ?? 'tickets'];
	const { recordsKey } = endpoints;
	const sleep = options.sleep ?? n8nSleep;
	const nowMs = options.nowMs ?? (() => Date.now());
	const random = options.random ?? (() => Math.random());
	const node = ctx.getNode();

	if (originOf(origin) !== origin) {
		throw new NodeOperationError(node, 'The Zendesk address is not a valid origin', {
			description: 'Pass the value returned by resolveOrigin(), e.g. https://acme.zendesk.com.',
		});
	}
	const secrets = createSecretKeeper(ctx, credentialType);
	const classifyContext = () => ({
		credentialType,
		origin,
		nowMs: nowMs(),
		redact: (text: string) => secrets.redact(text),
	});

	/** The error to throw, its text cleared of every secret the credential holds right now. */
	async function nodeError(
		failure: Failure,
		override?: { message?: string; description?: string },
	) {
		await secrets.refresh();
		return toNodeApiError(node, failure, override, (text) => secrets.redact(text));
	}

	/** Refuses a URL in an answer that leaves the credential's origin. */
	async function assertSameOrigin(field: string, value: unknown): Promise<void> {
		if (value === undefined || value === null || value === '') return;
		const target = typeof value === 'string' ? originOf(value) : null;
		if (target === origin) return;
		throw await nodeError({
			kind: 'fatal',
			message: `Zendesk's answer points "${field}" to ${target ?? 'an address that is not a URL'}, not to ${origin}`,
			description: `The credentials only go to ${origin}, so the export stops here. If the API Base URL is a proxy, make it rewrite the URLs in Zendesk's answers to its own address.`,
			rateLimit: {},
		});
	}

	async function giveUp(failure: Failure, startedMs: number, attempts: number, why: string) {
		const tried = formatDuration(nowMs() - startedMs);
		const times = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
		return await nodeError(failure, {
			message: `Gave up on Zendesk after trying for ${tried} (${times}): ${failure.message}`,
			description: `${why} ${failure.description ?? ''}`.trim(),
		});
	}

	/**
	 * How long to wait before the next try, and how to say so. A 429 waits until the window refills,
	 * by the same rule the account's budget paces requests with (engine/pacing.ts).
	 */
	function nextWait(failure: Failure, attempt: number, endpoint: RequestKind) {
		const what =
			failure.retryAfterMs === undefined
				? 'The wait for the rate-limit window to reset'
				: 'Zendesk asked to wait';
		if (failure.status === 429) {
			return { waitMs: refillWaitMs(failure.rateLimit, endpoint, true), what };
		}
		if (failure.retryAfterMs !== undefined) return { waitMs: failure.retryAfterMs, what };
		return { waitMs: backoffMs(attempt, random()), what: 'The next retry' };
	}

	/** One GET, retried until it succeeds, fails for good, or the deadline comes. */
	async function get(
		path: string,
		qs: IDataObject,
		deadlineMs: number,
		listKey = recordsKey,
	): Promise<Answer> {
		const endpoint: RequestKind = path === endpoints.cursorPath ? 'cursor' : 'time';
		const url = `${origin}${path}`;
		const startedMs = nowMs();
		let lastFailure: Failure | undefined;
		for (let attempt = 1; ; attempt++) {
			const timeLeftMs = deadlineMs - nowMs();
			if (timeLeftMs < MIN_REQUEST_TIME_MS) {
				if (lastFailure !== undefined) {
					const why = "No time was left before this poll's deadline for another try.";
					throw await giveUp(lastFailure, startedMs, attempt - 1, why);
				}
				throw await nodeError({
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
				if (isRecord(parsed) && Array.isArray(parsed[listKey])) {
					return { kind: 'body', body: parsed, rateLimit: parseRateLimitHeaders(headers, nowMs()) };
				}
				failure = malformedBody(body, headers, nowMs(), listKey);
			} catch (error) {
				// Read the secrets before quoting the body: the quote is cut at 300 characters, and
				// a cut through a secret nobody knew of yet would leave half of it behind.
				await secrets.refresh();
				failure = classifyRequestError(error, classifyContext());
			}

			if (failure.kind === 'tooRecent') return { kind: 'tooRecent', rateLimit: failure.rateLimit };
			if (failure.kind === 'fatal') throw await nodeError(failure);
			lastFailure = failure;

			const { waitMs, what } = nextWait(failure, attempt, endpoint);
			if (attempt >= RETRY_MAX_ATTEMPTS) {
				throw await giveUp(failure, startedMs, attempt, 'Zendesk kept failing.');
			}
			if (nowMs() + waitMs + MIN_REQUEST_TIME_MS > deadlineMs) {
				const why = `${what} (${formatDuration(waitMs)}) would pass this poll's deadline.`;
				throw await giveUp(failure, startedMs, attempt, why);
			}
			ctx.logger.debug(
				secrets.redact(
					`Zendesk export: ${failure.message}; retrying in ${waitMs} ms (attempt ${attempt})`,
				),
				{ status: failure.status, waitMs, attempt, path },
			);
			await sleep(waitMs);
		}
	}

	function recordsOf(body: Record<string, unknown>, listKey = recordsKey): ExportRecord[] {
		return (body[listKey] as unknown[]).filter(isRecord) as ExportRecord[];
	}

	return {
		async timePage(startTimeSeconds: number, deadlineMs: number): Promise<TimePage | TooRecent> {
			const qs = {
				start_time: Math.max(0, Math.floor(startTimeSeconds)),
				...queryParameters(query),
			};
			const answer = await get(endpoints.timePath, qs, deadlineMs);
			if (answer.kind === 'tooRecent') return { kind: 'tooRecent', rateLimit: answer.rateLimit };
			const { body } = answer;
			await assertSameOrigin('next_page', body.next_page);
			const endTime = body.end_time;
			return {
				kind: 'page',
				records: recordsOf(body),
				endTimeSeconds: typeof endTime === 'number' && Number.isFinite(endTime) ? endTime : null,
				// Absent or not a boolean: null, and the engine decides what that means.
				endOfStream: typeof body.end_of_stream === 'boolean' ? body.end_of_stream : null,
				sideloads: sideloadsOf(body, recordsKey),
				rateLimit: answer.rateLimit,
			};
		},

		async cursorPage(position: CursorPosition, deadlineMs: number): Promise<CursorPage> {
			const start =
				'cursor' in position
					? { cursor: position.cursor }
					: { start_time: Math.max(0, Math.floor(position.startTimeSeconds)) };
			const { cursorPath } = endpoints;
			if (cursorPath === undefined) {
				throw new NodeOperationError(node, `Zendesk has no cursor export for ${recordsKey}`);
			}
			const answer = await get(cursorPath, { ...start, ...queryParameters(query) }, deadlineMs);
			if (answer.kind === 'tooRecent') {
				// Undocumented for the cursor export. Reading it as "end of stream" would let the
				// engine step past a second it has not finished, so it is a retriable failure.
				throw await nodeError({
					kind: 'retriable',
					message: 'Zendesk answered the cursor export with "start time too recent"',
					rateLimit: answer.rateLimit,
				});
			}
			const { body } = answer;
			await assertSameOrigin('after_url', body.after_url);
			const afterCursor = body.after_cursor;
			return {
				records: recordsOf(body),
				afterCursor: typeof afterCursor === 'string' && afterCursor !== '' ? afterCursor : null,
				endOfStream: body.end_of_stream === true,
				sideloads: sideloadsOf(body, recordsKey),
				rateLimit: answer.rateLimit,
			};
		},

		async lookup(kind, ids, deadlineMs): Promise<ExportRecord[]> {
			const { path, recordsKey: listKey } = LOOKUPS[kind];
			const answer = await get(path, { ids: ids.join(',') }, deadlineMs, listKey);
			if (answer.kind === 'tooRecent') return [];
			return recordsOf(answer.body, listKey);
		},

		async definitions(kind, deadlineMs): Promise<ExportRecord[]> {
			const { path, recordsKey: listKey } = DEFINITIONS[kind];
			const records: ExportRecord[] = [];
			let after: string | undefined;
			for (let page = 0; page < DEFINITION_PAGES_MAX; page++) {
				const qs = { 'page[size]': 100, ...(after === undefined ? {} : { 'page[after]': after }) };
				const answer = await get(path, qs, deadlineMs, listKey);
				if (answer.kind === 'tooRecent') break;
				records.push(...recordsOf(answer.body, listKey));
				const meta = isRecord(answer.body.meta) ? answer.body.meta : {};
				const cursor = meta.after_cursor;
				if (meta.has_more !== true || typeof cursor !== 'string' || cursor === after) break;
				after = cursor;
			}
			return records;
		},
	};
}
