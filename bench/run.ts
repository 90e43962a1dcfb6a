/**
 * `npm run bench`: every measurement side by side, in one run on one machine. Prints a table and
 * writes bench/results.json (everything, git-ignored) and results/bench.json (the figures
 * docs/performance.md quotes). What each number means: bench/README.md.
 *
 *   node bench/.build/bench/run.js [--only cpu,profile,events,backfill,peer,memory] [--quick]
 *     [--tickets 50000] [--limit 10] [--window-ms 6000] [--no-probe]   (the backfill's stand-in)
 *     [--note "what results/bench.json should say about this run"]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { machine, REPO_ROOT } from './lib';
import { lines, print, table, targets } from './report';
import { backfillSection, printBackfill } from './run-backfill';
import { cpuSection, eventsSection } from './run-cpu';
import { benchFigures, type BenchSections } from './run-figures';
import { memorySection } from './run-memory';
import { BACKFILL, noProbe, only, quick, wanted } from './run-options';
import { peerSection } from './run-peer';
import { profileSection } from './run-profile';
import type * as Results from '../scripts/scale-results';

// Plain CommonJS shared with `npm run soak`; tsc does not compile it into bench/.build.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const results = require(join(REPO_ROOT, 'scripts/scale-results.js')) as typeof Results;

async function main(): Promise<void> {
	const startedAt = new Date().toISOString();
	const before = machine();
	const record = results.startResults('bench', {
		sections: only ? [...only] : 'all',
		quick,
		backfill: BACKFILL,
		probe: !quick && !noProbe,
	});
	print(`Zendesk export benchmark — ${startedAt}${quick ? ' (quick)' : ''}`);
	print(
		`machine: ${before.cpuModel}, ${before.cores} cores, ${before.totalMemoryGiB} GiB, ${before.platform}; node ${before.node} (V8 ${before.v8}); load average (1 min) at start ${before.loadAverage1m}`,
	);

	const sections: BenchSections & Record<string, unknown> = {};
	if (wanted('cpu')) sections.cpu = await cpuSection();
	if (wanted('profile')) sections.profile = await profileSection();
	if (wanted('events')) sections.events = await eventsSection();
	const node = wanted('backfill') ? await backfillSection() : null;
	if (node) sections.backfill = node;
	const peers = wanted('peer') ? await peerSection() : [];
	if (peers.length) sections.peer = peers;
	if (node || peers.length) printBackfill(node, peers);
	if (wanted('memory')) sections.memory = await memorySection();

	const after = machine();
	print();
	print('Targets');
	table(
		['what', 'target', 'measured', 'met'],
		targets.map((target) => [target.what, target.target, target.value, target.met ? 'yes' : 'NO']),
	);
	print(`load average (1 min) at the end: ${after.loadAverage1m}`);

	const file = join(REPO_ROOT, 'bench', 'results.json');
	writeFileSync(
		file,
		`${JSON.stringify(
			{
				startedAt,
				finishedAt: new Date().toISOString(),
				quick,
				machine: { ...before, loadAverage1mAtEnd: after.loadAverage1m },
				targets,
				...sections,
				printed: lines,
			},
			null,
			'\t',
		)}\n`,
	);
	const figures = record.finish(benchFigures(sections, targets));
	console.log(
		`\nwrote ${file.replace(`${REPO_ROOT}/`, '')} and ${figures.replace(`${REPO_ROOT}/`, '')}`,
	);
}

main().catch((thrown) => {
	console.error(thrown);
	process.exitCode = 1;
});
