import {
	nextReading,
	nextRequestNotBeforeMs,
	type RateLimitReading,
	type RequestKind,
} from './pacing';
import type { RateLimitInfo } from './types';

export interface BudgetClock {
	/** Wall-clock epoch ms, the clock deadlines are on. */
	nowMs: () => number;
	/** Never steps back; the readings are on it. */
	monotonicNowMs: () => number;
	sleep: (ms: number) => Promise<void>;
}

/**
 * One Zendesk account's export budget, shared by every poll on that account in this process: the
 * time exports (tickets, ticket events, users, organizations) most likely share one 10-a-minute
 * window. Requests go out one at a time, each after the previous one's headers were read, so two
 * workflows on one account never both spend the last request of a window and earn a 429.
 */
export class RateBudget {
	private latest: RateLimitReading | undefined;
	private tail: Promise<void> = Promise.resolve();

	/** Takes in a response's headers, on the monotonic clock. */
	read(rateLimit: RateLimitInfo, receivedAtMs: number): void {
		this.latest = nextReading(this.latest, rateLimit, receivedAtMs);
	}

	/**
	 * Runs `send` once the earlier requests on this account have answered and the window has room.
	 * Returns `undefined` without sending when that wait would pass `deadlineMs` (on `clock.nowMs`).
	 */
	async request<T extends { rateLimit: RateLimitInfo }>(
		kind: RequestKind,
		clock: BudgetClock,
		deadlineMs: number,
		send: () => Promise<T>,
	): Promise<T | undefined> {
		const previous = this.tail;
		let release = () => {};
		this.tail = new Promise<void>((resolve) => (release = resolve));
		try {
			await previous;
			const nowMs = clock.monotonicNowMs();
			const waitMs = Math.max(0, nextRequestNotBeforeMs(this.latest, nowMs, kind) - nowMs);
			if (clock.nowMs() + waitMs >= deadlineMs) return undefined;
			if (waitMs > 0) await clock.sleep(waitMs);
			const answer = await send();
			this.read(answer.rateLimit, clock.monotonicNowMs());
			return answer;
		} finally {
			release();
		}
	}
}
