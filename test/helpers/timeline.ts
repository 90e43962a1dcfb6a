/**
 * Random timelines of ticket changes, scheduled on the Zendesk stand-in's virtual clock: creates,
 * updates, system-only updates, deletes, and bursts of more than a page in one second.
 */
import type { StandIn } from '../zendesk-stand-in/server';

export type Change =
	| { kind: 'create'; atSeconds: number }
	| { kind: 'update'; atSeconds: number; pick: number; status: string }
	| { kind: 'systemUpdate' | 'delete'; atSeconds: number; pick: number }
	| { kind: 'burst'; atSeconds: number; count: number; mode: 'create' | 'update' };

/** What a person's update sets the status to. */
const UPDATE_STATUSES = ['open', 'pending', 'solved'];

/** From half an hour before `startMs` to 3–15 minutes after it, oldest first. */
export function buildTimeline(random: () => number, startMs: number): Change[] {
	const changes: Change[] = [];
	const endMs = startMs + (3 + Math.floor(random() * 12)) * 60_000;
	let created = 0;
	for (let atMs = startMs - 1_800_000; atMs < endMs;) {
		atMs += Math.floor(random() * 20_000);
		const atSeconds = Math.floor(atMs / 1000);
		const roll = random();
		if (roll < 0.03) {
			const mode = created > 0 && random() < 0.3 ? 'update' : 'create';
			const count = 950 + Math.floor(random() * 700);
			changes.push({
				kind: 'burst',
				atSeconds,
				count: mode === 'update' ? Math.min(count, created) : count,
				mode,
			});
			if (mode === 'create') created += count;
		} else if (roll < 0.4 || created === 0) {
			changes.push({ kind: 'create', atSeconds });
			created++;
		} else {
			const pick = random();
			if (roll < 0.75) {
				const status = UPDATE_STATUSES[Math.floor(random() * UPDATE_STATUSES.length)];
				changes.push({ kind: 'update', atSeconds, pick, status });
			} else changes.push({ kind: roll < 0.9 ? 'systemUpdate' : 'delete', atSeconds, pick });
		}
	}
	return changes;
}

/**
 * Keeps the live part of a timeline from touching a ticket created at or after
 * `createdBeforeSeconds`: after `liveAfterSeconds` only new tickets are made and only older ones
 * change. Then whether a ticket is "created" or "updated" does not depend on when the polls ran
 * (see the Event oracle in test/node/contract.test.ts).
 */
export interface LiveOnlyTouches {
	liveAfterSeconds: number;
	createdBeforeSeconds: number;
}

/**
 * Schedules the changes on the stand-in and returns every version they make, as
 * `id:generated_timestamp`: the only versions an export may ever serve. With `liveOnlyTouches`,
 * a live change that would touch a newer ticket goes to an older one (or is left out).
 */
export function scheduleTimeline(
	standIn: StandIn,
	changes: Change[],
	liveOnlyTouches?: LiveOnlyTouches,
): Set<string> {
	const { store } = standIn;
	const versions = new Set<string>();
	const ids: number[] = [];
	/** Ids of the tickets created before `liveOnlyTouches.createdBeforeSeconds`, oldest first. */
	const oldIds: number[] = [];
	for (const change of changes) {
		const { atSeconds } = change;
		const live = liveOnlyTouches !== undefined && atSeconds > liveOnlyTouches.liveAfterSeconds;
		const isOld = liveOnlyTouches !== undefined && atSeconds < liveOnlyTouches.createdBeforeSeconds;
		if (change.kind === 'create') {
			const [ticket] = store.createTickets({ count: 1, atSeconds });
			ids.push(ticket.id);
			if (isOld) oldIds.push(ticket.id);
			versions.add(`${ticket.id}:${atSeconds}`);
		} else if (change.kind === 'burst') {
			// An update burst changes the lowest ids, which are the oldest tickets: live, it is kept
			// to the old ones.
			const count =
				live && change.mode === 'update' ? Math.min(change.count, oldIds.length) : change.count;
			if (count === 0) continue;
			const made = store.burst({ count, atSeconds, mode: change.mode });
			for (const id of made.ids) {
				if (change.mode === 'create') ids.push(id);
				if (change.mode === 'create' && isOld) oldIds.push(id);
				versions.add(`${id}:${atSeconds}`);
			}
		} else {
			const pool = live ? oldIds : ids;
			if (pool.length === 0) continue;
			const id = pool[Math.floor(change.pick * pool.length)];
			const changed =
				change.kind === 'delete'
					? store.deleteTicket(id, { atSeconds })
					: change.kind === 'update'
						? store.updateTicket(id, { atSeconds, fields: { status: change.status } })
						: store.updateTicket(id, { atSeconds, system: true });
			if (changed) versions.add(`${id}:${atSeconds}`);
		}
	}
	return versions;
}
