/**
 * What went wrong with a Zendesk request, in words a person can act on.
 *
 * `httpRequestWithAuthentication` (n8n-core 2.41) throws `new NodeApiError(node, axiosError)`:
 * `httpCode` is the status as a string, `cause` is the axios error with `code` (ECONNRESET, …)
 * and, when Zendesk answered, `response.status`, `response.headers` and `response.data`. That
 * axios error also holds the request config, Authorization header included, so nothing here
 * rethrows it: every error this module builds carries only the fields chosen below.
 */
import { NodeApiError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import type { RateLimitInfo } from '../engine/types';
import { parseRateLimitHeaders } from './headers';

export type ZendeskCredentialType = 'zendeskExportOAuth2Api' | 'zendeskExportApi';

export interface Failure {
	/** `tooRecent` is not a failure for the caller: the start time is inside the last minute. */
	kind: 'tooRecent' | 'retriable' | 'fatal';
	status?: number;
	/** One sentence. Never holds an error code such as ECONNRESET: n8n would replace it. */
	message: string;
	description?: string;
	/** How long Zendesk asked us to wait (Retry-After), when it did. */
	retryAfterMs?: number;
	rateLimit: RateLimitInfo;
}

/** Statuses worth another try: Zendesk's own 5xx plus Cloudflare's (Zendesk sits behind it). */
const RETRIABLE_STATUSES = new Set([500, 502, 503, 504, 520, 521, 522, 523, 524]);

/** Network failures and timeouts of axios / Node, by `code`. */
const RETRIABLE_NETWORK_CODES: Record<string, string> = {
	ECONNRESET: 'the connection to Zendesk was reset',
	ECONNREFUSED: 'Zendesk refused the connection',
	EPIPE: 'the connection to Zendesk broke',
	ETIMEDOUT: 'the request to Zendesk timed out',
	ECONNABORTED: 'the request to Zendesk timed out',
	ESOCKETTIMEDOUT: 'the request to Zendesk timed out',
	EAI_AGAIN: 'the DNS lookup of the Zendesk host failed for now',
	EHOSTUNREACH: 'the Zendesk host could not be reached',
	ENETUNREACH: 'the network to Zendesk could not be reached',
	ENETDOWN: 'the network is down',
	UND_ERR_SOCKET: 'the connection to Zendesk broke',
};

const TOO_RECENT = /StartTimeTooRecent|too recent start_?time/i;

const MAX_QUOTED_LENGTH = 300;

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON a body holds: parsed already, or text that parses; `undefined` otherwise. */
export function parseJsonBody(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	try {
		return JSON.parse(body) as unknown;
	} catch {
		return undefined;
	}
}

/** Names what a body that is not JSON looks like, without quoting it. */
export function describeNonJson(body: unknown): string {
	const text = typeof body === 'string' ? body.trim() : '';
	if (text === '') return 'an empty body';
	if (text.startsWith('<')) return 'an HTML page';
	if (text.startsWith('{') || text.startsWith('[')) {
		return 'JSON that breaks off or is malformed (a truncated response)';
	}
	return 'text that is not JSON';
}

/** Keeps credentials out of quoted text, should a server ever echo a header back. */
function scrub(text: string): string {
	const scrubbed = text
		.replace(/\b(Bearer|Basic)\s+[^\s"',;]+/gi, '$1 [redacted]')
		.replace(
			/\b(access_token|refresh_token|client_secret|api_token)=[^\s&"',;]+/gi,
			'$1=[redacted]',
		)
		.replace(/\s+/g, ' ')
		.trim();
	return scrubbed.length > MAX_QUOTED_LENGTH
		? `${scrubbed.slice(0, MAX_QUOTED_LENGTH)}…`
		: scrubbed;
}

/**
 * Zendesk's own words from an error body. Both shapes seen in the wild:
 * `{"error":"Couldn't authenticate you"}`, `{"error":"invalid_token","error_description":…}`,
 * `{"error":{"title":"Forbidden","message":"You do not have access to this page"}}`,
 * `{"error":"Forbidden","description":"You are missing the following required scopes: read"}`.
 */
export function zendeskErrorText(body: unknown): string | undefined {
	const parsed = parseJsonBody(body);
	if (!isRecord(parsed)) return undefined;
	const parts: string[] = [];
	const add = (value: unknown) => {
		if (typeof value === 'string' && value.trim() !== '' && !parts.includes(value.trim())) {
			parts.push(value.trim());
		}
	};
	if (isRecord(parsed.error)) {
		add(parsed.error.title);
		add(parsed.error.message);
	} else {
		add(parsed.error);
	}
	add(parsed.description);
	add(parsed.error_description);
	add(parsed.message);
	return parts.length === 0 ? undefined : scrub(parts.join(': '));
}

function bodyText(body: unknown): string {
	if (typeof body === 'string') return body;
	try {
		return JSON.stringify(body) ?? '';
	} catch {
		return '';
	}
}

function said(body: unknown): string {
	const text = zendeskErrorText(body);
	return text === undefined ? '' : ` Zendesk said: "${text}".`;
}

/** `error`, then its causes: the first value of `key` found on the way. */
function findOnChain(error: unknown, read: (link: Record<string, unknown>) => unknown): unknown {
	let link: unknown = error;
	for (let depth = 0; depth < 4 && isRecord(link); depth++) {
		const value = read(link);
		if (value !== undefined && value !== null) return value;
		link = link.cause;
	}
	return undefined;
}

function readStatus(error: unknown): number | undefined {
	const value = findOnChain(error, (link) => {
		if (link.httpCode !== undefined && link.httpCode !== null) return link.httpCode;
		return isRecord(link.response) ? link.response.status : undefined;
	});
	const status = typeof value === 'string' ? Number(value) : value;
	return typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599
		? status
		: undefined;
}

function readResponse(error: unknown): { headers?: unknown; data?: unknown } {
	const response = findOnChain(error, (link) =>
		isRecord(link.response) ? link.response : undefined,
	);
	return isRecord(response) ? { headers: response.headers, data: response.data } : {};
}

function readCode(error: unknown): string | undefined {
	const code = findOnChain(error, (link) =>
		typeof link.code === 'string' && link.code in RETRIABLE_NETWORK_CODES ? link.code : undefined,
	);
	return typeof code === 'string' ? code : undefined;
}

function isJsonSyntaxError(error: unknown): boolean {
	const found = findOnChain(error, (link) =>
		link.name === 'SyntaxError' && typeof link.message === 'string' && /JSON/i.test(link.message)
			? true
			: undefined,
	);
	return found === true;
}

function credentialAdvice(credentialType: ZendeskCredentialType): string {
	return credentialType === 'zendeskExportOAuth2Api'
		? 'Reconnect the Zendesk Export OAuth2 credential; if that fails, check that its OAuth client still exists in Zendesk Admin Center (Apps and integrations > APIs > OAuth clients).'
		: 'Check the email address and the API token of the credential, and that token access is turned on in Zendesk Admin Center (Apps and integrations > APIs). API tokens stop working on 2027-04-30: switch to the OAuth2 credential.';
}

export interface ClassifyContext {
	credentialType: ZendeskCredentialType;
	origin: string;
	nowMs: number;
}

/** A failed HTTP status from Zendesk, with its body and headers. */
export function classifyStatus(
	status: number,
	body: unknown,
	headers: unknown,
	context: ClassifyContext,
): Failure {
	const rateLimit = parseRateLimitHeaders(headers, context.nowMs);
	const retryAfterMs =
		rateLimit.retryAfterSeconds === undefined ? undefined : rateLimit.retryAfterSeconds * 1000;
	if ((status === 400 || status === 422) && TOO_RECENT.test(bodyText(body))) {
		return { kind: 'tooRecent', status, message: 'The start time is too recent', rateLimit };
	}
	if (status === 401) {
		return {
			kind: 'fatal',
			status,
			message: 'Zendesk rejected the credentials (401)',
			description: `${credentialAdvice(context.credentialType)}${said(body)}`,
			rateLimit,
		};
	}
	if (status === 403) {
		const missingScope = /scope/i.test(zendeskErrorText(body) ?? '');
		return missingScope
			? {
					kind: 'fatal',
					status,
					message: 'The OAuth token lacks the "read" scope Zendesk needs for the export (403)',
					description: `Add the read scope to the OAuth client in Zendesk Admin Center, then reconnect the credential so the new token carries it.${said(body)}`,
					rateLimit,
				}
			: {
					kind: 'fatal',
					status,
					message:
						'Zendesk refused the request (403): the incremental export is only open to admins',
					description: `Connect with the account of a Zendesk admin (role "Admin"); agents and end users are refused.${said(body)}`,
					rateLimit,
				};
	}
	if (status === 404) {
		return {
			kind: 'fatal',
			status,
			message: 'There is no Zendesk account at this subdomain (404)',
			description: `Zendesk answered "not found" at ${context.origin}. Check the subdomain of the credential, and its API Base URL if you set one.${said(body)}`,
			rateLimit,
		};
	}
	const nonJson = typeof body === 'string' && parseJsonBody(body) === undefined;
	const shape = nonJson ? ` with ${describeNonJson(body)} instead of JSON` : '';
	if (status === 429) {
		return {
			kind: 'retriable',
			status,
			message: 'Zendesk is rate limiting the export (429)',
			description:
				'The incremental export allows 10 requests a minute (30 with the High Volume add-on), shared by everything that uses it on this account.',
			retryAfterMs,
			rateLimit,
		};
	}
	if (RETRIABLE_STATUSES.has(status)) {
		return {
			kind: 'retriable',
			status,
			message: `Zendesk answered ${status}${shape}`,
			description: `Zendesk or the network in front of it failed for now.${said(body)}`,
			retryAfterMs,
			rateLimit,
		};
	}
	return {
		kind: 'fatal',
		status,
		message: `Zendesk rejected the request (${status})${shape}`,
		description: said(body).trim() || undefined,
		rateLimit,
	};
}

/** An answer with status 2xx whose body is not the JSON object expected. */
export function malformedBody(body: unknown, headers: unknown, nowMs: number): Failure {
	const what =
		typeof body === 'string' && parseJsonBody(body) === undefined
			? describeNonJson(body)
			: 'JSON without the "tickets" list of an export page';
	return {
		kind: 'retriable',
		message: `Zendesk answered with ${what}`,
		description:
			'Something between n8n and Zendesk (a proxy, a captive portal, a dropped connection) may have answered instead of Zendesk.',
		rateLimit: parseRateLimitHeaders(headers, nowMs),
	};
}

/** Whatever `httpRequestWithAuthentication` threw. */
export function classifyRequestError(error: unknown, context: ClassifyContext): Failure {
	const status = readStatus(error);
	const response = readResponse(error);
	if (status !== undefined && status >= 400) {
		return classifyStatus(status, response.data, response.headers, context);
	}
	const code = readCode(error);
	if (code !== undefined) {
		return {
			kind: 'retriable',
			message: `Could not reach Zendesk: ${RETRIABLE_NETWORK_CODES[code]}`,
			description: `Network error ${code} while talking to ${context.origin}.`,
			rateLimit: {},
		};
	}
	if (isJsonSyntaxError(error)) {
		return malformedBody(response.data ?? '{', response.headers, context.nowMs);
	}
	const message =
		isRecord(error) && typeof error.message === 'string' && error.message.trim() !== ''
			? scrub(error.message)
			: 'The request to Zendesk failed';
	const description =
		isRecord(error) && typeof error.description === 'string' && error.description.trim() !== ''
			? scrub(error.description)
			: undefined;
	return { kind: 'fatal', status, message, description, rateLimit: {} };
}

/**
 * The error to throw for a failure. Built from chosen fields only (no request options, no
 * headers, no raw body); `context.retriable` tells `isRetriableError` which kind it is.
 */
export function toNodeApiError(
	node: INode,
	failure: Failure,
	override: { message?: string; description?: string } = {},
): NodeApiError {
	const httpCode = failure.status === undefined ? undefined : String(failure.status);
	const summary: JsonObject = { retriable: failure.kind === 'retriable' };
	if (failure.status !== undefined) summary.status = failure.status;
	const error = new NodeApiError(node, summary, {
		message: override.message ?? failure.message,
		description: override.description ?? failure.description,
		httpCode,
	});
	error.context.retriable = failure.kind === 'retriable';
	if (failure.rateLimit.retryAfterSeconds !== undefined) {
		error.context.retryAfterSeconds = failure.rateLimit.retryAfterSeconds;
	}
	return error;
}

/**
 * True when another try later may succeed: rate limits, 5xx, network failures, timeouts and
 * bodies that were not JSON, once the transport gave up at the deadline. False for what a person
 * must fix (credentials, permissions, subdomain). Errors not built here are classified afresh.
 */
export function isRetriableError(error: unknown): boolean {
	if (isRecord(error) && isRecord(error.context) && typeof error.context.retriable === 'boolean') {
		return error.context.retriable;
	}
	const failure = classifyRequestError(error, {
		credentialType: 'zendeskExportOAuth2Api',
		origin: 'Zendesk',
		nowMs: 0,
	});
	return failure.kind === 'retriable';
}
