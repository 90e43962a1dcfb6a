/**
 * What went wrong with a Zendesk request: a status, body and headers, a network code, or whatever
 * n8n threw, mapped to a `Failure` (its kind, and the words for it). Pure: no n8n error is built
 * here (see `node-error.ts`) and no secret is read; the caller passes `redact`, which is applied to
 * every piece of text taken from a response before it is quoted.
 *
 * `httpRequestWithAuthentication` (n8n-core 2.41) throws `new NodeApiError(node, axiosError)`:
 * `httpCode` is the status as a string, `cause` is the axios error with `code` (ECONNRESET, …)
 * and, when Zendesk answered, `response.status`, `response.headers` and `response.data`.
 */
import { MISSING_SCOPE, NOT_ADMIN, NOT_FOUND, REJECTED } from '../../shared/messages';
import type { CredentialKind, UserMessage } from '../../shared/messages';
import type { RateLimitInfo } from '../engine/types';
import {
	describeNonJson,
	isNonJsonText,
	isRecord,
	saysStartTimeTooRecent,
	shorten,
	zendeskErrorText,
} from './body';
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

export interface ClassifyContext {
	credentialType: ZendeskCredentialType;
	origin: string;
	nowMs: number;
	/** Applied to any text taken from a response before it is quoted. */
	redact?: (text: string) => string;
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

function kindOf(credentialType: ZendeskCredentialType): CredentialKind {
	return credentialType === 'zendeskExportOAuth2Api' ? 'oauth2' : 'apiToken';
}

/** `redact` first, then shorten: a cut made first could leave half a secret behind. */
function quote(text: string, context: ClassifyContext): string {
	return shorten(context.redact === undefined ? text : context.redact(text));
}

function said(body: unknown, context: ClassifyContext): string {
	const text = zendeskErrorText(body);
	return text === undefined ? '' : ` Zendesk said: "${quote(text, context)}".`;
}

/** A failure a person must fix, worded from the shared message table. */
function fatal(
	words: UserMessage,
	status: number,
	body: unknown,
	context: ClassifyContext,
	rateLimit: RateLimitInfo,
): Failure {
	return {
		kind: 'fatal',
		status,
		message: `${words.summary} (${status})`,
		description: `${words.advice}${said(body, context)}`,
		rateLimit,
	};
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
	if ((status === 400 || status === 422) && saysStartTimeTooRecent(body)) {
		return { kind: 'tooRecent', status, message: 'The start time is too recent', rateLimit };
	}
	if (status === 401) {
		return fatal(REJECTED[kindOf(context.credentialType)], status, body, context, rateLimit);
	}
	if (status === 403) {
		const missingScope = /scope/i.test(zendeskErrorText(body) ?? '');
		return fatal(missingScope ? MISSING_SCOPE : NOT_ADMIN, status, body, context, rateLimit);
	}
	if (status === 404) {
		const failure = fatal(NOT_FOUND, status, body, context, rateLimit);
		return {
			...failure,
			description: `Zendesk answered "not found" at ${context.origin}. ${failure.description}`,
		};
	}
	const shape = isNonJsonText(body) ? ` with ${describeNonJson(body)} instead of JSON` : '';
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
			description: `Zendesk or the network in front of it failed for now.${said(body, context)}`,
			retryAfterMs,
			rateLimit,
		};
	}
	return {
		kind: 'fatal',
		status,
		message: `Zendesk rejected the request (${status})${shape}`,
		description: said(body, context).trim() || undefined,
		rateLimit,
	};
}

/** An answer with status 2xx whose body is not the JSON object expected. */
export function malformedBody(
	body: unknown,
	headers: unknown,
	nowMs: number,
	listKey = 'tickets',
): Failure {
	const what = isNonJsonText(body)
		? describeNonJson(body)
		: `JSON without the "${listKey}" list of an export page`;
	return {
		kind: 'retriable',
		message: `Zendesk answered with ${what}`,
		description:
			'Something between n8n and Zendesk (a proxy, a captive portal, a dropped connection) may have answered instead of Zendesk.',
		rateLimit: parseRateLimitHeaders(headers, nowMs),
	};
}

/** `error`, then its causes: the first value `read` finds on the way. */
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

function ownText(error: unknown, key: 'message' | 'description'): string | undefined {
	const value = isRecord(error) ? error[key] : undefined;
	return typeof value === 'string' && value.trim() !== '' ? value : undefined;
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
	// Not an answer this module knows (n8n's "needs to be reconnected", say): its own words,
	// which may quote a response, so they are redacted too.
	const message = ownText(error, 'message');
	const description = ownText(error, 'description');
	return {
		kind: 'fatal',
		status,
		message: message === undefined ? 'The request to Zendesk failed' : quote(message, context),
		description: description === undefined ? undefined : quote(description, context),
		rateLimit: {},
	};
}
