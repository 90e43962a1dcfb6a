/** Section 1c of `npm run bench`: where the node's time goes on a page, from node --cpu-prof. */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

import type { CpuInput, PageResult } from './cpu';
import { REPO_ROOT, round, runChild } from './lib';
import { fmt, print, table } from './report';
import { PROFILE_DIR, quick } from './run-options';

export interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}

/** Self time per function of a .cpuprofile, in µs. */
export function selfTimes(file: string): Map<string, number> {
	const profile = JSON.parse(readFileSync(file, 'utf8')) as {
		nodes: ProfileNode[];
		samples: number[];
		timeDeltas: number[];
	};
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const totals = new Map<string, number>();
	profile.samples.forEach((sample, index) => {
		const frame = byId.get(sample)?.callFrame;
		if (!frame) return;
		const file = frame.url
			.replace(/^.*\/bench\/\.build\//, '')
			.replace(/^.*\/node_modules\//, 'node_modules/');
		const key = frame.url
			? `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`
			: frame.functionName;
		totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[index] ?? 0));
	});
	return totals;
}

export async function profileSection() {
	const runs = quick ? 100 : 300;
	rmSync(PROFILE_DIR, { recursive: true, force: true });
	mkdirSync(PROFILE_DIR, { recursive: true });
	const input: CpuInput = {
		pages: [{ name: 'realistic (300 B descriptions)', descriptionBytes: 300, runs, warmup: 10 }],
		profileOnly: true,
	};
	const run = await runChild<{ pages: PageResult[] }>('cpu.js', input, {
		nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, '--cpu-prof-interval', '50'],
		timeLimitMs: 10 * 60_000,
	});
	const files = readdirSync(PROFILE_DIR)
		.filter((name) => name.endsWith('.cpuprofile'))
		.map((name) => join(PROFILE_DIR, name))
		.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
	if (!run.result || files.length === 0) throw new Error('The profiling child wrote no profile');
	const totals = selfTimes(files[0]);
	const pages = runs + 10;
	// Everything the page handling runs: the package's code, JSON.parse inside it, and the GC.
	const rows = [...totals]
		.filter(([key]) => key.includes('nodes/ZendeskExportTrigger/') || key === '(garbage collector)')
		.map(([key, micros]) => ({ key, perPageMs: micros / 1000 / pages }))
		.sort((a, b) => b.perPageMs - a.perPageMs);
	const parse = rows.find((row) => row.key.startsWith('parseJsonBody '));
	const parseMs = parse?.perPageMs ?? Number.NaN;
	print();
	print(
		`1c. Where the node's time goes on the realistic page (node --cpu-prof, ${pages} pages, self time per page)`,
	);
	print(
		`    JSON.parse runs inside parseJsonBody; every other line is on top of it. Profile: ${files[0].replace(`${REPO_ROOT}/`, '')}`,
	);
	const shown = rows.filter((row) => row.perPageMs >= 0.005);
	table(
		['function (file:line)', 'ms/page', '% of JSON.parse'],
		shown.map((row) => [
			row.key,
			fmt(row.perPageMs, 3),
			row === parse ? '100' : fmt((100 * row.perPageMs) / parseMs, 1),
		]),
	);
	const overheadMs = rows
		.filter((row) => row !== parse)
		.reduce((sum, row) => sum + row.perPageMs, 0);
	print(
		`    on top of JSON.parse: ${fmt(overheadMs, 2)} ms/page = ${fmt((100 * overheadMs) / parseMs, 1)}% of it`,
	);
	return {
		profile: files[0].replace(`${REPO_ROOT}/`, ''),
		pages,
		parseMsPerPage: parseMs,
		overheadMsPerPage: overheadMs,
		functions: rows.map((row) => ({ function: row.key, msPerPage: round(row.perPageMs, 4) })),
	};
}
