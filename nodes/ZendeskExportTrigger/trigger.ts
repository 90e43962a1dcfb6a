import {
	NodeApiError,
	NodeOperationError,
	sleep,
	type IDataObject,
	type INodeExecutionData,
	type IPollFunctions,
} from 'n8n-workflow';
import {
	EXPORT_WITHHELD_SECONDS,
	RateBudget,
	runKindPoll,
	type BudgetClock,
	sampleRecentItem,
	StuckSecondError,
	type ExportItem,
	type ExportSource,
} from './engine';
import { budgetOf, pacedSource } from './account-budget';
import { MANUAL_BUDGET_MS, pollDeadlineMs, STARTING_ACTIVATIONS } from './poll-limits';
import { listModeOf, pollListMode } from './list-trigger';
import { modeOf, readModeSetup, readTriggerOn, type ModeSetup, type TriggerOn } from './modes';
import { readStartSeconds, startDateAsWritten } from './parameters';
import { withCachedDefinitions } from './definitions-cache';
import { configKeyOf, freshState, readState, writeState } from './state';
import {
	createExportSource,
	isRetriableError,
	resolveOrigin,
	type ZendeskCredentialType,
} from './transport';

/** Publish waits at most this long for the access check of a new position. */
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

/** The clocks and the sleep a poll uses (the account budget's clock); tests pass virtual ones. */
export type PollRuntime = BudgetClock;

const REAL_RUNTIME: PollRuntime = {
	nowMs: () => Date.now(),
	monotonicNowMs: () => performance.now(),
	sleep,
};

export async function pollZendeskExport(
	ctx: IPollFunctions,
	runtime: PollRuntime = REAL_RUNTIME,
): Promise<INodeExecutionData[][] | null> {
	const credentialType: ZendeskCredentialType =
		ctx.getNodeParameter('authentication', 'oAuth2') === 'apiToken'
			? 'zendeskExportApi'
			: 'zendeskExportOAuth2Api';
	const origin = await resolveOrigin(ctx, credentialType);
	const triggerOn = readTriggerOn(ctx);
	// Suspended tickets and views are lists, not exports: their own poll (list-trigger.ts).
	const listMode = listModeOf(triggerOn);
	if (listMode) return await pollListMode(ctx, runtime, { mode: listMode, origin, credentialType });
	const setup = readModeSetup(ctx, triggerOn, origin);
	const exportSource = createExportSource(ctx, {
		credentialType,
		origin,
		exportName: setup.exportName,
		query: setup.query,
		sleep: runtime.sleep,
		nowMs: runtime.nowMs,
	});
	const credentialId = ctx.getNode().credentials?.[credentialType]?.id ?? '';
	const accountKey = `${origin}\u0000${credentialType}\u0000${credentialId}`;
	const source = withCachedDefinitions(exportSource, accountKey, runtime.nowMs);

	if (ctx.getMode() === 'manual') {
		const nowMs = runtime.nowMs();
		const paced = pacedSource(ctx, source, budgetOf(origin), runtime);
		const item = await sampleRecentItem(paced, setup.kind, nowMs, nowMs + MANUAL_BUDGET_MS);
		if (!item) {
			const { itemNoun } = setup.kind;
			throw new NodeOperationError(ctx.getNode(), `No ${itemNoun} found to show as a test event`, {
				description: `No ${itemNoun} in the last 365 days matches this trigger’s settings. ${modeOf(triggerOn).sampleHint}, then fetch again.`,
			});
		}
		return [toItems([item])];
	}

	const isFirstPollOnContext = !contextsPolledBefore.has(ctx);
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
		return await pollLive(ctx, runtime, { origin, triggerOn, setup, source }, isFirstPollOnContext);
	} finally {
		pollsInFlight.delete(inFlightKey);
	}
}

/** What one poll reads, decided from the node's parameters. */
interface PollTarget {
	origin: string;
	triggerOn: TriggerOn;
	setup: ModeSetup;
	source: ExportSource;
}

