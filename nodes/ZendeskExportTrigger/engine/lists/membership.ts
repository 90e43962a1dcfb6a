/**
 * A list kind for a membership that changes both ways (a view's tickets): a record listed now and
 * not at the last poll entered; a member no longer listed left.
 *
 * A view's cursor is an offset in disguise: a ticket leaving the view while its pages are read
 * shifts the later pages up, so one ticket can be skipped by a read although it never left. So a
 * member missing from one complete read is only suspected; it has left when the next complete
 * read misses it too. A suspect that is listed again simply stays (no entry, no exit). The price:
 * an exit is seen one poll later, and a ticket that leaves and comes back within one poll interval
 * counts as having stayed. A ticket listed twice in one read (pages shifted down) is one member.
 */
import type { ExportItem, ExportRecord } from '../types';
import type { ListComparison, ListKind } from './types';

export interface MembershipState {
	memberIds: number[];
	/** Members the last complete read did not list: they have left if the next misses them too. */
	suspectIds: number[];
}

export interface MembershipOptions {
	itemNoun: string;
	/** The most members kept; a bigger list fails with a clear error (stated in the docs). */
	maxRecords: number;
	/** Emit an item when a member has left, besides the entries. */
	emitLeft: boolean;
	entered(record: ExportRecord): ExportItem;
	left(id: number): ExportItem;
}

/** A record's id as a member: a positive whole number, or undefined (the record is skipped). */
export function memberIdOf(record: ExportRecord): number | undefined {
	const { id } = record;
	return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

export function membershipKind(options: MembershipOptions): ListKind<MembershipState> {
	function listedById(records: ExportRecord[]): Map<number, ExportRecord> {
		const listed = new Map<number, ExportRecord>();
		for (const record of records) {
			const id = memberIdOf(record);
			if (id !== undefined && !listed.has(id)) listed.set(id, record);
		}
		return listed;
	}

	function compare(
		state: MembershipState,
		records: ExportRecord[],
		maxItems: number,
	): ListComparison<MembershipState> {
		const listed = listedById(records);
		const members = new Set(state.memberIds);
		const suspects = new Set(state.suspectIds);
		const entries = [...listed.entries()].filter(([id]) => !members.has(id));
		const missing = state.memberIds.filter((id) => !listed.has(id));
		const confirmedLeft = missing.filter((id) => suspects.has(id));
		const newSuspects = missing.filter((id) => !suspects.has(id));

		const items: ExportItem[] = [];
		const nextMembers = state.memberIds.filter((id) => listed.has(id) || !suspects.has(id));
		for (const [id, record] of entries) {
			// Past the cap an entry is not recorded, so the next poll finds it again.
			if (items.length >= maxItems) break;
			items.push(options.entered(record));
			nextMembers.push(id);
		}
		const stillSuspect = [...newSuspects];
		for (const id of confirmedLeft) {
			if (!options.emitLeft) continue;
			if (items.length >= maxItems) {
				// Kept as a member still suspected: confirmed again, and emitted, next poll.
				nextMembers.push(id);
				stillSuspect.push(id);
				continue;
			}
			items.push(options.left(id));
		}
		return { items, state: { memberIds: nextMembers, suspectIds: stillSuspect } };
	}

	return {
		itemNoun: options.itemNoun,
		maxRecords: options.maxRecords,
		firstState: (records, start) => ({
			memberIds: start.emitListed ? [] : [...listedById(records).keys()],
			suspectIds: [],
		}),
		compare,
		parseState: parseMembershipState,
		sampleItem: options.entered,
	};
}

function parseMembershipState(
	saved: unknown,
): { ok: true; state: MembershipState } | { ok: false; problem: string } {
	const value = saved as Partial<Record<keyof MembershipState, unknown>> | null;
	if (typeof value !== 'object' || value === null) return { ok: false, problem: 'it is missing' };
	const isIds = (ids: unknown): ids is number[] =>
		Array.isArray(ids) && ids.every((id) => typeof id === 'number' && Number.isSafeInteger(id));
	if (!isIds(value.memberIds) || !isIds(value.suspectIds)) {
		return { ok: false, problem: 'its member ids are not a list of ticket ids' };
	}
	return {
		ok: true,
		state: { memberIds: [...value.memberIds], suspectIds: [...value.suspectIds] },
	};
}
