import { keyOf, type Version } from './versions';

/**
 * The ticket versions already handled at or after the cursor. `start_time` is inclusive, so the
 * cursor's own second comes back on the next page and the next poll; these keys drop it.
 * Only that second can repeat, so a version newer than every key is new without a lookup: the
 * common case costs one comparison.
 */
export class Boundary {
	private readonly secondsByKey = new Map<string, number>();
	private newestSeconds = Number.NEGATIVE_INFINITY;

	constructor(keys: readonly string[] = []) {
		for (const key of keys) {
			// `id:seconds`, or `id:seconds:updatedSeconds` for a version placed by its updated_at.
			const seconds = Number(key.split(':')[1]);
			if (Number.isFinite(seconds)) this.remember(key, seconds);
		}
	}

	isNew(version: Version): boolean {
		return version.seconds > this.newestSeconds || !this.secondsByKey.has(keyOf(version));
	}

	/** Moves to a new cursor: forgets what is before it, remembers what was handled at or after it. */
	advance(cursorSeconds: number, handled: readonly Version[]): void {
		for (const [key, seconds] of this.secondsByKey) {
			if (seconds < cursorSeconds) this.secondsByKey.delete(key);
		}
		this.newestSeconds = Number.NEGATIVE_INFINITY;
		for (const seconds of this.secondsByKey.values())
			this.newestSeconds = Math.max(this.newestSeconds, seconds);
		for (const version of handled) {
			if (version.seconds >= cursorSeconds) this.remember(keyOf(version), version.seconds);
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
