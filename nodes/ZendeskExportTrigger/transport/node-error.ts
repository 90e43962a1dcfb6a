/**
 * The thin edge between a `Failure` and what n8n shows: a `NodeApiError` built from chosen
 * fields only. n8n's own error holds the axios error, whose request config carries the
 * Authorization header, so it is never rethrown; a failure's text passes `redact` once more here,
 * whatever built it.
 */
import { NodeApiError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import { isRecord } from './body';
import { classifyRequestError, type Failure } from './classify';

export type Redact = (text: string) => string;

const keep: Redact = (text) => text;

/** The error to throw for a failure; `context.retriable` tells `isRetriableError` its kind. */
export function toNodeApiError(
	node: INode,
	failure: Failure,
	override: { message?: string; description?: string } = {},
	redact: Redact = keep,
): NodeApiError {
	const httpCode = failure.status === undefined ? undefined : String(failure.status);
	const summary: JsonObject = { retriable: failure.kind === 'retriable' };
	if (failure.status !== undefined) summary.status = failure.status;
	const description = override.description ?? failure.description;
	const error = new NodeApiError(node, summary, {
		message: redact(override.message ?? failure.message),
		description: description === undefined ? undefined : redact(description),
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
