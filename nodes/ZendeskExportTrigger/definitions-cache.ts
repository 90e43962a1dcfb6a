/**
 * The account's ticket fields and groups change rarely, and every page Simplify names needs them:
 * they are read once per account and credential, kept for ten minutes, and shared by the polls of
 * this n8n process. A failed read is not kept, so the next page asks again.
 */
import type { ExportRecord, ExportSource } from './engine';

export const DEFINITIONS_TTL_MS = 10 * 60_000;
/** Accounts × credentials × lists kept at once; the oldest goes first. */
const MAX_ENTRIES = 500;

interface Entry {
	expiresAtMs: number;
	records: Promise<ExportRecord[]>;
}

const entries = new Map<string, Entry>();

/**
 * `accountKey` names the account and the credential: two credentials on one account may see
 * different fields, so they never share an answer.
 */
export function withCachedDefinitions(
	source: ExportSource,
	accountKey: string,
	nowMs: () => number,
): ExportSource {
	const read = source.definitions?.bind(source);
	if (read === undefined) return source;
	return {
		...source,
		definitions: async (kind, deadlineMs) => {
			const key = `${accountKey}\u0000${kind}`;
			const cached = entries.get(key);
			if (cached !== undefined && cached.expiresAtMs > nowMs()) return await cached.records;
			const records = read(kind, deadlineMs);
			entries.delete(key);
			entries.set(key, { expiresAtMs: nowMs() + DEFINITIONS_TTL_MS, records });
			while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
			// A failed read is forgotten; the caller still gets the failure from `records`.
			records.catch(() => {
				if (entries.get(key)?.records === records) entries.delete(key);
			});
			return await records;
		},
	};
}

/** Tests start from an empty cache. */
export function clearDefinitionsCache(): void {
	entries.clear();
}