async function pollLive(
	ctx: IPollFunctions,
	runtime: PollRuntime,
	{ origin, triggerOn, setup, source }: PollTarget,
	isFirstPollOnContext: boolean,
): Promise<INodeExecutionData[][] | null> {
	const startFrom = ctx.getNodeParameter('startFrom', 'now') as string;
	const staticData = ctx.getWorkflowStaticData('node');
	const configKey = configKeyOf({
		origin,
		startFrom,
		startDateAsWritten: startDateAsWritten(ctx),
		triggerOn,
	});
	const startedMs = runtime.nowMs();

	const stored = readState(staticData, configKey);
	if (stored.kind === 'unreadable') {
		throw new NodeOperationError(
			ctx.getNode(),
			`The trigger's saved position cannot be read: ${stored.problem}`,
			{
				description:
					'The trigger will not guess where to carry on, since a guess could skip or repeat changes. To start over, change Start From (or Start Date) and publish the workflow again.',
			},
		);
	}
	if (stored.kind !== 'ok') {
		// The first poll of a new position: decide where it starts, check access, save, return.
		// A backfill starts at the first scheduled tick, so Publish never waits for it.
		const cursorSeconds =
			startFrom === 'date' ? readStartSeconds(ctx, startedMs) : Math.floor(startedMs / 1000);
		await checkExportAccess(ctx, source, budgetOf(origin), runtime);
		writeState(staticData, freshState(cursorSeconds), configKey);
		return null;
	}
	for (const warning of stored.warnings) ctx.logger.warn(`Zendesk Export Trigger: ${warning}`);
	if (isFirstPollOnContext && STARTING_ACTIVATIONS.has(ctx.getActivationMode())) {
		// Publish and every n8n start wait for this poll: a remaining backlog waits for the first tick.
		ctx.logger.debug('Zendesk Export Trigger: activated; reading resumes at the first tick');
		return null;
	}
	const state = stored.state;

	const settings = { kind: setup.kind, maxItemsPerPoll: setup.maxItemsPerPoll };
	const outcome = await runKindPoll(state, settings, {
		source,
		nowMs: runtime.nowMs,
		monotonicNowMs: runtime.monotonicNowMs,
		sleep: runtime.sleep,
		deadlineMs: pollDeadlineMs(ctx, startedMs),
		budget: budgetOf(origin),
	});
	for (const warning of outcome.warnings) ctx.logger.warn(`Zendesk Export Trigger: ${warning}`);
	const failedBeforeAnyItem = outcome.error !== undefined && outcome.items.length === 0;
	if (!failedBeforeAnyItem) writeState(staticData, outcome.state, configKey);
	ctx.logger.debug('Zendesk Export Trigger: poll finished', {
		items: outcome.items.length,
		requests: outcome.requestCount,
		stopReason: outcome.stopReason,
		cursorSeconds: outcome.state.cursorSeconds,
	});

	if (outcome.error !== undefined) {
		const error = toNodeError(ctx, outcome.error);
		if (outcome.items.length) {
			ctx.logger.warn(
				`Zendesk Export Trigger: emitting the ${outcome.items.length} ${setup.kind.itemNoun}s read before a failure; the next poll carries on from there. ${error.message}`,
			);
		} else if (isFirstPollOnContext && isTransient(outcome.error)) {
			ctx.logger.warn(
				`Zendesk Export Trigger: the first poll failed and will be retried on the next tick. ${error.message}`,
			);
			return null;
		} else {
			throw error;
		}
	}
	return outcome.items.length ? [toItems(outcome.items)] : null;
}

/**
 * The first poll of a new position reads nothing (a backfill waits for the first tick), so without
 * this a wrong credential or a non-admin would only show up a minute later. One export request
 * (its answer is not used) lets Publish fail with the reason; a transient failure does not block it.
 */
async function checkExportAccess(
	ctx: IPollFunctions,
	source: ExportSource,
	budget: RateBudget,
	runtime: PollRuntime,
): Promise<void> {
	const startedMs = runtime.nowMs();
	const startSeconds = Math.floor(startedMs / 1000) - EXPORT_WITHHELD_SECONDS;
	const deadlineMs = startedMs + ACCESS_CHECK_BUDGET_MS;
	try {
		// Through the account's budget: another workflow may just have spent the window.
		const answer = await budget.request('time', runtime, deadlineMs, () =>
			source.timePage(startSeconds, deadlineMs),
		);
		if (answer === undefined) {
			ctx.logger.warn(
				'Zendesk Export Trigger: the account’s export limit is spent for now, so access is checked at the first tick instead of at activation.',
			);
		}
	} catch (error) {
		const nodeError = toNodeError(ctx, error);
		if (!isTransient(error)) throw nodeError;
		ctx.logger.warn(
			`Zendesk Export Trigger: could not check access to the export at activation; the first tick will. ${nodeError.message}`,
		);
	}
}

function toItems(items: ExportItem[]): INodeExecutionData[] {
	// An item is parsed JSON, so it is an IDataObject; the engine types it without n8n.
	return items.map((item) => ({ json: item as IDataObject }));
}

function isTransient(error: unknown): boolean {
	return error instanceof StuckSecondError || isRetriableError(error);
}

function toNodeError(ctx: IPollFunctions, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(ctx.getNode(), message);
}
