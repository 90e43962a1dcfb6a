/**
 * What engine tests share: scripted deps with a clock that only moves when the engine sleeps, and
 * a watch on every poll, so an error nobody looked at or a request past a script fails the test.
 */
import {
	ticketsKind,
	type EngineState,
	type PollOutcome,
	type PollSettings,
} from '../../nodes/ZendeskExportTrigger/engine';
import { runPoll as runEnginePoll } from '../../nodes/ZendeskExportTrigger/engine/poll';
import { takeOverflows, type ScriptedSource } from './scripted-source';

export const NOW_SECONDS = 1_700_100_000;
/** A cap no scripted poll reaches; the tests of the cap set their own. */
export const settings: PollSettings = {
	kind: ticketsKind({ event: 'createdOrUpdated', statuses: [], ignoreSystemUpdates: false }),
	maxItemsPerPoll: 100_000,
};

export function stateAt(cursorSeconds: number, boundaryKeys: string[] = []): EngineState {
	return { cursorSeconds, boundaryKeys, windowStartSeconds: cursorSeconds, catchingUp: false };
}

export function deps(
	source: ScriptedSource,
	overrides: { deadlineMs?: number; nowSeconds?: number } = {},
) {
	const sleeps: number[] = [];
	let nowMs = (overrides.nowSeconds ?? NOW_SECONDS) * 1000;
	return {
		sleeps,
		deps: {
			source,
			nowMs: () => nowMs,
			sleep: async (ms: number) => {
				sleeps.push(ms);
				nowMs += ms;
			},
			deadlineMs: overrides.deadlineMs ?? nowMs + 240_000,
		},
	};
}

export const ids = (items: Array<Record<string, unknown>>) => items.map((item) => item.id);

/**
 * Every poll of a test is kept: a poll that ended in an error fails the test unless the test
 * looked at that error through `failureOf`, and a request past a script always fails it.
 */
const outcomes: PollOutcome[] = [];
const failuresLookedAt = new Set<PollOutcome>();
export async function runPoll(...args: Parameters<typeof runEnginePoll>): Promise<PollOutcome> {
	const outcome = await runEnginePoll(...args);
	outcomes.push(outcome);
	return outcome;
}
export function failureOf(outcome: PollOutcome): unknown {
	failuresLookedAt.add(outcome);
	return outcome.error;
}
/** Registers the check: call once at the top of a test file. */
export function watchPolls(): void {
	afterEach(() => {
		const unexpected = outcomes
			.filter((outcome) => outcome.error !== undefined && !failuresLookedAt.has(outcome))
			.map((outcome) => String(outcome.error));
		outcomes.length = 0;
		failuresLookedAt.clear();
		expect(takeOverflows()).toEqual([]);
		expect(unexpected).toEqual([]);
	});
}
