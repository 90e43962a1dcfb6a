/**
 * One export budget per Zendesk account in this n8n process (see engine/rate-budget.ts), and the
 * glue that puts requests made outside a poll through it.
 */
import { NodeOperationError, type IPollFunctions } from 'n8n-workflow';
import { RateBudget, type BudgetClock, type ExportSource } from './engine';

/**
 * The export limit is per account, and the time exports most likely share it: every poll of every
 * workflow on one account in this process goes through that account's budget, one request at a time.
 */
const rateBudgets = new Map<string, RateBudget>();

export function budgetOf(origin: string): RateBudget {
	let budget = rateBudgets.get(origin);
	if (!budget) {
		budget = new RateBudget();
		rateBudgets.set(origin, budget);
	}
	return budget;
}

/**
 * Fetch Test Event's requests go through the account's budget too: the workflows polling the same
 * account must not earn a 429 because someone pressed the button.
 */
export function pacedSource(
	ctx: IPollFunctions,
	source: ExportSource,
	budget: RateBudget,
	runtime: BudgetClock,
): ExportSource {
	return {
		...source,
		timePage: async (startTimeSeconds, deadlineMs) => {
			const answer = await budget.request('time', runtime, deadlineMs, () =>
				source.timePage(startTimeSeconds, deadlineMs),
			);
			if (answer !== undefined) return answer;
			throw new NodeOperationError(
				ctx.getNode(),
				"This Zendesk account's export limit is spent for the next minute",
				{
					description:
						'Zendesk allows 10 export requests a minute per account, and the workflows polling this account have used them. Fetch again in a minute.',
				},
			);
		},
	};
}
