/**
 * A poll of a kind that holds records back (SLA Breached): the export is read by `runPoll` as for
 * every kind, and the records the kind held are released by where the position ended. Held records
 * and position come back together in one state, which the trigger saves in one step.
 */
import { runPoll } from './poll';
import type { EngineState, PollDeps, PollOutcome } from './poll-types';
import { EXPORT_WITHHELD_SECONDS, type PollSettings } from './settings';

export async function runKindPoll(
	initial: EngineState,
	settings: PollSettings,
	deps: PollDeps,
): Promise<PollOutcome> {
	const { held } = settings.kind;
	if (held === undefined) return runPoll(initial, settings, deps);
	const latestStartSeconds = Math.floor(deps.nowMs() / 1000) - EXPORT_WITHHELD_SECONDS;
	const loadWarnings: string[] = [];
	held.load(initial.held, (message) => loadWarnings.push(message));
	const outcome = await runPoll(initial, settings, deps);
	const room = settings.maxItemsPerPoll - outcome.items.length;
	const { cursorSeconds } = outcome.state;
	// At the end of the stream every record before the latest start has been read, although the
	// position stays at the newest record (an empty page names no later place): a breach in a quiet
	// hour still goes out.
	const readUpToSeconds =
		outcome.stopReason === 'endOfStream'
			? Math.max(cursorSeconds, latestStartSeconds)
			: cursorSeconds;
	const released = held.release(readUpToSeconds, room);
	const saved = held.save();
	return {
		...outcome,
		items: [...outcome.items, ...released],
		state: { ...outcome.state, held: saved },
		warnings: [...loadWarnings, ...outcome.warnings],
	};
}
