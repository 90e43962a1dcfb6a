import {
	NodeApiError,
	NodeOperationError,
	sleep,
	type IDataObject,
	type INodeExecutionData,
	type IPollFunctions,
} from 'n8n-workflow';
import {
	DEFAULT_MAX_TICKETS_PER_POLL,
	EXPORT_WITHHELD_SECONDS,
	runPoll,
	sampleRecentTicket,
	StuckSecondError,
	type ExportSource,
	type PollSettings,
	type RateLimitReading,
	type Ticket,
	type TriggerEvent,
} from './engine';
import { configKeyOf, freshState, readState, writeState } from './state';
import {
	createExportSource,
	isRetriableError,
	resolveOrigin,
	type ExportQuery,
	type ZendeskCredentialType,
} from './transport';

/** Used where n8n does not tell the poll budget (n8n before 2.38). */
const DEFAULT_POLL_BUDGET_MS = 4 * 60_000;
/** Leaves time to hand the items back to n8n before its budget runs out. */
const POLL_BUDGET_MARGIN_MS = 15_000;
/** "Fetch Test Event" answers within this, or says why not. */
const MANUAL_BUDGET_MS = 60_000;
/** Publish waits at most this long for the access check of Start From = now. */
const ACCESS_CHECK_BUDGET_MS = 30_000;

/** Polls still running, per workflow and node: an overlapping tick must not read the same window. */
const pollsInFlight = new Set<string>();
/**
 * n8n runs the activation poll and every later tick on one context object. A throw in the
 * activation poll kills the trigger until someone re-activates it, so that first poll only throws
 * for what the user must fix. (n8n 2.41's opt-in durable scheduler builds a context per tick; there
 * every poll counts as the first, so transient failures are logged rather than failing executions.)
 */
const contextsPolledBefore = new WeakSet<object>();
/** The export limit is per account: the last reading per origin paces the next poll's first request. */
const rateLimitReadings = new Map<string, RateLimitReading>();

export async function pollZendeskExport(
	ctx: IPollFunctions,
): Promise<INodeExecutionData[][] | null> {
	const credentialType: ZendeskCredentialType =
		ctx.getNodeParameter('authentication', 'oAuth2') === 'apiToken'
			? 'zendeskExportApi'
			: 'zendeskExportOAuth2Api';
	const origin = await resolveOrigin(ctx, credentialType);
	const options = ctx.getNodeParameter('options', {}) as Record<string, unknown>;
	const settings = readSettings(ctx, options);
	const source = createExportSource(ctx, {
		credentialType,
		origin,
		query: readQuery(options),
		sleep,
	});

	if (ctx.getMode() === 'manual') {
		const ticket = await sampleRecentTicket(
			source,
			settings,
			Date.now(),
			Date.now() + MANUAL_BUDGET_MS,
		);
		if (!ticket) {
			throw new NodeOperationError(ctx.getNode(), 'No ticket found to show as a test event', {
				description:
					'No ticket changed in the last 365 days matches this trigger’s settings. Create or update a ticket in Zendesk, or loosen the Event and Statuses options, then fetch again.',
			});
		}
		return [toItems([ticket])];
	}

	const isActivationPoll = !contextsPolledBefore.has(ctx);
	contextsPolledBefore.add(ctx);
	const inFlightKey = `${ctx.getWorkflow().id ?? ''}\u0000${ctx.getNode().name}`;
	if (pollsInFlight.has(inFlightKey)) {
		ctx.logger.debug(
			'Zendesk Export Trigger: the previous poll is still running; skipping this tick',
		);
		return null;
	}
	pollsInFlight.add(inFlightKey);
	try {
		return await pollLive(ctx, origin, settings, source, isActivationPoll);
	} finally {
		pollsInFlight.delete(inFlightKey);
	}
}

