import type { Ticket } from './types';

/**
 * The ticket versions already seen at or after the cursor. `start_time` is inclusive, so the
 * cursor's own second comes back on the next page and the next poll; these keys drop it.
 * Pruned on every cursor move, so it only ever holds the last second.
 */
export class Boundary {
	private readonly secondsByKey = new Map<string, number>();

	constructor(keys: readonly string[] = []) {
		for (const key of keys) {
			const seconds = Number(key.slice(key.indexOf(':') + 1));
			if (Number.isFinite(seconds)) this.secondsByKey.set(key, seconds);
		}
	}

	/** Records the version; returns false when it was already seen. */
	admit(ticket: Ticket): boolean {
		const key = versionKey(ticket);
		if (this.secondsByKey.has(key)) return false;
		this.secondsByKey.set(key, ticket.generated_timestamp);
		return true;
	}

	pruneBefore(cursorSeconds: number): void {
		for (const [key, seconds] of this.secondsByKey) {
			if (seconds < cursorSeconds) this.secondsByKey.delete(key);
		}
	}

	keys(): string[] {
		return [...this.secondsByKey.keys()];
	}
}

export function versionKey(ticket: Pick<Ticket, 'id' | 'generated_timestamp'>): string {
	return `${ticket.id}:${ticket.generated_timestamp}`;
}
