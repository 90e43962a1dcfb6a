/** Section 4 of `npm run bench`: the same backfill with node-zendesk, the peer client. */
import { checkAgainstTruth, runChild } from './lib';
import type { PeerInput, PeerResult } from './peer';
import { BACKFILL, PER_PAGE } from './run-options';
import { exportCounts, startStandIn, type BackfillRow } from './run-stand-in';

export async function peerSection() {
	const { tickets, limit, windowMs } = BACKFILL;
	const minimum = Math.ceil(tickets / PER_PAGE) + 1;
	const rows: BackfillRow[] = [];
	const variants: Array<{ variant: PeerInput['variant']; client: string }> = [
		{ variant: 'library', client: 'node-zendesk ticketexport.exportWithInclude' },
		{ variant: 'loop', client: 'node-zendesk ticketexport.export, hand loop' },
	];
	for (const { variant, client } of variants) {
		const { standIn, truth, startSeconds } = await startStandIn({
			seedTickets: tickets,
			exportLimitPerWindow: limit,
			rateWindowMs: windowMs,
		});
		try {
			const timeLimitMs = 120_000;
			const input: PeerInput = { url: standIn.url, startSeconds, variant, timeLimitMs };
			const run = await runChild<PeerResult>('peer.js', input, {
				timeLimitMs: timeLimitMs + 15_000,
			});
			const counts = await exportCounts(standIn.url);
			const versions = run.result?.versions ?? [];
			const check = checkAgainstTruth(truth, versions, startSeconds);
			rows.push({
				client,
				requests: counts.requests,
				served429: counts.served429,
				minimum,
				wallMs: run.result?.wallMs ?? run.wallMs,
				floorMs: Number.NaN,
				returned: versions.length / 2,
				distinct: check.distinctIds,
				check,
				finished: run.timedOut
					? 'no: killed at the time limit'
					: run.result?.finished
						? `yes: ${run.result.outcome}`
						: `no: ${run.result?.outcome ?? `exit ${run.exitCode}`}`,
				note: `calls made: ${run.result?.calls ?? '?'}; answers handed back that were not pages (429s): ${run.result?.nonPages ?? '?'}`,
			});
		} finally {
			await standIn.close();
		}
	}
	return rows;
}
