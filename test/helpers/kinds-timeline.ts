/**
 * The random changes of the kinds contract (test/node/kinds-contract.test.ts): tickets with
 * comments and status changes for the ticket-event kinds, users or organizations for the others.
 */
import type { StandIn } from '../zendesk-stand-in/server';
import { buildTimeline, scheduleTimeline } from './timeline';

export type ContractKind = 'comments' | 'fieldChanges' | 'users' | 'organizations';

const pick = <T>(random: () => number, values: readonly T[]): T =>
	values[Math.floor(random() * values.length)];

/**
 * Schedules the kind's changes from half an hour before start; returns the last change's ms. With
 * `onlyOldLive`, a user or organization change after start goes to one created before that second
 * (never to a newer one): then which change is "created" and which "updated" is fixed by the
 * history, not by when the polls ran (test/helpers/event-oracle.ts).
 */
export function scheduleKind(
	kind: ContractKind,
	standIn: StandIn,
	random: () => number,
	startMs: number,
	onlyOldLive?: number,
): number {
	const { store } = standIn;
	if (kind === 'comments' || kind === 'fieldChanges') {
		const changes = buildTimeline(random, startMs);
		scheduleTimeline(standIn, changes);
		// Comments on the tickets the timeline made, by agents, requesters and other end-users.
		const ticketIds = store.truth().map((row) => row.id);
		const created = changes.filter((change) => change.kind !== 'burst');
		for (const change of created) {
			if (random() < 0.5 || !ticketIds.length) continue;
			store.addComment(pick(random, ticketIds), {
				atSeconds: change.atSeconds + 1,
				author: pick(random, ['agent', 'admin', 'requester', 'end-user'] as const),
				public: random() < 0.7,
				fields: random() < 0.3 ? { status: pick(random, ['pending', 'solved']) } : undefined,
			});
		}
		return Math.max(...changes.map((change) => change.atSeconds * 1000));
	}
	const create = (count: number, atSeconds: number) =>
		kind === 'users'
			? store.createUsers({ count, atSeconds, fields: random() < 0.2 ? { role: 'agent' } : {} })
			: store.createOrganizations({ count, atSeconds });
	const ids: number[] = [];
	/** Ids created before `onlyOldLive`. */
	const oldIds: number[] = [];
	const made = (records: Array<{ id: number }>, at: number) => {
		ids.push(...records.map((record) => record.id));
		if (onlyOldLive !== undefined && at < onlyOldLive) oldIds.push(...records.map((r) => r.id));
	};
	let atSeconds = Math.floor((startMs - 1_800_000) / 1000);
	const endSeconds = Math.floor(startMs / 1000) + 60 * (3 + Math.floor(random() * 10));
	while (atSeconds < endSeconds) {
		atSeconds += Math.floor(random() * 20);
		const roll = random();
		const live = onlyOldLive !== undefined && atSeconds * 1000 > startMs;
		if (roll < 0.03) {
			// More than a page in one second: users walk it with the cursor export, organizations
			// (which have none) rely on Zendesk serving the whole second in one page.
			made(create(950 + Math.floor(random() * 700), atSeconds), atSeconds);
		} else if (roll < 0.4 || !ids.length) {
			made(create(1, atSeconds), atSeconds);
		} else {
			// An update (a delete from 0.9) of an earlier record; live, of an old one if so asked.
			const id = pick(random, live ? oldIds : ids);
			const fields = kind === 'users' ? { name: `User ${roll}` } : { notes: `Notes ${roll}` };
			if (id === undefined) continue;
			if (kind === 'users' && roll < 0.9) store.updateUser(id, { atSeconds, fields });
			else if (roll < 0.9) store.updateOrganization(id, { atSeconds, fields });
			else if (kind === 'users') store.deleteUser(id, { atSeconds });
			else store.deleteOrganization(id, { atSeconds });
		}
	}
	return atSeconds * 1000;
}
