import type { ExportRecord } from './types';

/**
 * Which field places a record of an export in time. Tickets: `generated_timestamp` (epoch seconds),
 * falling back to `updated_at`, which Zendesk never sets later than it. Ticket events: `timestamp`,
 * falling back to `created_at`. Users and organizations: `updated_at` (an ISO date).
 */
export interface Placement {
	field: string;
	format: 'epochSeconds' | 'isoDate';
	/** An ISO date never later than `field`: a lower bound when `field` is missing or unreadable. */
	fallbackField?: string;
	/**
	 * Digits that make a record a new version at the same time: a withdrawn SLA breach keeps its id
	 * and its time, and only `deleted` changes. Undefined for the usual version.
	 */
	variantOf?: (record: ExportRecord) => string | undefined;
}

/**
 * A record as the engine places it in time. `seconds` is read from the kind's placement field, or
 * NaN when neither it nor the fallback could be read: such a record is emitted but cannot be
 * deduplicated, and never moves the cursor.
 */
export interface Version {
	record: ExportRecord;
	/**
	 * The dedupe key, `id:seconds` (`id:seconds:fallbackSeconds` once held at a lower bound): built
	 * by `keyOf` only when a version is looked up or remembered, since most never are.
	 */
	key?: string;
	seconds: number;
	/** `exact`: `seconds` is Zendesk's. `lowerBound`: read from the fallback field. `unknown`: NaN. */
	placedBy: 'exact' | 'lowerBound' | 'unknown';
}

/**
 * Moves a version placed by its fallback to a later lower bound. Its key then names both, so the
 * boundary keeps it at that second, and a later change (a new fallback date) is still a new key.
 */
export function holdAt(version: Version, seconds: number): void {
	const fallbackSeconds = keyOf(version).split(':').pop();
	version.seconds = seconds;
	version.key = `${String(version.record.id)}:${seconds}:${fallbackSeconds}`;
}

export function keyOf(version: Version): string {
	version.key ??= `${String(version.record.id)}:${version.seconds}`;
	return version.key;
}

const DIGITS = /^\s*\d+\s*$/;

/**
 * Reads each record's place in time. Real pages are not always clean: older recorded ticket pages
 * have no `generated_timestamp`, some serialisers send epoch seconds as a string, and a bad row may
 * have neither. A numeric string is coerced in place (the item then shows the number); a missing
 * one falls back to the fallback field; each fallback is reported by record id.
 */
export function readVersions(
	records: readonly ExportRecord[],
	placement: Placement,
	noun: string,
	warn: (message: string) => void,
): Version[] {
	const { field } = placement;
	const versions: Version[] = new Array(records.length);
	for (let index = 0; index < records.length; index++) {
		const record = records[index];
		const raw = record[field];
		if (placement.format === 'epochSeconds' && typeof raw === 'number' && Number.isFinite(raw)) {
			versions[index] = { record, seconds: raw, placedBy: 'exact' };
			continue;
		}
		const exactSeconds = readExact(record, placement);
		if (!Number.isNaN(exactSeconds)) {
			const variant = placement.variantOf?.(record);
			versions[index] = { record, seconds: exactSeconds, placedBy: 'exact' };
			if (variant !== undefined) {
				versions[index].key = `${String(record.id)}:${exactSeconds}:${variant}`;
			}
			continue;
		}
		const seconds = placeByFallback(record, placement, noun, warn);
		versions[index] = {
			record,
			seconds,
			placedBy: Number.isNaN(seconds) ? 'unknown' : 'lowerBound',
		};
	}
	return versions;
}

function readExact(record: ExportRecord, placement: Placement): number {
	const raw = record[placement.field];
	if (placement.format === 'isoDate') {
		const ms = typeof raw === 'string' ? Date.parse(raw) : NaN;
		return Number.isFinite(ms) ? Math.floor(ms / 1000) : NaN;
	}
	if (typeof raw === 'string' && DIGITS.test(raw)) {
		const seconds = Number(raw);
		record[placement.field] = seconds;
		return seconds;
	}
	return NaN;
}

function placeByFallback(
	record: ExportRecord,
	placement: Placement,
	noun: string,
	warn: (message: string) => void,
): number {
	const raw = record[placement.field];
	const what =
		raw === undefined
			? `no ${placement.field}`
			: `an unreadable ${placement.field} (${describe(raw)})`;
	const fallback = placement.fallbackField;
	const fallbackValue = fallback === undefined ? undefined : record[fallback];
	const fallbackMs = typeof fallbackValue === 'string' ? Date.parse(fallbackValue) : NaN;
	if (fallback !== undefined && Number.isFinite(fallbackMs)) {
		warn(
			`Zendesk sent ${noun} ${describeId(record)} with ${what}; it is placed by its ${fallback} (${String(fallbackValue)}).`,
		);
		return Math.floor(fallbackMs / 1000);
	}
	const noFallback = fallback === undefined ? '' : ` and no readable ${fallback}`;
	warn(
		`Zendesk sent ${noun} ${describeId(record)} with ${what}${noFallback}; it is emitted, but cannot be told apart from a repeat of itself.`,
	);
	return Number.NaN;
}

export function describeId(record: ExportRecord): string {
	return typeof record.id === 'number' || typeof record.id === 'string'
		? `#${record.id}`
		: '(no id)';
}

function describe(value: unknown): string {
	const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
	return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
