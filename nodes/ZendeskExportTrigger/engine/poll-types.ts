import type { RateBudget } from './rate-budget';
import type { ExportItem, ExportSource } from './types';

/** Where the trigger stands between polls. Everything in it survives a restart. */
export interface EngineState {
	/** The next `start_time`: every version before it has been handled. */
	cursorSeconds: number;
	/** `id:seconds` of records (ticket versions, audits, …) at or after the cursor already handled. */
	boundaryKeys: string[];
	/** Where the current catch-up began: decides "created" and "system-only update". */
	windowStartSeconds: number;
	/** True while a backlog is being worked through across polls (cap or budget hit). */
	catchingUp: boolean;
	/**
	 * Answers in a row at this cursor that did not move it although Zendesk said more was to come
	 * (0 when absent); at `STALLED_ANSWERS_BEFORE_FOLLOWING` the trigger follows Zendesk's end_time.
	 */
	stalledAnswers?: number;
	/** What the kind holds back across polls (SLA breaches waiting for their time), as plain JSON. */
	held?: unknown;
}

export type StopReason =
	'endOfStream' | 'tooRecent' | 'notYet' | 'maxItems' | 'budget' | 'noProgress' | 'error';

export interface PollOutcome {
	/** What the poll emits, oldest first: tickets, comments, field changes, users, … */
	items: ExportItem[];
	state: EngineState;
	stopReason: StopReason;
	/** Set when a request failed; `items` and `state` then hold what came before it. */
	error?: unknown;
	/** What the answers held that a person should know about (bad rows, a page that did not move). */
	warnings: string[];
	requestCount: number;
}

export interface PollDeps {
	source: ExportSource;
	/** Wall-clock epoch ms: decides which seconds Zendesk can already return. */
	nowMs: () => number;
	/** A clock that never steps back, for pacing; `nowMs` when not given. */
	monotonicNowMs?: () => number;
	sleep: (ms: number) => Promise<void>;
	/** Epoch ms (on `nowMs`) by which the poll must have returned. */
	deadlineMs: number;
	/**
	 * The account's export budget, shared with every other poll on it: a poll that ended with the
	 * window spent must not let the next one, or another workflow's, open with a 429. Without it the
	 * poll paces only its own requests.
	 */
	budget?: RateBudget;
}
