/** The command line of `npm run bench` (bench/run.ts), and the targets the runs are held to. */
import { join } from 'node:path';

import { REPO_ROOT } from './lib';

export const args = process.argv.slice(2);
export const quick = args.includes('--quick');
export const onlyArg = args.indexOf('--only');
export const only = onlyArg >= 0 ? new Set(args[onlyArg + 1].split(',')) : null;
export const wanted = (section: string) => only === null || only.has(section);
export function numberArg(name: string, fallback: number): number {
	const index = args.indexOf(name);
	return index >= 0 ? Number(args[index + 1]) : fallback;
}
export const noProbe = args.includes('--no-probe');

/** The CPU target: the node's handling of a page costs at most this many bare JSON.parses. */
export const CPU_TARGET_RATIO = 1.25;
export const WALL_TARGET_RATIO = 1.05;
export const BACKFILL = {
	tickets: numberArg('--tickets', quick ? 20_000 : 50_000),
	limit: numberArg('--limit', 10),
	windowMs: numberArg('--window-ms', 6_000),
};
export const PER_PAGE = 1000;
export const DAY_SECONDS = 86_400;
export const PROFILE_DIR = join(REPO_ROOT, 'bench', 'profiles');
