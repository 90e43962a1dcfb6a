/**
 * Child process: the CPU cost of one 1000-audit page of `incremental/ticket_events`
 * (`include=comment_events`), against a bare JSON.parse of the same string. The measure and the
 * flags are cpu.ts's (read its header): a full GC before every timed run, single-threaded GC,
 * rounds in random order, time on the main thread.
 *
 * The page is the stand-in's own answer (its audit builder, event-shapes.js `serveAudit`, over
 * seeded tickets): each audit has a comment (300 B on a ticket's creation) and its Create or
 * Change children, tags and custom fields among them. It starts where exactly the newest 1000
 * audits remain, so it ends the stream and a poll makes one request, as the ticket page does.
 *
 * Paths, each from the same string (or the page parsed from it, untimed, for the engine rows):
 * - the transport's `timePage`: JSON.parse of the body, the records, the rate-limit headers;
 * - the engine alone: `runPoll` with `commentsKind` or `fieldChangesKind` (the node's default
 *   options) on a scripted `ExportSource` that hands over the page parsed beforehand;
 * - the node: `ZendeskExportTrigger.poll()` with Trigger On = New Comment or Ticket Field Changed,
 *   transport, engine, static data and `{ json }` items, as cpu.ts runs it for tickets.
 */
import { writeFileSync } from 'node:fs';
import type { INodeExecutionData } from 'n8n-workflow';

import { commentsKind, fieldChangesKind } from '../nodes/ZendeskExportTrigger/engine/event-kinds';
import type { ExportKind } from '../nodes/ZendeskExportTrigger/engine/export-kind';
import { runPoll } from '../nodes/ZendeskExportTrigger/engine/poll';
import { DEFAULT_MAX_ITEMS_PER_POLL } from '../nodes/ZendeskExportTrigger/engine/settings';
import type { ExportRecord, ExportSource } from '../nodes/ZendeskExportTrigger/engine/types';
import { createExportSource } from '../nodes/ZendeskExportTrigger/transport/source';
import { ZendeskExportTrigger } from '../nodes/ZendeskExportTrigger/ZendeskExportTrigger.node';
import type { VariantResult } from './cpu';
import {
	fetchAnswer,
	memoryContext,
	PARSE,
	raisePriority,
	rounds,
	type Answer,
} from './cpu-shared';
import { childInput, getJson, loadStandIn, spread } from './lib';

export interface EventsCpuInput {
	/** Tickets to seed: each makes a creation audit, most an update audit too; above 1000 audits. */
	seedTickets: number;
	descriptionBytes: number;
	runs: number;
	warmup: number;
}

export interface EventsCpuResult {
	bodyBytes: number;
	audits: number;
	/** Child events of the page by `event_type`: Comment, Create, Change. */
	children: Record<string, number>;
	/** Items each path emitted (checked against the page before timing). */
	items: Record<string, number>;
	variants: VariantResult[];
	niceness: number;
}

const PAGE_SIZE = 1000;
const EVENTS_PATH = '/api/v2/incremental/ticket_events.json';
const QUERY = { include: 'comment_events', support_type_scope: 'all' };

const TRANSPORT = 'transport: timePage (JSON.parse, records, headers)';
const ENGINE_COMMENTS = 'engine: runPoll, commentsKind (page parsed before)';
const ENGINE_CHANGES = 'engine: runPoll, fieldChangesKind (page parsed before)';
const NODE_COMMENTS = 'node poll, New Comment (default options)';
const NODE_CHANGES = 'node poll, Ticket Field Changed (default options)';
const NODE_CHANGES_CREATE = 'node poll, Ticket Field Changed (Include Create on)';

interface EventsBody {
	ticket_events: Array<{
		id: number;
		timestamp: number;
		child_events: Array<{ event_type: string }>;
	}>;
	end_of_stream: boolean;
	end_time: number;
}

