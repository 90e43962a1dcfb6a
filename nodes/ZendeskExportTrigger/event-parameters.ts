/**
 * The New Comment, Ticket Field Changed, User and Organization modes' parameters, checked: an
 * expression that gives a wrong value fails with a sentence naming the parameter.
 */
import type { IPollFunctions } from 'n8n-workflow';
import {
	commentsKind,
	fieldChangesKind,
	organizationsKind,
	readListOption,
	usersKind,
	USER_ROLES,
	type ExportKind,
	type TriggerEvent,
} from './engine';
import { TRACKED_FIELDS } from './event-description';
import type { ExportName, ExportQuery } from './transport';
import { invalid, readCollection, readEnum, readMaxItems, readScope } from './parameter-checks';

export type EventMode = 'comments' | 'fieldChanges' | 'users' | 'organizations';

export interface ModeSetup {
	exportName: ExportName;
	kind: ExportKind;
	query: ExportQuery;
	maxItemsPerPoll: number;
}

const EVENTS: readonly TriggerEvent[] = ['createdOrUpdated', 'created', 'updated'];

export function readEventMode(ctx: IPollFunctions, mode: EventMode): ModeSetup {
	if (mode === 'comments') return readComments(ctx);
	if (mode === 'fieldChanges') return readFieldChanges(ctx);
	const event = readEnum(
		ctx,
		ctx.getNodeParameter('changeEvent', 'createdOrUpdated'),
		EVENTS,
		'Event',
	);
	const noQuery: ExportQuery = { include: [], excludeDeleted: false };
	if (mode === 'users') {
		const options = readCollection(ctx, 'userOptions');
		const roles = readListOption(options.roles, USER_ROLES, 'Roles');
		if (!roles.ok) throw invalid(ctx, roles.problem);
		return {
			exportName: 'users',
			kind: usersKind({ event, roles: roles.values }),
			query: noQuery,
			maxItemsPerPoll: readMaxItems(ctx, options.maxItemsPerPoll, 'Max Items per Poll'),
		};
	}
	const options = readCollection(ctx, 'organizationOptions');
	return {
		exportName: 'organizations',
		kind: organizationsKind({ event }),
		query: noQuery,
		maxItemsPerPoll: readMaxItems(ctx, options.maxItemsPerPoll, 'Max Items per Poll'),
	};
}

function readComments(ctx: IPollFunctions): ModeSetup {
	const options = readCollection(ctx, 'commentOptions');
	const visibility = readEnum(
		ctx,
		options.visibility ?? 'all',
		['all', 'public', 'internal'] as const,
		'Visibility',
	);
	const authors = readEnum(
		ctx,
		options.authors ?? 'any',
		['any', 'endUsers', 'agents'] as const,
		'Authors',
	);
	return {
		exportName: 'ticketEvents',
		kind: commentsKind({
			visibility,
			authors,
			skipRequester: options.skipRequester === true,
			addTicketAndAuthor: options.addTicketAndAuthor === true,
		}),
		query: {
			include: ['comment_events'],
			excludeDeleted: false,
			supportTypeScope: readScope(ctx, options),
		},
		maxItemsPerPoll: readMaxItems(ctx, options.maxItemsPerPoll, 'Max Items per Poll'),
	};
}

function readFieldChanges(ctx: IPollFunctions): ModeSetup {
	const options = readCollection(ctx, 'fieldChangeOptions');
	const fields = readListOption(ctx.getNodeParameter('fields', []), TRACKED_FIELDS, 'Fields');
	if (!fields.ok) throw invalid(ctx, fields.problem);
	const customFieldIds = readIds(ctx, options.customFieldIds);
	const toValues = readText(ctx, ctx.getNodeParameter('toValues', ''), 'To Values');
	return {
		exportName: 'ticketEvents',
		kind: fieldChangesKind({
			fields: [...fields.values, ...customFieldIds],
			toValues,
			includeCreate: options.includeCreate === true,
			addTicketAndUpdater: options.addTicketAndUpdater === true,
		}),
		query: { include: [], excludeDeleted: false, supportTypeScope: readScope(ctx, options) },
		maxItemsPerPoll: readMaxItems(ctx, options.maxItemsPerPoll, 'Max Items per Poll'),
	};
}

/** A comma-separated text (or a list, from an expression) of values; empty parts are dropped. */
function readText(ctx: IPollFunctions, value: unknown, label: string): string[] {
	if (value === undefined || value === null || value === '') return [];
	const parts = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : null;
	if (
		parts === null ||
		parts.some((part) => typeof part !== 'string' && typeof part !== 'number')
	) {
		throw invalid(ctx, `${label} must be a comma-separated text, not ${JSON.stringify(value)}`);
	}
	return parts.map((part) => String(part).trim()).filter((part) => part !== '');
}

function readIds(ctx: IPollFunctions, value: unknown): string[] {
	const ids = readText(ctx, value, 'Custom Field IDs');
	const bad = ids.find((id) => !/^\d+$/.test(id));
	if (bad !== undefined) {
		throw invalid(ctx, `Custom Field IDs holds "${bad}", which is not a field id (digits only)`);
	}
	return ids;
}
