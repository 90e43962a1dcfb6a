/**
 * The figures of a bench run for results/bench.json, the file docs/performance.md quotes and
 * test/release/performance-doc.test.ts holds it to. Only what a reader compares across runs:
 * bench/results.json (git-ignored) keeps everything, samples and request logs included.
 */
import type { PageResult } from './cpu';
import type { EventsCpuResult } from './cpu-events';
import { round, type Spread } from './lib';
import type { Target } from './report';
import type { backfillSection } from './run-backfill';
import type { memorySection } from './run-memory';
import type { BackfillRow } from './run-stand-in';

export interface BenchSections {
	cpu?: { pages: PageResult[] };
	events?: EventsCpuResult;
	backfill?: Awaited<ReturnType<typeof backfillSection>>;
	peer?: BackfillRow[];
	memory?: Awaited<ReturnType<typeof memorySection>>;
}

const ratio = (value: Spread | null) =>
	value && { median: round(value.median, 3), p10: round(value.p10, 3), p90: round(value.p90, 3) };

function backfillRow(row: BackfillRow, floorMs: number | null) {
	return {
		client: row.client,
		requests: row.requests,
		minimum: row.minimum,
		served429: row.served429,
		wallS: round(row.wallMs / 1000, 2),
		floorS: floorMs === null ? null : round(floorMs / 1000, 2),
		wallToFloor: floorMs === null || row.check.missing > 0 ? null : round(row.wallMs / floorMs, 3),
		returned: row.returned,
		distinct: row.distinct,
		expected: row.check.expected,
		duplicates: row.check.duplicates,
		missing: row.check.missing,
		correct: row.check.ok,
		finished: row.finished,
	};
}

export function benchFigures(sections: BenchSections, targets: Target[]) {
	const cpu = sections.cpu?.pages.map((page) => {
		const node = page.variants.find((variant) => variant.name === 'node poll (default options)');
		const parse = page.variants.find((variant) => variant.name === 'bare JSON.parse');
		return {
			page: page.name,
			bodyMiB: round(page.bodyBytes / 2 ** 20, 2),
			runs: node?.ms.runs ?? null,
			parseMs: parse ? round(parse.ms.median, 2) : null,
			nodeMs: node ? round(node.ms.median, 2) : null,
			ratio: ratio(node?.ratioToParse ?? null),
		};
	});
	const events = sections.events && {
		bodyMiB: round(sections.events.bodyBytes / 2 ** 20, 2),
		audits: sections.events.audits,
		paths: sections.events.variants.map((variant) => ({
			path: variant.name,
			runs: variant.ms.runs,
			ms: round(variant.ms.median, 2),
			ratio: variant.name === 'bare JSON.parse' ? null : ratio(variant.ratioToParse),
			items: sections.events?.items[variant.name] ?? null,
		})),
	};
	const backfill = sections.backfill && {
		...sections.backfill.main.floor,
		node: backfillRow(sections.backfill.main.row, sections.backfill.main.floor.floorMs),
		probe: sections.backfill.probe
			? backfillRow(sections.backfill.probe.row, sections.backfill.probe.floor.floorMs)
			: null,
	};
	const memory = sections.memory?.map((row) => ({
		tickets: row.tickets,
		cap: row.cap,
		capIsDefault: row.capIsDefault,
		polls: row.polls,
		largestPoll: row.maxItemsPerPoll,
		startRssMiB: round(row.baselineRssMiB, 1),
		peakRssMiB: round(row.peakRssMiB, 1),
		peakHeapUsedMiB: round(row.peakHeapUsedMiB, 1),
		liveHeapAfterPollMiB: round(row.maxLiveHeapAfterPollMiB, 1),
		wallS: round(row.wallMs / 1000, 1),
		correct: row.check.ok && row.caughtUp,
	}));
	return {
		targets,
		cpu: cpu ?? null,
		events: events ?? null,
		backfill: backfill ?? null,
		peers: sections.peer?.map((row) => backfillRow(row, null)) ?? null,
		memory: memory ?? null,
	};
}
