/**
 * The node's parameters as the engine and transport need them. Users type expressions, so every
 * value is checked here, and a wrong one fails with a sentence naming the parameter instead of
 * filtering everything out or breaking deep inside a request.
 */
import { NodeOperationError, type IPollFunctions } from 'n8n-workflow';
import {
	DEFAULT_MAX_TICKETS_PER_POLL,
	parseStartDate,
	readListOption,
	type PollSettings,
	type TriggerEvent,
} from './engine';
import { INCLUDE_VALUES, TICKET_STATUSES } from './description';
import type { ExportQuery } from './transport';

const EVENTS: readonly TriggerEvent[] = ['createdOrUpdated', 'created', 'updated'];

export function readOptions(ctx: IPollFunctions): Record<string, unknown> {
	const options = ctx.getNodeParameter('options', {});
	return typeof options === 'object' && options !== null
		? (options as Record<string, unknown>)
		: {};
}

export function readSettings(ctx: IPollFunctions, options: Record<string, unknown>): PollSettings {
	const event = ctx.getNodeParameter('event', 'createdOrUpdated') as TriggerEvent;
	if (!EVENTS.includes(event)) {
		throw invalid(ctx, `Event "${String(event)}" is not one of: ${EVENTS.join(', ')}`);
	}
	const statuses = readListOption(options.statuses, TICKET_STATUSES, 'Statuses');
	if (!statuses.ok) throw invalid(ctx, statuses.problem);
	let maxTicketsPerPoll = DEFAULT_MAX_TICKETS_PER_POLL;
	if (options.maxTicketsPerPoll !== undefined && options.maxTicketsPerPoll !== '') {
		maxTicketsPerPoll = Number(options.maxTicketsPerPoll);
		if (!Number.isInteger(maxTicketsPerPoll) || maxTicketsPerPoll < 1) {
			throw invalid(
				ctx,
				`Max Tickets per Poll is ${JSON.stringify(options.maxTicketsPerPoll)}, not a whole number of at least 1`,
			);
		}
	}
	return {
		event,
		statuses: statuses.values,
		ignoreSystemUpdates: options.ignoreSystemUpdates === true,
		maxTicketsPerPoll,
	};
}

export function readQuery(ctx: IPollFunctions, options: Record<string, unknown>): ExportQuery {
	const include = readListOption(options.include, INCLUDE_VALUES, 'Include Related Records');
	if (!include.ok) throw invalid(ctx, include.problem);
	const scope = options.supportTypeScope ?? 'all';
	if (scope !== 'all' && scope !== 'agent' && scope !== 'ai_agent') {
		throw invalid(ctx, `Support Type Scope "${String(scope)}" is not one of: all, agent, ai_agent`);
	}
	return {
		include: include.values,
		excludeDeleted: options.excludeDeleted === true,
		supportTypeScope: scope,
	};
}

/** Start Date as the user wrote it: the expression itself, not its value. */
export function startDateAsWritten(ctx: IPollFunctions): string {
	const written = ctx.getNode().parameters.startDate;
	return typeof written === 'string' ? written : JSON.stringify(written ?? '');
}

/**
 * Where a backfill starts, decided once at first activation. A value without an offset (what the
 * date picker stores) is read in the workflow's time zone, not the server's.
 */
export function readStartSeconds(ctx: IPollFunctions, nowMs: number): number {
	const timeZone = ctx.getTimezone();
	const parsed = parseStartDate(ctx.getNodeParameter('startDate', ''), timeZone);
	if (!parsed.ok) {
		throw new NodeOperationError(ctx.getNode(), `${parsed.problem}.`, {
			description: `Pick the date and time from which the trigger should emit ticket changes. A date without an offset is read in the workflow's time zone (${timeZone}).`,
		});
	}
	if (parsed.seconds * 1000 > nowMs) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Start Date ${new Date(parsed.seconds * 1000).toISOString()} is in the future`,
			{
				description: `The trigger reads changes that already happened, so it would emit nothing until then. Pick a date in the past, or set Start From to Now. (A date without an offset is read in the workflow's time zone, ${timeZone}.)`,
			},
		);
	}
	return Math.max(0, parsed.seconds);
}

function invalid(ctx: IPollFunctions, problem: string): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `${problem}.`, {
		description:
			'Correct the option in the trigger: pick the values from the list, or give them as a comma-separated text such as "open, pending".',
	});
}
