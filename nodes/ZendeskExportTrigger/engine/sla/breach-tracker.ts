/**
 * The breaches the SLA Breached mode holds back. Zendesk writes a `breach` event when it applies an
 * SLA, with the breach `time` still ahead, and withdraws it (`deleted: true`) when the target is met
 * first. So a breach is only emitted once the export has been read past its time: every event up to
 * that second has been seen, and none of them withdrew it. A breach Zendesk lists only once its time
 * has passed goes through the same path and is emitted in the poll that reads it.
 *
 * The tracker is pure data. Its state is saved with the export position (the same static data,
 * written in the same step), so a held breach is never lost across restarts and never emitted twice.
 */
import { type MetricEvent, targetKeyOf } from './metric-events';

/** A breach seen and not yet emitted. */
export interface HeldBreach {
	eventId: string;
	ticketId: number;
	metric: string;
	instanceId: number;
	breachSeconds: number;
	/** The policy of the latest `apply_sla` seen for the target when the breach was read. */
	policyTitle: string | null;
}

/** One remembered time per target: its latest policy, its latest fulfilment, its emitted breach. */
type Remembered = Map<string, { seconds: number; title?: string | null }>;

/** At most this many breaches are held; past it the furthest ahead are dropped, with a warning. */
export const HELD_BREACHES_MAX = 5_000;
/** At most this many targets' policies, fulfilments and emitted breaches are remembered, each. */
export const REMEMBERED_TARGETS_MAX = 5_000;
/** A policy, fulfilment or emitted breach is remembered this long behind the export position. */
export const REMEMBER_SECONDS = 31 * 86_400;

export class BreachTracker {
	private held = new Map<string, HeldBreach>();
	private policies: Remembered = new Map();
	private fulfilled: Remembered = new Map();
	private emitted: Remembered = new Map();

	constructor(private readonly warn: (message: string) => void = () => {}) {}

	/** Reads the event of one export record, in export order. */
	observe(event: MetricEvent): void {
		const key = targetKeyOf(event);
		switch (event.type) {
			case 'apply_sla':
				rememberLatest(this.policies, key, event.seconds, event.policyTitle);
				this.forgetFulfilmentUpTo(key, event.seconds);
				return;
			case 'activate':
				this.forgetFulfilmentUpTo(key, event.seconds);
				return;
			case 'fulfill':
				rememberLatest(this.fulfilled, key, event.seconds);
				// Met at or before the breach time: the breach did not happen.
				for (const [id, breach] of this.held) {
					if (targetKeyOf(breach) === key && breach.breachSeconds >= event.seconds) {
						this.held.delete(id);
					}
				}
				return;
			case 'breach':
				this.observeBreach(event, key);
				return;
			default:
				return;
		}
	}

	/**
	 * The target runs again (a reopened ticket, an SLA applied anew): a fulfilment before that no
	 * longer withdraws the breaches that follow.
	 */
	private forgetFulfilmentUpTo(key: string, seconds: number): void {
		const fulfilment = this.fulfilled.get(key);
		if (fulfilment !== undefined && fulfilment.seconds <= seconds) this.fulfilled.delete(key);
	}

	private observeBreach(event: MetricEvent, key: string): void {
		if (event.deleted) {
			for (const [id, breach] of this.held) {
				const sameBreach =
					id === event.eventId ||
					(targetKeyOf(breach) === key && breach.breachSeconds === event.seconds);
				if (sameBreach) this.held.delete(id);
			}
			return;
		}
		// A target breaches once: a second breach event for an emitted one is not news.
		if (this.emitted.has(key)) return;
		const fulfilment = this.fulfilled.get(key);
		if (fulfilment !== undefined && fulfilment.seconds <= event.seconds) return;
		// A newer breach for the same target (its SLA applied again) replaces the one it supersedes.
		for (const [id, breach] of this.held) {
			if (targetKeyOf(breach) === key) this.held.delete(id);
		}
		this.held.set(event.eventId, {
			eventId: event.eventId,
			ticketId: event.ticketId,
			metric: event.metric,
			instanceId: event.instanceId,
			breachSeconds: event.seconds,
			policyTitle: this.policies.get(key)?.title ?? null,
		});
	}

	/**
	 * The breaches whose time the export position has passed (every event up to that second read),
	 * oldest first, at most `maxCount`; the rest stay held for the next poll.
	 */
	release(positionSeconds: number, maxCount: number): HeldBreach[] {
		const due = [...this.held.values()]
			.filter((breach) => breach.breachSeconds < positionSeconds)
			.sort(byBreachTime)
			.slice(0, Math.max(maxCount, 0));
		for (const breach of due) {
			const key = targetKeyOf(breach);
			this.held.delete(breach.eventId);
			this.emitted.set(key, { seconds: breach.breachSeconds });
			const policy = this.policies.get(key);
			// The latest policy applied before the breach names it (Zendesk's breach event has none).
			if (policy !== undefined && policy.seconds <= breach.breachSeconds) {
				breach.policyTitle = policy.title ?? null;
			}
		}
		this.forgetBefore(positionSeconds - REMEMBER_SECONDS);
		return due;
	}

