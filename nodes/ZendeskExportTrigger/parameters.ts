/**
 * Where a new position starts: Start From and Start Date, which every mode shares. Each mode's own
 * parameters are read in `modes/`.
 */
import { NodeOperationError, type IPollFunctions } from 'n8n-workflow';
import { parseStartDate } from './engine';

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
