import type { EngineState } from './engine';

/**
 * The trigger's static data. n8n saves it only when a top-level key is assigned (a nested object
 * changed in place is silently not saved), so every field is a primitive or a new array.
 */
export interface StoredState {
	stateVersion: number;
	/** Which account and starting point this cursor belongs to; a change starts over. */
	configKey: string;
	cursorSeconds: number;
	boundaryKeys: string[];
	windowStartSeconds: number;
	catchingUp: boolean;
	/** Answers in a row that left the cursor where it was although Zendesk said more was to come. */
	stalledAnswers?: number;
	/** What the mode holds back across polls (SLA breaches waiting for their time); plain JSON. */
	held?: unknown;
}

const STATE_VERSION = 1;
const BOUNDARY_KEY = /^[^:]+:\d+(:\d+)?$/;

export interface CursorConfig {
	origin: string;
	startFrom: string;
	/** Start Date as the user wrote it (an expression stays unevaluated), not its value. */
	startDateAsWritten: string;
	/** Which export the cursor is in: a position in the ticket export means nothing in another. */
	triggerOn: string;
}

/**
 * Changing the account (subdomain or base URL), Trigger On, `startFrom` or Start Date as written resets the
 * cursor. An expression such as `{{ $now.minus({ days: 7 }) }}` evaluates differently at every
 * poll; keying on its value would restart the backfill each time.
 */
export function configKeyOf(config: CursorConfig): string {
	const startDate = config.startFrom === 'date' ? config.startDateAsWritten : '';
	const key = [config.origin, config.startFrom, startDate];
	// Tickets keep the key they had before Trigger On existed, so a saved cursor carries on.
	if (config.triggerOn !== 'tickets') key.push(config.triggerOn);
	return JSON.stringify(key);
}

export type ReadStateResult =
	| { kind: 'none' }
	| { kind: 'otherConfig' }
	| { kind: 'ok'; state: EngineState; warnings: string[] }
	| { kind: 'unreadable'; problem: string };

/**
 * Reads the saved position. What can be repaired without guessing is repaired, with a warning;
 * a position that cannot be read is reported, never replaced by a silent start from Start Date.
 */
export function readState(staticData: Record<string, unknown>, configKey: string): ReadStateResult {
	const stored = staticData as Partial<Record<keyof StoredState, unknown>>;
	if (stored.stateVersion === undefined && stored.cursorSeconds === undefined)
		return { kind: 'none' };
	if (stored.stateVersion !== STATE_VERSION) {
		return {
			kind: 'unreadable',
			problem: `its format (${describe(stored.stateVersion)}) is not one this version knows`,
		};
	}
	if (stored.configKey !== configKey) return { kind: 'otherConfig' };
	const cursorSeconds = readSeconds(stored.cursorSeconds);
	if (cursorSeconds === undefined) {
		return {
			kind: 'unreadable',
			problem: `its cursor is ${describe(stored.cursorSeconds)}, not a time`,
		};
	}
	const warnings: string[] = [];
	if (typeof stored.cursorSeconds !== 'number') {
		warnings.push(
			`The saved cursor was the text ${describe(stored.cursorSeconds)}; it was read as ${cursorSeconds}.`,
		);
	}
	let boundaryKeys: string[] = [];
	if (Array.isArray(stored.boundaryKeys)) {
		boundaryKeys = stored.boundaryKeys.filter(
			(key): key is string => typeof key === 'string' && BOUNDARY_KEY.test(key),
		);
		if (boundaryKeys.length !== stored.boundaryKeys.length) {
			warnings.push(
				`${stored.boundaryKeys.length - boundaryKeys.length} saved boundary keys could not be read and were dropped; a ticket changed in the second ${cursorSeconds} may be emitted once more.`,
			);
		}
	} else if (stored.boundaryKeys !== undefined) {
		warnings.push(
			`The saved boundary keys were ${describe(stored.boundaryKeys)}, not a list; a ticket changed in the second ${cursorSeconds} may be emitted once more.`,
		);
	}
	const windowStartSeconds = readSeconds(stored.windowStartSeconds);
	if (windowStartSeconds === undefined && stored.windowStartSeconds !== undefined) {
		warnings.push(
			`The saved window start was ${describe(stored.windowStartSeconds)}; the cursor is used instead.`,
		);
	}
	return {
		kind: 'ok',
		state: {
			cursorSeconds,
			boundaryKeys,
			windowStartSeconds: windowStartSeconds ?? cursorSeconds,
			catchingUp: stored.catchingUp === true,
			// Saved before this count existed, or unreadable: count the stall afresh.
			stalledAnswers: readSeconds(stored.stalledAnswers) ?? 0,
			// Checked by the kind that holds it, which knows its shape.
			...(stored.held === undefined ? {} : { held: stored.held }),
		},
		warnings,
	};
}

/** A whole, non-negative number of seconds, or a text of digits; anything else is unreadable. */
function readSeconds(value: unknown): number | undefined {
	if (typeof value === 'number')
		return Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
	if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) return Number(value);
	return undefined;
}

function describe(value: unknown): string {
	if (value === undefined) return 'missing';
	const text =
		typeof value === 'number' && !Number.isFinite(value) ? String(value) : JSON.stringify(value);
	return text === undefined ? typeof value : text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

export function writeState(
	staticData: Record<string, unknown>,
	state: EngineState,
	configKey: string,
): void {
	staticData.stateVersion = STATE_VERSION;
	staticData.configKey = configKey;
	staticData.cursorSeconds = state.cursorSeconds;
	staticData.boundaryKeys = [...state.boundaryKeys];
	staticData.windowStartSeconds = state.windowStartSeconds;
	staticData.catchingUp = state.catchingUp;
	staticData.stalledAnswers = state.stalledAnswers ?? 0;
	// A new object every time: n8n saves only what is assigned at the top level.
	if (state.held !== undefined) staticData.held = JSON.parse(JSON.stringify(state.held)) as unknown;
	else delete staticData.held;
}

export function freshState(cursorSeconds: number): EngineState {
	return {
		cursorSeconds,
		boundaryKeys: [],
		windowStartSeconds: cursorSeconds,
		catchingUp: false,
		stalledAnswers: 0,
	};
}