/** The stand-in's page of the newest 1000 audits, and the second it starts at. */
async function fetchPage(input: EventsCpuInput): Promise<{ answer: Answer; fromSeconds: number }> {
	const standIn = await loadStandIn().startStandIn({
		seedTickets: input.seedTickets,
		seedTicketEvents: true,
		descriptionBytes: input.descriptionBytes,
	});
	try {
		const seconds = new Map<number, number>();
		for (let start = 0; ;) {
			const page = await fetchAnswer(standIn.url, EVENTS_PATH, {
				start_time: `${start}`,
				...QUERY,
			});
			const body = JSON.parse(page.body) as EventsBody;
			for (const audit of body.ticket_events) seconds.set(audit.id, audit.timestamp);
			if (body.end_of_stream) break;
			start = body.end_time;
		}
		const sorted = [...seconds.values()].sort((a, b) => a - b);
		const fromSeconds = sorted[sorted.length - PAGE_SIZE];
		if (sorted.length < PAGE_SIZE || sorted[sorted.length - PAGE_SIZE - 1] === fromSeconds) {
			throw new Error(`${sorted.length} audits: no second where exactly ${PAGE_SIZE} remain`);
		}
		// The paging above used the export budget; the page's headers should show a fresh window.
		await getJson(`${standIn.url}/__control/ratelimit`, { method: 'DELETE' });
		const answer = await fetchAnswer(standIn.url, EVENTS_PATH, {
			start_time: `${fromSeconds}`,
			...QUERY,
		});
		return { answer, fromSeconds };
	} finally {
		await standIn.close();
	}
}

/** Hands the engine the page `current()` holds, as the transport would map it. */
function scriptedSource(current: () => EventsBody): ExportSource {
	return {
		async timePage() {
			const body = current();
			return {
				kind: 'page',
				records: body.ticket_events as unknown as ExportRecord[],
				endTimeSeconds: body.end_time,
				endOfStream: body.end_of_stream,
				sideloads: {},
				rateLimit: {},
			};
		},
		async cursorPage() {
			throw new Error('Zendesk has no cursor export for ticket events');
		},
	};
}

