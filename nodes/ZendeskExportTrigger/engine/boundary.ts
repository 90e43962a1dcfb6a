import type { Ticket } from './types';

/**
 * The ticket versions already handled at or after the cursor. `start_time` is inclusive, so the
 * cursor's own second comes back on the next page and the next poll; these keys drop it.
 * Only that second can repeat, so a ticket newer than every key is new without a lookup: the
 * common case costs one comparison, and keys are only built for the boundary second.
 */
export class Boundary {
	private readonly secondsByKey = new Map<string, number>();
	private newestSeconds = Number.NEGATIVE_INFINITY;

	constructor(keys: readonly string[] = []) {
		for (const key of keys) {
			const seconds = Number(key.slice(key.indexOf(':') + 1));
			if (Number.isFinite(seconds)) this.remember(key, seconds);
		}
	}

	isNew(ticket: Ticket): boolean {
		return (
			ticket.generated_timestamp > this.newestSeconds || !this.secondsByKey.has(versionKey(ticket))
		);
	}

	/** Moves to a new cursor: forgets what is before it, remembers what was handled at or after it. */
	advance(cursorSeconds: number, handled: readonly Ticket[]): void {
		for (const [key, seconds] of this.secondsByKey) {
			if (seconds < cursorSeconds) this.secondsByKey.delete(key);
		}
		this.newestSeconds = Number.NEGATIVE_INFINITY;
		for (const seconds of this.secondsByKey.values())
			this.newestSeconds = Math.max(this.newestSeconds, seconds);
		for (const ticket of handled) {
			if (ticket.generated_timestamp >= cursorSeconds)
				this.remember(versionKey(ticket), ticket.generated_timestamp);
		}
	}

	keys(): string[] {
		return [...this.secondsByKey.keys()];
	}

	private remember(key: string, seconds: number): void {
		this.secondsByKey.set(key, seconds);
		if (seconds > this.newestSeconds) this.newestSeconds = seconds;
	}
}

export function versionKey(ticket: Pick<Ticket, 'id' | 'generated_timestamp'>): string {
	return `${ticket.id}:${ticket.generated_timestamp}`;
}
