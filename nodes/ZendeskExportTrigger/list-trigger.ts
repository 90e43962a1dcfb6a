/**
 * The poll of the modes that read a plain list (New Suspended Ticket, Ticket Entered View): the
 * list strategy (engine/lists) over the transport's list source, with its state in static data.
 * trigger.ts hands these modes here; the rules for the activation poll are the same as its own.
 */
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type IPollFunctions,
} from 'n8n-workflow';
import {
	ListReadInterruptedError,
	ListTooLongError,
	runListPoll,
	sampleListItem,
	type ListStart,
} from './engine/lists';
import type { BudgetClock } from './engine';
import { modeOf } from './modes';
import { isListMode, type ListModeDefinition, type ListModeSetup } from './modes/list-types';
import { readStartSeconds, startDateAsWritten } from './parameters';
import { configKeyOf } from './state';
import { isRetriableError, type ZendeskCredentialType } from './transport';
import { createListSource } from './transport/lists';
import { MANUAL_BUDGET_MS, pollDeadlineMs, STARTING_ACTIVATIONS } from './poll-limits';

const contextsPolledBefore = new WeakSet<object>();
const pollsInFlight = new Set<string>();
/** Static data's key for a list mode's state; `stateVersion` and `configKey` are shared with the export's. */
const LIST_STATE_KEY = 'listState';
const STATE_VERSION = 1;

/** The list mode Trigger On picked, or undefined for an export mode. */
export function listModeOf(triggerOn: string): ListModeDefinition | undefined {
	const mode = modeOf(triggerOn);
	return isListMode(mode) ? mode : undefined;
}

export interface ListPollTarget {
	mode: ListModeDefinition;
	origin: string;
	credentialType: ZendeskCredentialType;
}

export async function pollListMode(
	ctx: IPollFunctions,
	runtime: BudgetClock,
	{ mode, origin, credentialType }: ListPollTarget,
): Promise<INodeExecutionData[][] | null> {
	const simplify = ctx.getNodeParameter('simplify', true);
	const setup = mode.readList(ctx, { simplify: simplify !== false, siteUrl: origin });
	const source = createListSource(ctx, {
		credentialType,
		origin,
		endpoint: setup.endpoint,
		sleep: runtime.sleep,
		nowMs: runtime.nowMs,
	});
	if (ctx.getMode() === 'manual') {
		const item = await sampleListItem(setup.kind, source, runtime.nowMs() + MANUAL_BUDGET_MS);
		if (item === undefined) {
			throw new NodeOperationError(
				ctx.getNode(),
				`No ${setup.kind.itemNoun} found to show as a test event`,
				{
					description: `${mode.sampleHint}, then fetch again.`,
				},
			);
		}
		return [[{ json: item as IDataObject }]];
	}
	const isFirstPollOnContext = !contextsPolledBefore.has(ctx);
	contextsPolledBefore.add(ctx);
	const inFlightKey = `${ctx.getWorkflow().id ?? ''}\u0000${ctx.getNode().name}`;
	if (pollsInFlight.has(inFlightKey)) return null;
	pollsInFlight.add(inFlightKey);
	try {
		return await pollLive(ctx, runtime, { mode, origin, setup, source }, isFirstPollOnContext);
	} catch (error) {
		throw toNodeError(ctx, error);
	} finally {
		pollsInFlight.delete(inFlightKey);
	}
}

