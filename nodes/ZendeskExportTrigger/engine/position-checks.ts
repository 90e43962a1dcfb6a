import { isoSecond } from './next-cursor';
import { EXPORT_WITHHELD_SECONDS, FUTURE_TOLERANCE_SECONDS } from './settings';
import type { Version } from './versions';

/**
 * How many answers in a row (across polls) may leave the position where it is before the trigger
 * follows the `end_time` Zendesk named. One answer could be a replica that has not caught up; three
 * that agree, a minute apart, are what Zendesk means. Each stalled answer is a warning.
 */
export const STALLED_ANSWERS_BEFORE_FOLLOWING = 3;

/**
 * The newest second a page's handled versions vouch for. A version newer than the latest start
 * (in the future, or inside the withheld minute) says nothing about what lies between the cursor and
 * it, so it never moves the position: it is emitted, and the boundary keeps its key.
 */
export function newestTrustedSecondsOf(
	handled: readonly Version[],
	floorSeconds: number,
	latestStartSeconds: number,
): number {
	let newestSeconds = floorSeconds;
	for (const { seconds } of handled) {
		if (seconds > newestSeconds && seconds <= latestStartSeconds) newestSeconds = seconds;
	}
	return newestSeconds;
}

/**
 * Where a stalled answer says the export goes on: its `end_time`, up to the latest start. None when
 * the answer names no place past the cursor, or a place in the future: a clock a year ahead is not
 * a position, and stepping past the cursor on it would be a guess.
 */
export function followableEndSeconds(
	endTimeSeconds: number | null,
	cursorSeconds: number,
	nowSeconds: number,
): number | undefined {
	if (endTimeSeconds === null || endTimeSeconds <= cursorSeconds) return undefined;
	if (endTimeSeconds > nowSeconds + FUTURE_TOLERANCE_SECONDS) return undefined;
	const latestStartSeconds = nowSeconds - EXPORT_WITHHELD_SECONDS;
	return endTimeSeconds > latestStartSeconds ? latestStartSeconds : endTimeSeconds;
}

export function stalledWarning(
	cursorSeconds: number,
	stalledAnswers: number,
	followSeconds: number | undefined,
): string {
	const stalled = `Zendesk's answers did not move past ${isoSecond(cursorSeconds)} although they said more was to come, so this poll stopped early.`;
	if (followSeconds === undefined) {
		return `${stalled} The answer named no place to go on from (its end_time was missing, at that second or in the future), so the trigger will not guess: it asks again at every poll. If this warning repeats for hours, Zendesk's export is stuck for this account; contact Zendesk support, or start a new position with a later Start Date (changes before it are then not emitted).`;
	}
	const left = STALLED_ANSWERS_BEFORE_FOLLOWING - stalledAnswers;
	return `${stalled} If ${left} more ${left === 1 ? 'answer says' : 'answers say'} the same, the trigger follows Zendesk's end_time (${isoSecond(followSeconds)}).`;
}

export function followedWarning(cursorSeconds: number, followSeconds: number): string {
	return `Zendesk's answers did not move past ${isoSecond(cursorSeconds)} ${STALLED_ANSWERS_BEFORE_FOLLOWING} times in a row, so the trigger followed Zendesk's end_time to ${isoSecond(followSeconds)}, as Zendesk documents. Anything Zendesk left out of those answers between the two times was not emitted.`;
}

/**
 * A saved position can only be ahead of now − 61 s when this server's clock went back or the static
 * data was edited. Reading on from now − 61 s instead is not safe: if the clock went back, every
 * change from there up to the position was already emitted and would go out twice; the trigger
 * cannot tell the two apart, so it waits, and says so at every poll.
 */
export function positionAheadWarning(
	cursorSeconds: number,
	nowSeconds: number,
): string | undefined {
	const aheadSeconds = cursorSeconds - (nowSeconds - EXPORT_WITHHELD_SECONDS);
	if (aheadSeconds <= FUTURE_TOLERANCE_SECONDS) return undefined;
	return `The trigger's saved position (${isoSecond(cursorSeconds)}) is ${describeDuration(aheadSeconds)} ahead of this n8n server's clock (${isoSecond(nowSeconds)}), so nothing is read until the clock gets there. Check the server's clock first: if it went back, the trigger carries on by itself once it is right again. If the clock is right, the saved position is wrong; to start a new one, change Start From (or Start Date) and publish the workflow again.`;
}

function describeDuration(seconds: number): string {
	if (seconds < 3600) return `${Math.ceil(seconds / 60)} minutes`;
	if (seconds < 172_800) return `${Math.round(seconds / 3600)} hours`;
	return `${Math.round(seconds / 86_400)} days`;
}
