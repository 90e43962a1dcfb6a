import type { Ticket } from './types';

/**
 * A ticket as the engine places it in time. `seconds` is the ticket's `generated_timestamp`, or
 * NaN when neither that nor `updated_at` could be read: such a ticket is emitted but cannot be
 * deduplicated, and never moves the cursor.
 */
export interface Version {
	ticket: Ticket;
	/**
	 * The dedupe key, `id:seconds` (`id:seconds:updatedSeconds` once held at a lower bound): built
	 * by `keyOf` only when a version is looked up or remembered, since most never are.
	 */
	key?: string;
	seconds: number;
	/**
	 * `generatedTimestamp`: `seconds` is Zendesk's. `updatedAt`: `seconds` is only a lower bound
	 * (Zendesk never sets `updated_at` after `generated_timestamp`). `unknown`: NaN.
	 */
	placedBy: 'generatedTimestamp' | 'updatedAt' | 'unknown';
}

/**
 * Moves a version placed by updated_at to a later lower bound. Its key then names both, so the
 * boundary keeps it at that second, and a later change (a new updated_at) is still a new key.
 */
export function holdAt(version: Version, seconds: number): void {
	const updatedSeconds = keyOf(version).split(':').pop();
	version.seconds = seconds;
	version.key = `${String(version.ticket.id)}:${seconds}:${updatedSeconds}`;
}

export function keyOf(version: Version): string {
	version.key ??= `${String(version.ticket.id)}:${version.seconds}`;
	return version.key;
}

const DIGITS = /^\s*\d+\s*$/;

/**
 * Reads each ticket's place in time. Real pages are not always clean: older recorded pages have
 * no `generated_timestamp`, some serialisers send it as a string, and a bad row may have neither.
 * A numeric string is coerced in place (the item then shows the number); a missing one falls back
 * to `updated_at`, which Zendesk never sets later than it; each fallback is reported by ticket id.
 */
export function readVersions(
	tickets: readonly Ticket[],
	warn: (message: string) => void,
): Version[] {
	const versions: Version[] = new Array(tickets.length);
	for (let index = 0; index < tickets.length; index++) {
		const ticket = tickets[index];
		const raw: unknown = ticket.generated_timestamp;
		let seconds = raw as number;
		let placedBy: Version['placedBy'] = 'generatedTimestamp';
		if (typeof raw !== 'number' || !Number.isFinite(raw)) {
			seconds = placeUnreadable(ticket, warn);
			if (typeof ticket.generated_timestamp !== 'number') {
				placedBy = Number.isNaN(seconds) ? 'unknown' : 'updatedAt';
			}
		}
		versions[index] = { ticket, seconds, placedBy };
	}
	return versions;
}

function placeUnreadable(ticket: Ticket, warn: (message: string) => void): number {
	const raw: unknown = ticket.generated_timestamp;
	if (typeof raw === 'string' && DIGITS.test(raw)) {
		const seconds = Number(raw);
		ticket.generated_timestamp = seconds;
		return seconds;
	}
	const updatedMs = typeof ticket.updated_at === 'string' ? Date.parse(ticket.updated_at) : NaN;
	const what =
		raw === undefined
			? 'no generated_timestamp'
			: `an unreadable generated_timestamp (${describe(raw)})`;
	if (Number.isFinite(updatedMs)) {
		warn(
			`Zendesk sent ticket ${describeId(ticket)} with ${what}; it is placed by its updated_at (${ticket.updated_at}).`,
		);
		return Math.floor(updatedMs / 1000);
	}
	warn(
		`Zendesk sent ticket ${describeId(ticket)} with ${what} and no readable updated_at; it is emitted, but cannot be told apart from a repeat of itself.`,
	);
	return Number.NaN;
}

function describeId(ticket: Ticket): string {
	return typeof ticket.id === 'number' || typeof ticket.id === 'string'
		? `#${ticket.id}`
		: '(no id)';
}

function describe(value: unknown): string {
	const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
	return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