async function pollLive(
	ctx: IPollFunctions,
	runtime: BudgetClock,
	target: {
		mode: ListModeDefinition;
		origin: string;
		setup: ListModeSetup;
		source: ReturnType<typeof createListSource>;
	},
	isFirstPollOnContext: boolean,
): Promise<INodeExecutionData[][] | null> {
	const { mode, origin, setup, source } = target;
	const startFrom = ctx.getNodeParameter('startFrom', 'now') as string;
	const staticData = ctx.getWorkflowStaticData('node');
	const configKey = configKeyOf({
		origin,
		startFrom,
		startDateAsWritten: startDateAsWritten(ctx),
		triggerOn: setup.positionKey === '' ? mode.value : `${mode.value}:${setup.positionKey}`,
	});
	const startedMs = runtime.nowMs();
	const deps = {
		source,
		nowMs: runtime.nowMs,
		sleep: runtime.sleep,
		deadlineMs: pollDeadlineMs(ctx, startedMs),
	};
	const isOurs = staticData.configKey === configKey && staticData[LIST_STATE_KEY] !== undefined;
	const parsed = isOurs ? setup.kind.parseState(staticData[LIST_STATE_KEY]) : undefined;
	if (parsed !== undefined && !parsed.ok) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The trigger's saved list cannot be read: ${parsed.problem}`,
			{
				description:
					'The trigger will not guess what it has emitted, since a guess could skip or repeat items. To start over, change Start From (or Start Date) and publish the workflow again.',
			},
		);
	}
	if (parsed === undefined) {
		// A new position: the first complete read only records (Start From Now) what is listed.
		// A throw here is what the user must fix; a transient failure retries at the next tick.
		const start: ListStart =
			startFrom === 'date'
				? { seconds: readStartSeconds(ctx, startedMs), emitListed: true }
				: { seconds: Math.floor(startedMs / 1000), emitListed: false };
		try {
			const first = await runListPoll(setup.kind, undefined, { ...setup, start }, deps);
			writeListState(staticData, configKey, first.state);
		} catch (error) {
			if (!isFirstPollOnContext || !isTransient(error)) throw toNodeError(ctx, error);
			ctx.logger.warn(
				`Zendesk Export Trigger: could not read the list at activation; the next tick will. ${messageOf(error)}`,
			);
		}
		return null;
	}
	if (isFirstPollOnContext && STARTING_ACTIVATIONS.has(ctx.getActivationMode())) return null;
	try {
		const outcome = await runListPoll(
			setup.kind,
			parsed.state,
			{ ...setup, start: { seconds: 0, emitListed: false } },
			deps,
		);
		writeListState(staticData, configKey, outcome.state);
		ctx.logger.debug('Zendesk Export Trigger: list poll finished', {
			items: outcome.items.length,
			requests: outcome.requestCount,
		});
		return outcome.items.length
			? [outcome.items.map((item) => ({ json: item as IDataObject }))]
			: null;
	} catch (error) {
		// Nothing was saved: the next poll reads the whole list again against the same state.
		if (!(isFirstPollOnContext && isTransient(error))) throw toNodeError(ctx, error);
		ctx.logger.warn(
			`Zendesk Export Trigger: the first poll failed and will be retried on the next tick. ${messageOf(error)}`,
		);
		return null;
	}
}

function writeListState(staticData: IDataObject, configKey: string, state: unknown): void {
	staticData.stateVersion = STATE_VERSION;
	staticData.configKey = configKey;
	// A new value every time: n8n saves only what is assigned at the top level.
	staticData[LIST_STATE_KEY] = JSON.parse(JSON.stringify(state)) as IDataObject;
}

function isTransient(error: unknown): boolean {
	return error instanceof ListReadInterruptedError || isRetriableError(error);
}

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

function toNodeError(ctx: IPollFunctions, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof ListTooLongError) {
		const fewer = `fewer than ${error.maxRecords.toLocaleString('en-US')}`;
		return new NodeOperationError(ctx.getNode(), `${error.message}.`, {
			description:
				error.itemNoun === 'view entry'
					? `Narrow the view's conditions in Zendesk so it holds ${fewer} tickets, or pick a narrower view. Nothing was emitted or forgotten.`
					: `Review the list in Zendesk until it holds ${fewer} records newer than the trigger's position. Nothing was emitted or forgotten.`,
		});
	}
	return new NodeOperationError(ctx.getNode(), messageOf(error));
}
