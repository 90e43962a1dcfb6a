/**
 * Child process: the CPU cost of handling one export page, from the response body as a string
 * to the n8n items, against a bare JSON.parse of the same string.
 *
 * Run with --expose-gc (a full GC before every timed run, so no run pays for another's garbage)
 * and --single-threaded-gc (the collections a run causes happen on the main thread, inside its
 * own timing, instead of on helper threads that spill into the next run). Everything timed is
 * synchronous on the main thread, so its time there is its CPU time.
 *
 * The page is the stand-in's own answer to the node's query (1000 tickets with every field of
 * the real export, custom fields, and the users/groups/organizations sideloads). The "node" path
 * is `ZendeskExportTrigger.poll()` itself, on a poll context whose
 * `httpRequestWithAuthentication` hands back that string with its headers: the transport parses
 * it and maps the page, the engine dedupes, filters and attaches the sideloads, the trigger
 * writes the static data and maps the tickets to `{ json }` items. Only the socket is left out.
 */
import { writeFileSync } from 'node:fs';
import type { INodeExecutionData } from 'n8n-workflow';

import { Boundary } from '../nodes/ZendeskExportTrigger/engine/boundary';
import { readVersions } from '../nodes/ZendeskExportTrigger/engine/versions';
import { ticketsKind } from '../nodes/ZendeskExportTrigger/engine/kinds';
import { createSideloadAttacher } from '../nodes/ZendeskExportTrigger/engine/sideloads';
import type { Sideloads, Ticket } from '../nodes/ZendeskExportTrigger/engine/types';
import { ZendeskExportTrigger } from '../nodes/ZendeskExportTrigger/ZendeskExportTrigger.node';
import { fetchAnswer, memoryContext, PARSE, raisePriority, rounds } from './cpu-shared';
import { childInput, INCLUDE, loadStandIn, spread, type Spread } from './lib';

const TICKET_PLACEMENT = ticketsKind({
	event: 'createdOrUpdated',
	statuses: [],
	ignoreSystemUpdates: false,
}).placement;

export interface CpuInput {
	pages: Array<{ name: string; descriptionBytes: number; runs: number; warmup: number }>;
	/** Only run the node path, without forced GCs, for `node --cpu-prof`. */
	profileOnly?: boolean;
	/** Also time the parts of the node's handling one by one (first page only). */
	components?: { runs: number; warmup: number };
}

export interface VariantResult {
	name: string;
	/** Time on the main thread, ms: the CPU time of the synchronous handling. */
	ms: Spread;
	/** Process CPU time (user + system, every thread, compiler threads included), ms. */
	processCpuMs: Spread;
	/** Per-round ratio of `ms` to the bare JSON.parse of the same round. */
	ratioToParse: Spread | null;
}

export interface ComponentResult {
	name: string;
	kind: 'package' | 'baseline';
	ms: Spread;
}

export interface PageResult {
	name: string;
	descriptionBytes: number;
	bodyBytes: number;
	tickets: number;
	sideloads: Record<string, number>;
	variants: VariantResult[];
	components?: ComponentResult[];
}

const NODE = 'node poll (default options)';
const NODE_FILTERED = 'node poll (every filter on)';

async function fetchPage(descriptionBytes: number) {
	const { startStandIn } = loadStandIn();
	const standIn = await startStandIn({ seedTickets: 1000, descriptionBytes });
	try {
		return await fetchAnswer(standIn.url, '/api/v2/incremental/tickets.json', {
			start_time: '0',
			include: INCLUDE.join(','),
			support_type_scope: 'all',
		});
	} finally {
		await standIn.close();
	}
}

/**
 * The parts of the node's handling, each timed alone on a freshly parsed page (the parse is not
 * timed): what each costs next to the parse, to point at the one to work on.
 */
