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
}

const STATE_VERSION = 1;

export interface CursorConfig {
	origin: string;
	startFrom: string;
	startDate: string;
}

/** Changing the account (subdomain or base URL), `startFrom` or `startDate` resets the cursor. */
export function configKeyOf(config: CursorConfig): string {
	const startDate = config.startFrom === 'date' ? config.startDate : '';
	return JSON.stringify([config.origin, config.startFrom, startDate]);
}

export function readState(
	staticData: Record<string, unknown>,
	configKey: string,
): EngineState | null {
	const stored = staticData as Partial<StoredState>;
	if (stored.stateVersion !== STATE_VERSION || stored.configKey !== configKey) return null;
	if (typeof stored.cursorSeconds !== 'number' || !Number.isFinite(stored.cursorSeconds))
		return null;
	return {
		cursorSeconds: stored.cursorSeconds,
		boundaryKeys: Array.isArray(stored.boundaryKeys) ? stored.boundaryKeys.map(String) : [],
		windowStartSeconds: Number(stored.windowStartSeconds ?? stored.cursorSeconds),
		catchingUp: stored.catchingUp === true,
	};
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
}

export function freshState(cursorSeconds: number): EngineState {
	return { cursorSeconds, boundaryKeys: [], windowStartSeconds: cursorSeconds, catchingUp: false };
}