async function main(): Promise<void> {
	const input = childInput<EventsCpuInput>();
	const niceness = raisePriority();
	const { answer, fromSeconds } = await fetchPage(input);
	const parsed = JSON.parse(answer.body) as EventsBody;
	if (parsed.ticket_events.length !== PAGE_SIZE || parsed.end_of_stream !== true) {
		throw new Error(
			`The page holds ${parsed.ticket_events.length} audits, not a last page of ${PAGE_SIZE}`,
		);
	}
	const children: Record<string, number> = {};
	for (const audit of parsed.ticket_events) {
		for (const child of audit.child_events) {
			children[child.event_type] = (children[child.event_type] ?? 0) + 1;
		}
	}
	// Each of the stand-in's Create and Change children sets one field: one item each.
	const expected: Record<string, number> = {
		[ENGINE_COMMENTS]: children.Comment ?? 0,
		[ENGINE_CHANGES]: children.Change ?? 0,
		[NODE_COMMENTS]: children.Comment ?? 0,
		[NODE_CHANGES]: children.Change ?? 0,
		[NODE_CHANGES_CREATE]: (children.Change ?? 0) + (children.Create ?? 0),
	};

	let sink: unknown;
	let page: EventsBody | undefined;
	const source = scriptedSource(() => {
		if (!page) throw new Error('No page was parsed for this run');
		return page;
	});
	const runEngine = async (kind: ExportKind): Promise<number> => {
		const state = {
			cursorSeconds: fromSeconds,
			boundaryKeys: [],
			windowStartSeconds: fromSeconds,
			catchingUp: false,
		};
		const outcome = await runPoll(
			state,
			{ kind, maxItemsPerPoll: DEFAULT_MAX_ITEMS_PER_POLL },
			{ source, nowMs: Date.now, sleep: async () => undefined, deadlineMs: Date.now() + 60_000 },
		);
		if (outcome.stopReason !== 'endOfStream' || outcome.requestCount !== 1) {
			throw new Error(`runPoll stopped with ${outcome.stopReason} after ${outcome.requestCount}`);
		}
		sink = outcome;
		return outcome.items.length;
	};
	const comments = commentsKind({
		visibility: 'all',
		authors: 'any',
		skipRequester: false,
		addTicketAndAuthor: false,
	});
	const changes = fieldChangesKind({
		fields: [],
		toValues: [],
		includeCreate: false,
		addTicketAndUpdater: false,
	});

	const trigger = new ZendeskExportTrigger();
	// Every path emits the whole page: Max Items per Poll's default (1,000) would stop Include
	// Create's 6,566 items at the first update past it.
	const wholePage = { maxItemsPerPoll: 10_000 };
	const contexts = {
		[NODE_COMMENTS]: memoryContext(answer, { triggerOn: 'comments', commentOptions: wholePage }),
		[NODE_CHANGES]: memoryContext(answer, {
			triggerOn: 'fieldChanges',
			fieldChangeOptions: wholePage,
		}),
		[NODE_CHANGES_CREATE]: memoryContext(answer, {
			triggerOn: 'fieldChanges',
			fieldChangeOptions: { ...wholePage, includeCreate: true },
		}),
	};
	for (const context of Object.values(contexts)) await context.activate(trigger);
	const runNode = async (name: keyof typeof contexts): Promise<number> => {
		contexts[name].reset();
		const result: INodeExecutionData[][] | null = await trigger.poll.call(contexts[name].ctx);
		sink = result;
		return result?.[0]?.length ?? 0;
	};
	const transport = createExportSource(contexts[NODE_COMMENTS].ctx, {
		credentialType: 'zendeskExportApi',
		origin: answer.origin,
		exportName: 'ticketEvents',
		query: { include: ['comment_events'], excludeDeleted: false, supportTypeScope: 'all' },
	});

	const variants: Record<string, () => unknown> = {
		[PARSE]: () => {
			sink = JSON.parse(answer.body);
		},
		[TRANSPORT]: async () => {
			sink = await transport.timePage(fromSeconds, Date.now() + 60_000);
		},
		[ENGINE_COMMENTS]: () => runEngine(comments),
		[ENGINE_CHANGES]: () => runEngine(changes),
		[NODE_COMMENTS]: () => runNode(NODE_COMMENTS),
		[NODE_CHANGES]: () => runNode(NODE_CHANGES),
		[NODE_CHANGES_CREATE]: () => runNode(NODE_CHANGES_CREATE),
	};
	// Every path must emit the whole page before it is timed.
	const prepare = (name: string) => {
		sink = undefined;
		page = name.startsWith('engine:') ? (JSON.parse(answer.body) as EventsBody) : undefined;
	};
	const items: Record<string, number> = {};
	for (const [name, count] of Object.entries(expected)) {
		prepare(name);
		items[name] = (await variants[name]()) as number;
		if (items[name] !== count) throw new Error(`${name} emitted ${items[name]} of ${count} items`);
	}

	const measured = await rounds(variants, input.runs, input.warmup, true, prepare);
	sink = undefined;
	page = undefined;
	void sink;
	const result: EventsCpuResult = {
		bodyBytes: Buffer.byteLength(answer.body),
		audits: parsed.ticket_events.length,
		children,
		items,
		variants: measured.names.map((name) => ({
			name,
			ms: spread(measured.ms[name]),
			processCpuMs: spread(measured.cpu[name]),
			ratioToParse: measured.ratio[name].length ? spread(measured.ratio[name]) : null,
		})),
		niceness,
	};
	writeFileSync(input.out, JSON.stringify(result));
}

main().catch((thrown) => {
	console.error(thrown);
	process.exitCode = 1;
});