async function pollLive(
	ctx: IPollFunctions,
	origin: string,
	settings: PollSettings,
	source: ExportSource,
	isActivationPoll: boolean,
): Promise<INodeExecutionData[][] | null> {
	const startFrom = ctx.getNodeParameter('startFrom', 'now') as string;
	const startDate = String(ctx.getNodeParameter('startDate', '') ?? '');
	const staticData = ctx.getWorkflowStaticData('node');
	const configKey = configKeyOf({ origin, startFrom, startDate });
	const startedMs = Date.now();

	let state = readState(staticData, configKey);
	if (!state) {
		if (startFrom !== 'date') await checkExportAccess(ctx, source, startedMs);
		state = freshState(
			startFrom === 'date' ? parseStartDate(ctx, startDate) : Math.floor(startedMs / 1000),
		);
		writeState(staticData, state, configKey);
		if (startFrom !== 'date') return null;
	}

	const pollBudgetMs = ctx.getPollBudgetMs?.() ?? DEFAULT_POLL_BUDGET_MS;
	const outcome = await runPoll(state, settings, {
		source,
		nowMs: Date.now,
		sleep,
		deadlineMs: startedMs + Math.max(pollBudgetMs - POLL_BUDGET_MARGIN_MS, 10_000),
		rateLimitReading: rateLimitReadings.get(origin),
	});
	if (outcome.rateLimitReading) rateLimitReadings.set(origin, outcome.rateLimitReading);
	const failedBeforeAnyTicket = outcome.error !== undefined && outcome.tickets.length === 0;
	if (!failedBeforeAnyTicket) writeState(staticData, outcome.state, configKey);
	ctx.logger.debug('Zendesk Export Trigger: poll finished', {
		tickets: outcome.tickets.length,
		requests: outcome.requestCount,
		stopReason: outcome.stopReason,
		cursorSeconds: outcome.state.cursorSeconds,
	});

	if (outcome.error !== undefined) {
		const error = toNodeError(ctx, outcome.error);
		if (outcome.tickets.length) {
			ctx.logger.warn(
				`Zendesk Export Trigger: emitting the ${outcome.tickets.length} tickets read before a failure; the next poll carries on from there. ${error.message}`,
			);
		} else if (isActivationPoll && isTransient(outcome.error)) {
			ctx.logger.warn(
				`Zendesk Export Trigger: the first poll failed and will be retried on the next tick. ${error.message}`,
			);
			return null;
		} else {
			throw error;
		}
	}
	return outcome.tickets.length ? [toItems(outcome.tickets)] : null;
}

/**
 * Start From = now has nothing to read yet, so without this a wrong credential or a non-admin
 * would only show up at the first tick. One export request (its tickets are older than the
 * cursor and dropped) lets Publish fail with the reason; a transient failure does not block it.
 */
async function checkExportAccess(
	ctx: IPollFunctions,
	source: ExportSource,
	startedMs: number,
): Promise<void> {
	const startSeconds = Math.floor(startedMs / 1000) - EXPORT_WITHHELD_SECONDS;
	try {
		await source.timePage(startSeconds, startedMs + ACCESS_CHECK_BUDGET_MS);
	} catch (error) {
		const nodeError = toNodeError(ctx, error);
		if (!isTransient(error)) throw nodeError;
		ctx.logger.warn(
			`Zendesk Export Trigger: could not check access to the export at activation; the first tick will. ${nodeError.message}`,
		);
	}
}

function readSettings(ctx: IPollFunctions, options: Record<string, unknown>): PollSettings {
	const maxTicketsPerPoll = Number(options.maxTicketsPerPoll ?? DEFAULT_MAX_TICKETS_PER_POLL);
	return {
		event: ctx.getNodeParameter('event', 'createdOrUpdated') as TriggerEvent,
		statuses: (options.statuses as string[] | undefined) ?? [],
		ignoreSystemUpdates: options.ignoreSystemUpdates === true,
		maxTicketsPerPoll: maxTicketsPerPoll > 0 ? maxTicketsPerPoll : DEFAULT_MAX_TICKETS_PER_POLL,
	};
}

function readQuery(options: Record<string, unknown>): ExportQuery {
	const scope = options.supportTypeScope;
	return {
		include: (options.include as string[] | undefined) ?? [],
		excludeDeleted: options.excludeDeleted === true,
		supportTypeScope: scope === 'agent' || scope === 'ai_agent' ? scope : 'all',
	};
}

function parseStartDate(ctx: IPollFunctions, startDate: string): number {
	const startMs = Date.parse(startDate);
	if (Number.isNaN(startMs)) {
		throw new NodeOperationError(ctx.getNode(), 'Start Date is not a date', {
			description: 'Pick the date and time from which the trigger should emit ticket changes.',
		});
	}
	return Math.max(0, Math.floor(startMs / 1000));
}

function toItems(tickets: Ticket[]): INodeExecutionData[] {
	// A ticket is parsed JSON, so it is an IDataObject; the engine types it without n8n.
	return tickets.map((ticket) => ({ json: ticket as unknown as IDataObject }));
}

function isTransient(error: unknown): boolean {
	return error instanceof StuckSecondError || isRetriableError(error);
}

function toNodeError(ctx: IPollFunctions, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(ctx.getNode(), message);
}
