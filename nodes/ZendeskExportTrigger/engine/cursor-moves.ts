/**
 * Two rules of where a poll's cursor may move, pure: the poll (poll.ts) applies them.
 */
import { holdAt, type Version } from './versions';

/**
 * Where a poll cut by the maximum carries on: no later than the oldest version it left over (a
 * broken page need not be in order), nor than the newest it could trust; the boundary keeps the
 * handled versions at that second, so the next poll emits only the rest.
 */
export function resumeSecondsOf(
	leftOver: readonly Version[],
	newestSeconds: number,
	from: number,
): number {
	let resumeSeconds = newestSeconds;
	for (const { seconds } of leftOver) {
		if (seconds < resumeSeconds) resumeSeconds = seconds;
	}
	return Math.max(from, resumeSeconds);
}

/**
 * A version placed only by its fallback field may really sit anywhere up to the new cursor, and so
 * come back in the next page: the boundary keeps it until the cursor moves past that second.
 */
export function holdLowerBoundsAt(handled: readonly Version[], cursorSeconds: number): void {
	for (const version of handled) {
		if (version.placedBy === 'lowerBound' && version.seconds < cursorSeconds) {
			holdAt(version, cursorSeconds);
		}
	}
}
