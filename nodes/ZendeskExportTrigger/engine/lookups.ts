import type { DefinitionKind, ExportKind, LookupKind, LookupRequest, Lookups } from './export-kind';
import type { ExportRecord, ExportSource } from './types';

/** Zendesk's `show_many` takes at most 100 ids per request. */
export const LOOKUP_BATCH_SIZE = 100;

/**
 * Fetches what a kind needs beside a page (a comment's author, its ticket, the field titles), in
 * batches of 100 ids. What the filters need fails the poll before the page when it cannot be read,
 * so the cursor stays before it. What only names need is a warning instead: the items go out with
 * the ids, and the next page asks again.
 */
export async function fetchLookups(
	kind: ExportKind,
	records: readonly ExportRecord[],
	source: ExportSource,
	deadlineMs: number,
	warn: (message: string) => void = () => {},
): Promise<Lookups> {
	const lookups: Lookups = {};
	if (records.length === 0) return lookups;
	await fetchInto(lookups, kind.lookupsFor?.(records) ?? {}, source, deadlineMs);
	const names = kind.namesFor?.(records);
	if (names === undefined) return lookups;
	try {
		await fetchInto(lookups, names, source, deadlineMs);
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		warn(
			`Names for these ${kind.itemNoun}s could not be read from Zendesk, so they carry ids where names would be (${reason}). Nothing was held back.`,
		);
	}
	return lookups;
}

async function fetchInto(
	lookups: Lookups,
	wanted: LookupRequest,
	source: ExportSource,
	deadlineMs: number,
): Promise<void> {
	for (const lookupKind of ['users', 'tickets'] as LookupKind[]) {
		await fetchByIds(lookups, lookupKind, wanted[lookupKind] ?? [], source, deadlineMs);
	}
	if (wanted.ticketRequesters) {
		// Only once the tickets are read can their requesters be named.
		const requesterIds: number[] = [];
		for (const ticket of lookups.tickets?.values() ?? []) {
			if (typeof ticket.requester_id === 'number') requesterIds.push(ticket.requester_id);
		}
		await fetchByIds(lookups, 'users', requesterIds, source, deadlineMs);
	}
	for (const definitionKind of wanted.definitions ?? ([] as DefinitionKind[])) {
		if (lookups[definitionKind]) continue;
		if (!source.definitions) throw new Error(`This source cannot read ${definitionKind}`);
		const byId = new Map<number, ExportRecord>();
		for (const record of await source.definitions(definitionKind, deadlineMs)) {
			if (typeof record.id === 'number') byId.set(record.id, record);
		}
		lookups[definitionKind] = byId;
	}
}

async function fetchByIds(
	lookups: Lookups,
	lookupKind: LookupKind,
	wantedIds: readonly number[],
	source: ExportSource,
	deadlineMs: number,
): Promise<void> {
	const byId = (lookups[lookupKind] ??= new Map<number, ExportRecord>());
	const ids = [...new Set(wantedIds)].filter((id) => !byId.has(id));
	if (!ids.length) return;
	if (!source.lookup) throw new Error(`This source cannot look up ${lookupKind}`);
	for (let start = 0; start < ids.length; start += LOOKUP_BATCH_SIZE) {
		const batch = ids.slice(start, start + LOOKUP_BATCH_SIZE);
		for (const record of await source.lookup(lookupKind, batch, deadlineMs)) {
			if (typeof record.id === 'number') byId.set(record.id, record);
		}
	}
}
