/**
 * What every Trigger On shares about n8n's polls: how long a poll may take, how long Fetch Test
 * Event may take, and which poll is the one n8n runs as it starts a trigger. Both the export
 * trigger (trigger.ts) and the list trigger (list-trigger.ts) read them from here.
 */
import type { IPollFunctions } from 'n8n-workflow';

/** Used where n8n does not tell the poll budget (n8n before 2.38). */
const DEFAULT_POLL_BUDGET_MS = 4 * 60_000;
/** Leaves time to hand the items back to n8n before its budget runs out. */
const POLL_BUDGET_MARGIN_MS = 15_000;
/** However small n8n's budget, a poll gets at least this long. */
const MIN_POLL_TIME_MS = 10_000;
/** "Fetch Test Event" answers within this, or says why not. */
export const MANUAL_BUDGET_MS = 60_000;

/**
 * The activation modes of the poll n8n runs as it starts a trigger: publish, n8n's start, a new
 * leader (n8n 2.41). A re-publish of an active workflow is 'update', and so is every tick of the
 * opt-in durable scheduler, which builds a context per tick: those poll normally.
 */
export const STARTING_ACTIVATIONS = new Set(['activate', 'init', 'leadershipChange']);

/** When a poll that started at `startedMs` must stop reading, by the budget n8n gives it. */
export function pollDeadlineMs(ctx: IPollFunctions, startedMs: number): number {
	const pollBudgetMs = ctx.getPollBudgetMs?.() ?? DEFAULT_POLL_BUDGET_MS;
	return startedMs + Math.max(pollBudgetMs - POLL_BUDGET_MARGIN_MS, MIN_POLL_TIME_MS);
}
