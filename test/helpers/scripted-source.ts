import type {
	CursorPage,
	CursorPosition,
	ExportSource,
	RateLimitInfo,
	Sideloads,
	ExportRecord,
	TimePage,
	TooRecent,
} from '../../nodes/ZendeskExportTrigger/engine';

type DefinitionKind = 'ticketFields' | 'groups';
type TimeAnswer = TimePage | TooRecent | Error;
type CursorAnswer = CursorPage | Error;

/** Every request any ScriptedSource got past its script, until `takeOverflows()` reads them. */
const overflows: string[] = [];

/**
 * What ran past a script since the last call. The engine catches a source's throw and reports it
 * as the poll's error, so a test that does not look at that error would not notice: test files
 * assert this is empty in `afterEach`.
 */
export function takeOverflows(): string[] {
	return overflows.splice(0);
}

/**
 * An ExportSource that serves a fixed script of answers, in order, and records every position it
 * was asked for. Running past the script is a test failure, which is how loops are caught.
 */
export class ScriptedSource implements ExportSource {
	readonly timeRequests: number[] = [];
	readonly cursorRequests: CursorPosition[] = [];
	private readonly timeAnswers: TimeAnswer[] = [];
	private readonly cursorAnswers: CursorAnswer[] = [];
	readonly lookupRequests: Array<{ kind: string; ids: number[] }> = [];
	private readonly lookupAnswers: Array<ExportRecord[] | Error> = [];
	/** Every definitions list asked for (`ticketFields`, `groups`), in order. */
	readonly definitionRequests: DefinitionKind[] = [];
	private readonly definitionAnswers: Record<DefinitionKind, Array<ExportRecord[] | Error>> = {
		ticketFields: [],
		groups: [],
	};

	onTime(...answers: TimeAnswer[]): this {
		this.timeAnswers.push(...answers);
		return this;
	}

	onCursor(...answers: CursorAnswer[]): this {
		this.cursorAnswers.push(...answers);
		return this;
	}

	onLookup(...answers: Array<ExportRecord[] | Error>): this {
		this.lookupAnswers.push(...answers);
		return this;
	}

	/** Answers for one list, in order; each read takes one (the engine reads a list once per page). */
	onDefinitions(kind: DefinitionKind, ...answers: Array<ExportRecord[] | Error>): this {
		this.definitionAnswers[kind].push(...answers);
		return this;
	}

	async definitions(kind: DefinitionKind): Promise<ExportRecord[]> {
		this.definitionRequests.push(kind);
		const answer = this.definitionAnswers[kind].shift();
		if (!answer) {
			overflows.push(`unscripted ${kind} definitions request`);
			throw new Error(`unscripted ${kind} definitions request`);
		}
		if (answer instanceof Error) throw answer;
		return answer;
	}

	async lookup(kind: 'users' | 'tickets', ids: number[]): Promise<ExportRecord[]> {
		this.lookupRequests.push({ kind, ids });
		const answer = this.lookupAnswers.shift();
		if (!answer) {
			overflows.push(`unscripted ${kind} lookup of ${ids.length} ids`);
			throw new Error(`unscripted ${kind} lookup of ${ids.length} ids`);
		}
		if (answer instanceof Error) throw answer;
		return answer;
	}

	async timePage(startTimeSeconds: number): Promise<TimePage | TooRecent> {
		this.timeRequests.push(startTimeSeconds);
		const answer = this.timeAnswers.shift();
		if (!answer) {
			overflows.push(`unscripted time page request at ${startTimeSeconds}`);
			throw new Error(`unscripted time page request at ${startTimeSeconds}`);
		}
		if (answer instanceof Error) throw answer;
		return answer;
	}

	async cursorPage(position: CursorPosition): Promise<CursorPage> {
		this.cursorRequests.push(position);
		const answer = this.cursorAnswers.shift();
		if (!answer) {
			overflows.push(`unscripted cursor page request ${JSON.stringify(position)}`);
			throw new Error(`unscripted cursor page request ${JSON.stringify(position)}`);
		}
		if (answer instanceof Error) throw answer;
		return answer;
	}

	get remainingAnswers(): number {
		return (
			this.timeAnswers.length +
			this.cursorAnswers.length +
			this.lookupAnswers.length +
			this.definitionAnswers.ticketFields.length +
			this.definitionAnswers.groups.length
		);
	}
}

export function timePage(
	records: ExportRecord[],
	endTimeSeconds: number | null,
	endOfStream: boolean | null,
	extra: { sideloads?: Sideloads; rateLimit?: RateLimitInfo } = {},
): TimePage {
	return {
		kind: 'page',
		records,
		endTimeSeconds,
		endOfStream,
		sideloads: extra.sideloads ?? {},
		rateLimit: extra.rateLimit ?? {},
	};
}

export function cursorPage(
	records: ExportRecord[],
	afterCursor: string | null,
	endOfStream: boolean,
): CursorPage {
	return { records, afterCursor, endOfStream, sideloads: {}, rateLimit: {} };
}

export const tooRecent: TooRecent = { kind: 'tooRecent', rateLimit: {} };