	get heldCount(): number {
		return this.held.size;
	}

	private forgetBefore(seconds: number): void {
		const heldKeys = new Set([...this.held.values()].map(targetKeyOf));
		for (const remembered of [this.policies, this.fulfilled, this.emitted]) {
			for (const [key, { seconds: at }] of remembered) {
				if (at < seconds && !heldKeys.has(key)) remembered.delete(key);
			}
		}
	}

	/** The saved state: plain JSON, bounded by the limits above. */
	save(): SavedBreaches {
		const held = [...this.held.values()].sort(byBreachTime);
		if (held.length > HELD_BREACHES_MAX) {
			const dropped = held.splice(HELD_BREACHES_MAX);
			this.warn(
				`More than ${HELD_BREACHES_MAX} SLA breaches are waiting for their time; the ${dropped.length} furthest ahead (tickets ${dropped
					.slice(0, 5)
					.map((breach) => breach.ticketId)
					.join(', ')}…) are dropped and will not be emitted.`,
			);
		}
		return {
			held,
			policies: savedList(this.policies, true),
			fulfilled: savedList(this.fulfilled, false),
			emitted: savedList(this.emitted, false),
		};
	}

	/** Starts from a saved state; what cannot be read is dropped with a warning. */
	load(saved: unknown): void {
		this.held = new Map();
		this.policies = new Map();
		this.fulfilled = new Map();
		this.emitted = new Map();
		if (saved === undefined || saved === null) return;
		const state = saved as Partial<Record<keyof SavedBreaches, unknown>>;
		let unreadable = 0;
		for (const entry of listOf(state.held)) {
			if (isHeldBreach(entry)) this.held.set(entry.eventId, { ...entry });
			else unreadable++;
		}
		for (const [name, map] of [
			['policies', this.policies],
			['fulfilled', this.fulfilled],
			['emitted', this.emitted],
		] as const) {
			for (const entry of listOf(state[name])) {
				if (!Array.isArray(entry) || typeof entry[0] !== 'string' || typeof entry[1] !== 'number') {
					unreadable++;
					continue;
				}
				const title = typeof entry[2] === 'string' ? entry[2] : null;
				map.set(
					entry[0],
					name === 'policies' ? { seconds: entry[1], title } : { seconds: entry[1] },
				);
			}
		}
		if (unreadable > 0) {
			this.warn(
				`${unreadable} saved SLA breach entries could not be read and were dropped: a breach they held may not be emitted, or one may be emitted again.`,
			);
		}
	}
}

export interface SavedBreaches {
	held: HeldBreach[];
	/** `[target, seconds, title]` of the latest apply_sla per target. */
	policies: Array<[string, number, string | null]>;
	/** `[target, seconds]`. */
	fulfilled: Array<[string, number]>;
	emitted: Array<[string, number]>;
}

function rememberLatest(map: Remembered, key: string, seconds: number, title?: string | null) {
	const known = map.get(key);
	if (known === undefined || known.seconds <= seconds) map.set(key, { seconds, title });
}

function byBreachTime(a: HeldBreach, b: HeldBreach): number {
	return a.breachSeconds - b.breachSeconds || a.eventId.localeCompare(b.eventId);
}

/** The newest `REMEMBERED_TARGETS_MAX` entries; the oldest are forgotten first. */
function savedList(map: Remembered, withTitle: true): Array<[string, number, string | null]>;
function savedList(map: Remembered, withTitle: false): Array<[string, number]>;
function savedList(map: Remembered, withTitle: boolean) {
	const entries = [...map.entries()].sort((a, b) => b[1].seconds - a[1].seconds);
	return entries
		.slice(0, REMEMBERED_TARGETS_MAX)
		.map(([key, { seconds, title }]) =>
			withTitle ? [key, seconds, title ?? null] : [key, seconds],
		);
}

function listOf(value: unknown): unknown[] {
	return Array.isArray(value) ? value : [];
}

function isHeldBreach(value: unknown): value is HeldBreach {
	if (value === null || typeof value !== 'object') return false;
	const breach = value as Record<string, unknown>;
	return (
		typeof breach.eventId === 'string' &&
		typeof breach.ticketId === 'number' &&
		typeof breach.metric === 'string' &&
		typeof breach.instanceId === 'number' &&
		typeof breach.breachSeconds === 'number' &&
		(breach.policyTitle === null || typeof breach.policyTitle === 'string')
	);
}
