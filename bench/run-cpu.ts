/** Sections 1 and 1d of `npm run bench`: CPU per page of tickets and of ticket events. */
import type { CpuInput, PageResult } from './cpu';
import type { EventsCpuInput, EventsCpuResult } from './cpu-events';
import { runChild } from './lib';
import { fmt, int, mib, print, table, targets } from './report';
import { CPU_TARGET_RATIO, quick } from './run-options';

// ---- 1. CPU per page ---------------------------------------------------------------------------

export async function cpuSection() {
	const input: CpuInput = {
		pages: [
			{
				name: 'realistic (300 B descriptions)',
				descriptionBytes: 300,
				runs: quick ? 60 : 200,
				warmup: 20,
			},
			{
				name: 'large (20 KB descriptions)',
				descriptionBytes: 20_000,
				runs: quick ? 10 : 40,
				warmup: 5,
			},
		],
		components: { runs: quick ? 40 : 120, warmup: 10 },
	};
	const run = await runChild<{ pages: PageResult[]; niceness: number }>('cpu.js', input, {
		nodeFlags: ['--expose-gc', '--single-threaded-gc'],
		timeLimitMs: 15 * 60_000,
	});
	if (!run.result) throw new Error(`The CPU child failed (exit ${run.exitCode})`);
	print();
	print(
		'1. CPU per page: one 1000-ticket page, body string -> n8n items, vs bare JSON.parse of the same body',
	);
	print(
		`   ms on the main thread per page (GC included, single-threaded; niceness ${run.result.niceness}), median [p10-p90];`,
	);
	print('   ratio = node / JSON.parse within the same round, median [p10-p90]');
	const rows: Array<Array<string | number>> = [];
	for (const page of run.result.pages) {
		for (const variant of page.variants) {
			const ratio = variant.ratioToParse;
			rows.push([
				variant.name === 'bare JSON.parse' ? `${page.name}, ${mib(page.bodyBytes)}` : '',
				variant.name,
				`${fmt(variant.ms.median)} [${fmt(variant.ms.p10)}-${fmt(variant.ms.p90)}]`,
				ratio && variant.name !== 'bare JSON.parse'
					? `${fmt(ratio.median)} [${fmt(ratio.p10)}-${fmt(ratio.p90)}]`
					: '',
			]);
		}
		const node = page.variants.find((variant) => variant.name === 'node poll (default options)');
		if (node?.ratioToParse) {
			targets.push({
				what: `CPU per page, ${page.name}`,
				target: `<= ${CPU_TARGET_RATIO}x bare JSON.parse`,
				value: `${fmt(node.ratioToParse.median)}x (p10 ${fmt(node.ratioToParse.p10)}, p90 ${fmt(node.ratioToParse.p90)}; ${node.ms.runs} runs)`,
				met: node.ratioToParse.median <= CPU_TARGET_RATIO,
			});
		}
	}
	table(['page', 'path', 'ms per page', 'ratio to JSON.parse'], rows);

	const realistic = run.result.pages[0];
	const components = realistic.components ?? [];
	if (components.length) {
		const parseMs = components[0].ms.median;
		print();
		print(
			'1b. The parts of that handling, each timed alone on a freshly parsed realistic page (median ms)',
		);
		table(
			['part', 'ms', '% of JSON.parse'],
			components.map((component) => [
				component.name,
				fmt(component.ms.median, 3),
				fmt((100 * component.ms.median) / parseMs, 1),
			]),
		);
		const partsMs = components
			.filter((component) => component.kind === 'package')
			.reduce((sum, component) => sum + component.ms.median, 0);
		print(
			`    the parts add up to ${fmt(partsMs)} ms = ${fmt((100 * partsMs) / parseMs, 1)}% of JSON.parse`,
		);
	}
	return run.result;
}

// ---- 1d. CPU per page of ticket events --------------------------------------------------------

export async function eventsSection() {
	const input: EventsCpuInput = {
		seedTickets: 700,
		descriptionBytes: 300,
		runs: quick ? 60 : 200,
		warmup: 20,
	};
	const run = await runChild<EventsCpuResult>('cpu-events.js', input, {
		nodeFlags: ['--expose-gc', '--single-threaded-gc'],
		timeLimitMs: 15 * 60_000,
	});
	if (!run.result) throw new Error(`The ticket events CPU child failed (exit ${run.exitCode})`);
	const result = run.result;
	const { Comment = 0, Create = 0, Change = 0 } = result.children;
	print();
	print(
		`1d. CPU per page of ticket events: one ${result.audits}-audit page of incremental/ticket_events (include=comment_events), body string -> items, vs bare JSON.parse of the same body`,
	);
	print(
		`   children: ${int(Comment)} comments, ${int(Create)} Create, ${int(Change)} Change; ms and ratio as in 1 (niceness ${result.niceness});`,
	);
	print(
		'   engine rows: runPoll on a scripted source handing over the page parsed beforehand (the parse is not in their ms)',
	);
	table(
		['page', 'path', 'ms per page', 'ratio to JSON.parse', 'items'],
		result.variants.map((variant) => [
			variant.name === 'bare JSON.parse' ? `ticket events, ${mib(result.bodyBytes)}` : '',
			variant.name,
			`${fmt(variant.ms.median)} [${fmt(variant.ms.p10)}-${fmt(variant.ms.p90)}]`,
			variant.ratioToParse && variant.name !== 'bare JSON.parse'
				? `${fmt(variant.ratioToParse.median)} [${fmt(variant.ratioToParse.p10)}-${fmt(variant.ratioToParse.p90)}]`
				: '',
			result.items[variant.name] === undefined ? '' : int(result.items[variant.name]),
		]),
	);
	return result;
}