async function measureComponents(
	body: string,
	runs: number,
	warmup: number,
): Promise<ComponentResult[]> {
	let page: Record<string, unknown[]> = {};
	const tickets = () => page.tickets as Ticket[];
	const sideloads = (): Sideloads => ({
		users: page.users as Sideloads[string],
		groups: page.groups as Sideloads[string],
		organizations: page.organizations as Sideloads[string],
	});
	const isRecord = (value: unknown) =>
		typeof value === 'object' && value !== null && !Array.isArray(value);
	let sink: unknown;
	const components: Array<{ name: string; kind: ComponentResult['kind']; run: () => unknown }> = [
		{ name: PARSE, kind: 'baseline', run: () => (sink = JSON.parse(body)) },
		{
			name: 'transport: tickets.filter(isRecord), sideloads filter (transport/source.ts)',
			kind: 'package',
			run: () => {
				sink = tickets().filter(isRecord);
				for (const name of INCLUDE) sink = page[name].filter(isRecord);
			},
		},
		{
			name: 'dedupe: readVersions, Boundary.isNew per ticket, advance (engine/versions.ts, boundary.ts)',
			kind: 'package',
			run: () => {
				// As runPoll does for a page: place every ticket, check it, then move to the page's end.
				const boundary = new Boundary([]);
				const versions = readVersions(tickets(), TICKET_PLACEMENT, 'ticket', () => undefined);
				let newest = 0;
				let fresh = 0;
				for (const version of versions) {
					if (boundary.isNew(version)) fresh++;
					if (version.seconds > newest) newest = version.seconds;
				}
				boundary.advance(newest, versions);
				sink = boundary.keys();
				if (fresh !== tickets().length) throw new Error('the boundary dropped a new ticket');
			},
		},
		{
			name: 'attach sideloads: createSideloadAttacher (engine/sideloads.ts)',
			kind: 'package',
			run: () => {
				const attach = createSideloadAttacher(sideloads());
				for (const ticket of tickets()) attach(ticket);
			},
		},
		{
			name: 'trigger: toItems, tickets.map((json) => ({ json }))',
			kind: 'package',
			run: () => {
				sink = tickets().map((ticket) => ({ json: ticket }));
			},
		},
	];
	const measured = await rounds(
		Object.fromEntries(components.map((component) => [component.name, component.run])),
		runs,
		warmup,
		true,
		() => {
			sink = undefined;
			page = JSON.parse(body) as Record<string, unknown[]>;
		},
	);
	void sink;
	return components.map((component) => ({
		name: component.name,
		kind: component.kind,
		ms: spread(measured.ms[component.name]),
	}));
}

async function measurePage(
	page: CpuInput['pages'][number],
	profileOnly: boolean,
	components: CpuInput['components'],
): Promise<PageResult> {
	const answer = await fetchPage(page.descriptionBytes);
	const parsed = JSON.parse(answer.body) as Record<string, unknown[]>;
	const ticketCount = parsed.tickets.length;
	const sideloadCounts: Record<string, number> = {};
	for (const name of INCLUDE) sideloadCounts[name] = parsed[name]?.length ?? 0;

	const trigger = new ZendeskExportTrigger();
	const plain = memoryContext(answer, { event: 'createdOrUpdated', options: { include: INCLUDE } });
	// Every filter switched on: statuses, created/updated split, system-update check.
	const filtered = memoryContext(answer, {
		event: 'updated',
		options: {
			include: INCLUDE,
			statuses: ['new', 'open', 'pending', 'hold', 'solved', 'closed'],
			ignoreSystemUpdates: true,
		},
	});

	let sink: unknown;
	const runNode = async (context: ReturnType<typeof memoryContext>): Promise<number> => {
		context.reset();
		const result: INodeExecutionData[][] | null = await trigger.poll.call(context.ctx);
		sink = result;
		return result?.[0]?.length ?? 0;
	};

	await plain.activate(trigger);
	await filtered.activate(trigger);
	// The node path must emit the whole page, with the sideloads attached.
	const itemCount = await runNode(plain);
	if (itemCount !== ticketCount)
		throw new Error(`The node emitted ${itemCount} of ${ticketCount} tickets`);
	const first = (sink as INodeExecutionData[][])[0][0].json;
	if (typeof first.requester !== 'object' || first.requester === null || !('group' in first)) {
		throw new Error('The node did not attach the sideloads');
	}

	const variants: Record<string, () => unknown> = profileOnly
		? { [NODE]: () => runNode(plain) }
		: {
				[PARSE]: () => {
					sink = JSON.parse(answer.body);
				},
				[NODE]: () => runNode(plain),
				[NODE_FILTERED]: () => runNode(filtered),
			};
	// A profile must show the page's own collections, not forced ones between runs.
	const measured = await rounds(variants, page.runs, page.warmup, !profileOnly, () => {
		sink = undefined;
	});
	sink = undefined;

	return {
		name: page.name,
		descriptionBytes: page.descriptionBytes,
		bodyBytes: Buffer.byteLength(answer.body),
		tickets: ticketCount,
		sideloads: sideloadCounts,
		variants: measured.names.map((name) => ({
			name,
			ms: spread(measured.ms[name]),
			processCpuMs: spread(measured.cpu[name]),
			ratioToParse: measured.ratio[name].length ? spread(measured.ratio[name]) : null,
		})),
		components: components
			? await measureComponents(answer.body, components.runs, components.warmup)
			: undefined,
	};
}

async function main(): Promise<void> {
	const input = childInput<CpuInput>();
	const niceness = raisePriority();
	const pages: PageResult[] = [];
	for (const [index, page] of input.pages.entries()) {
		pages.push(
			await measurePage(
				page,
				input.profileOnly === true,
				index === 0 ? input.components : undefined,
			),
		);
	}
	writeFileSync(input.out, JSON.stringify({ pages, niceness }));
}

main().catch((thrown) => {
	console.error(thrown);
	process.exitCode = 1;
});
