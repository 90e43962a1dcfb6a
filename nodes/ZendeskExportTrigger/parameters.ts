/**
 * The node's parameters as the engine and transport need them. Users type expressions, so every
 * value is checked here, and a wrong one fails with a sentence naming the parameter instead of
 * filtering everything out or breaking deep inside a request.
 */
import { NodeOperationError, type IPollFunctions } from 'n8n-workflow';
import { parseStartDate, readListOption, ticketsKind, type TriggerEvent } from './engine';
import { INCLUDE_VALUES, TICKET_STATUSES } from './description';
import { readEventMode, type EventMode, type ModeSetup } from './event-parameters';
import { invalid, readCollection, readEnum, readMaxItems, readScope } from './parameter-checks';

export type TriggerOn = 'tickets' | EventMode;
const TRIGGER_ON: readonly TriggerOn[] = [
	'tickets',
	'comments',
	'fieldChanges',
	'users',
	'organizations',
];
const EVENTS: readonly TriggerEvent[] = ['createdOrUpdated', 'created', 'updated'];

export function readTriggerOn(ctx: IPollFunctions): TriggerOn {
	return readEnum(ctx, ctx.getNodeParameter('triggerOn', 'tickets'), TRIGGER_ON, 'Trigger On');
}

/** Which export to read, what its records become, and how many items a poll may collect. */
export function readModeSetup(ctx: IPollFunctions, triggerOn: TriggerOn): ModeSetup {
	if (triggerOn !== 'tickets') return readEventMode(ctx, triggerOn);
	const options = readCollection(ctx, 'options');
	const event = readEnum(ctx, ctx.getNodeParameter('event', 'createdOrUpdated'), EVENTS, 'Event');
	const statuses = readListOption(options.statuses, TICKET_STATUSES, 'Statuses');
	if (!statuses.ok) throw invalid(ctx, statuses.problem);
	const include = readListOption(options.include, INCLUDE_VALUES, 'Include Related Records');
	if (!include.ok) throw invalid(ctx, include.problem);
	return {
		exportName: 'tickets',
		kind: ticketsKind({
			event,
			statuses: statuses.values,
			ignoreSystemUpdates: options.ignoreSystemUpdates === true,
		}),
		query: {
			include: include.values,
			excludeDeleted: options.excludeDeleted === true,
			supportTypeScope: readScope(ctx, options),
		},
		maxItemsPerPoll: readMaxItems(ctx, options.maxTicketsPerPoll, 'Max Tickets per Poll'),
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
