/** Reading and writing the parts of an export request and its answer that are plain data. */
import type { IDataObject } from 'n8n-workflow';
import type { RateLimitInfo, Sideloads } from '../engine/types';
import { isRecord } from './body';

/** The query options of an export request, beside its position. */
export interface ExportQuery {
	/** Sideloads (users, groups, … for tickets; comment_events for ticket events). */
	include: string[];
	excludeDeleted: boolean;
	/** Tickets and ticket events only; left out for users and organizations. */
	supportTypeScope?: 'all' | 'agent' | 'ai_agent';
	/** Up to 1000; Zendesk's default (1000) when left out. */
	perPage?: number;
}

export function queryParameters(query: ExportQuery): IDataObject {
	const qs: IDataObject = {};
	if (query.supportTypeScope !== undefined) qs.support_type_scope = query.supportTypeScope;
	if (query.include.length > 0) qs.include = query.include.join(',');
	if (query.excludeDeleted) qs.exclude_deleted = true;
	if (query.perPage !== undefined) qs.per_page = query.perPage;
	return qs;
}

/** Every top-level list beside the records: users, groups, organizations, … */
export function sideloadsOf(body: Record<string, unknown>, recordsKey: string): Sideloads {
	const sideloads: Sideloads = {};
	for (const [key, value] of Object.entries(body)) {
		if (key !== recordsKey && Array.isArray(value)) {
			sideloads[key] = value.filter(isRecord);
		}
	}
	return sideloads;
}

export type Answer =
	| { kind: 'body'; body: Record<string, unknown>; rateLimit: RateLimitInfo }
	| { kind: 'tooRecent'; rateLimit: RateLimitInfo };

/** The parts of `returnFullResponse: true`'s answer this module reads. */
export function splitResponse(response: unknown): { body: unknown; headers: unknown } {
	if (isRecord(response) && 'body' in response && 'headers' in response) {
		return { body: response.body, headers: response.headers };
	}
	return { body: response, headers: {} };
}
