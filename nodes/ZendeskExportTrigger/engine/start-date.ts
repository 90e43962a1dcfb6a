/**
 * Start Date as users give it: n8n's date picker stores `YYYY-MM-DDTHH:mm:ss` without an offset,
 * meant in the workflow's time zone; an expression may give an ISO string with an offset, an epoch
 * number, a JS Date or a Luxon DateTime. Pure: the time zone is passed in.
 */

/** What `getNodeParameter('startDate')` can return. */
export type StartDateInput = unknown;

export type StartDateResult = { ok: true; seconds: number } | { ok: false; problem: string };

/** An epoch below this is in seconds (year 5138); at or above it, in milliseconds (1973 on). */
const EPOCH_MS_THRESHOLD = 1e11;

const ISO_LIKE =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
/** A non-ISO date string is only taken when it names its zone: otherwise whose clock is meant? */
const NAMES_ITS_ZONE = /(?:\b(?:GMT|UTC)\b|[+-]\d{2}:?\d{2})\s*$/i;

export function parseStartDate(input: StartDateInput, timeZone: string): StartDateResult {
	if (input === undefined || input === null || input === '') {
		return { ok: false, problem: 'Start Date is empty' };
	}
	if (typeof input === 'number') return fromEpoch(input);
	if (input instanceof Date) return fromMs(input.getTime(), String(input));
	if (
		typeof input === 'object' &&
		typeof (input as { toMillis?: unknown }).toMillis === 'function'
	) {
		// A Luxon DateTime, from an expression such as {{ $now.minus({ days: 7 }) }}.
		return fromMs(Number((input as { toMillis: () => unknown }).toMillis()), 'the DateTime given');
	}
	if (typeof input !== 'string') {
		return { ok: false, problem: `Start Date is not a date (it is ${typeof input})` };
	}
	const text = input.trim();
	if (/^-?\d+(\.\d+)?$/.test(text)) return fromEpoch(Number(text));
	const iso = ISO_LIKE.exec(text);
	if (iso) return fromIsoParts(iso, timeZone, text);
	if (NAMES_ITS_ZONE.test(text)) return fromMs(Date.parse(text), text);
	return {
		ok: false,
		problem: `Start Date "${clip(text)}" is not a date this trigger can read: use the date picker, an ISO date such as 2026-11-01T09:00:00 (read in the workflow's time zone) or 2026-11-01T09:00:00Z, or an expression giving a date`,
	};
}

function fromEpoch(value: number): StartDateResult {
	if (!Number.isFinite(value)) return { ok: false, problem: 'Start Date is not a finite number' };
	return fromMs(Math.abs(value) < EPOCH_MS_THRESHOLD ? value * 1000 : value, String(value));
}

function fromMs(ms: number, shown: string): StartDateResult {
	if (!Number.isFinite(ms))
		return { ok: false, problem: `Start Date "${clip(shown)}" is not a valid date` };
	return { ok: true, seconds: Math.floor(ms / 1000) };
}

function fromIsoParts(parts: RegExpExecArray, timeZone: string, text: string): StartDateResult {
	const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', zone] = parts;
	const fields = [year, month, day, hour, minute, second].map(Number);
	const wallMs = Date.UTC(fields[0], fields[1] - 1, fields[2], fields[3], fields[4], fields[5]);
	const check = new Date(wallMs);
	if (
		check.getUTCMonth() !== fields[1] - 1 ||
		check.getUTCDate() !== fields[2] ||
		check.getUTCHours() !== fields[3] ||
		fields[4] > 59 ||
		fields[5] > 59
	) {
		return { ok: false, problem: `Start Date "${clip(text)}" is not a valid date` };
	}
	const fractionMs = fraction ? Number(`0.${fraction}`) * 1000 : 0;
	if (zone) {
		return fromMs(wallMs + fractionMs - zoneOffsetMs(zone), text);
	}
	const utcMs = wallTimeToUtcMs(wallMs, timeZone);
	if (utcMs === undefined) {
		return {
			ok: false,
			problem: `The workflow's time zone "${timeZone}" is not one this server knows`,
		};
	}
	return fromMs(utcMs + fractionMs, text);
}

/** `Z`, `+09:00`, `+0900`, `+09` → ms east of UTC. */
function zoneOffsetMs(zone: string): number {
	if (zone.toUpperCase() === 'Z') return 0;
	const sign = zone.startsWith('-') ? -1 : 1;
	const digits = zone.slice(1).replace(':', '');
	return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0)) * 60_000;
}

/**
 * The UTC instant at which clocks in `timeZone` show `wallMs` (a wall time written as if UTC).
 * Two rounds settle daylight-saving edges; a wall time skipped by a spring-forward gap lands just
 * after the gap.
 */
export function wallTimeToUtcMs(wallMs: number, timeZone: string): number | undefined {
	let format: Intl.DateTimeFormat;
	try {
		format = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		});
	} catch {
		return undefined;
	}
	const offsetAt = (utcMs: number): number => {
		const part: Record<string, number> = {};
		for (const { type, value } of format.formatToParts(new Date(utcMs))) part[type] = Number(value);
		const shownMs = Date.UTC(
			part.year,
			part.month - 1,
			part.day,
			part.hour,
			part.minute,
			part.second,
		);
		return shownMs - Math.floor(utcMs / 1000) * 1000;
	};
	let utcMs = wallMs - offsetAt(wallMs);
	utcMs = wallMs - offsetAt(utcMs);
	return utcMs;
}

function clip(text: string): string {
	return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
