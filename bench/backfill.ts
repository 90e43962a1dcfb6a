/**
 * Child process: a backfill through the real node. `ZendeskExportTrigger.poll()` runs on a poll
 * context whose helpers are n8n-core's own (real HTTP, real Basic auth from the API-token
 * credential) against the stand-in, and is called again and again, as n8n's poll ticks would,
 * with the same static data, until the trigger says it has caught up.
 *
 * Used for the rate-limited backfill (wall time, requests) and for the memory runs (peak RSS).
 */
import type { IDataObject } from 'n8n-workflow';

import { ZendeskExportTrigger } from '../nodes/ZendeskExportTrigger/ZendeskExportTrigger.node';
import { createFakePollContext } from '../test/helpers/fake-poll-context';
import { ADMIN_EMAIL, ADMIN_TOKEN, childInput, INCLUDE, peakRssMiB } from './lib';
import { writeFileSync } from 'node:fs';

export interface BackfillInput {
	url: string;
	startDate: string;
	/** Max Tickets per Poll; undefined = the node's default. */
	maxTicketsPerPoll?: number;
	/** Keep polling at most this long (the parent also kills the child later). */
	timeLimitMs: number;
	/** Milliseconds between the end of a poll and the next one (n8n's interval; 0 = back to back). */
	pollGapMs: number;
	/** Force a full GC after each poll (needs --expose-gc) and record the live heap. */
	gcBetweenPolls?: boolean;
}

export interface PollRecord {
	startedMs: number;
	durationMs: number;
	items: number;
	requests: number | null;
	stopReason: string | null;
	rssMiB: number;
	heapUsedMiB: number;
	/** Heap still in use after the poll's items were dropped and a full GC ran (gcBetweenPolls). */
	liveHeapMiB: number | null;
}

export interface BackfillResult {
	wallMs: number;
	polls: PollRecord[];
	versions: number[];
	caughtUp: boolean;
	error?: string;
	warnings: string[];
	baselineRssMiB: number;
	peakRssMiB: number;
	peakHeapUsedMiB: number;
	finalState: IDataObject;
}

async function main(): Promise<void> {
	const input = childInput<BackfillInput>();
	const node = new ZendeskExportTrigger();
	const staticData: IDataObject = {};
	const options: IDataObject = { include: INCLUDE };
	if (input.maxTicketsPerPoll !== undefined) options.maxTicketsPerPoll = input.maxTicketsPerPoll;
	const ctx = createFakePollContext({
		credentialType: 'zendeskExportApi',
		credentials: {
			subdomain: 'bench',
			email: ADMIN_EMAIL,
			apiToken: ADMIN_TOKEN,
			baseUrl: input.url,
		},
		nodeParameters: {
			authentication: 'apiToken',
			event: 'createdOrUpdated',
			startFrom: 'date',
			startDate: input.startDate,
			options,
		},
		mode: 'trigger',
		staticData,
	});

	// Emitted versions as flat (id, generated_timestamp) pairs: 16 bytes a ticket, kept for the
	// truth check. It is the only thing that grows with N on purpose.
	let versions = new Float64Array(1 << 16);
	let versionCount = 0;
	const polls: PollRecord[] = [];
	const warnings: string[] = [];
	let error: string | undefined;
	let caughtUp = false;
	let peakHeapUsed = 0;
	const baselineRssMiB = process.memoryUsage().rss / 2 ** 20;

	const started = performance.now();
	while (performance.now() - started < input.timeLimitMs) {
		const pollStarted = performance.now();
		let itemCount: number;
		try {
			// The items live only in here, as n8n hands them to one workflow execution.
			const result = await node.poll.call(ctx);
			const items = result?.[0] ?? [];
			itemCount = items.length;
			if (versionCount + itemCount * 2 > versions.length) {
				const grown = new Float64Array(Math.max(versions.length * 2, versionCount + itemCount * 2));
				grown.set(versions);
				versions = grown;
			}
			for (const item of items) {
				versions[versionCount++] = Number(item.json.id);
				versions[versionCount++] = Number(item.json.generated_timestamp);
			}
		} catch (thrown) {
			error = thrown instanceof Error ? thrown.message : String(thrown);
			break;
		}
		const durationMs = performance.now() - pollStarted;
		const memory = process.memoryUsage();
		peakHeapUsed = Math.max(peakHeapUsed, memory.heapUsed);
		let finished: { requests?: number; stopReason?: string } = {};
		for (const line of ctx.logger.lines) {
			if (line.message.includes('poll finished')) finished = line.metadata as typeof finished;
			if (line.level === 'warn' || line.level === 'error') warnings.push(line.message);
		}
		ctx.logger.lines.length = 0;
		let liveHeapMiB: number | null = null;
		const gc = (globalThis as { gc?: () => void }).gc;
		if (input.gcBetweenPolls && gc) {
			gc();
			liveHeapMiB = process.memoryUsage().heapUsed / 2 ** 20;
		}
		polls.push({
			startedMs: pollStarted - started,
			durationMs,
			items: itemCount,
			requests: finished.requests ?? null,
			stopReason: finished.stopReason ?? null,
			rssMiB: memory.rss / 2 ** 20,
			heapUsedMiB: memory.heapUsed / 2 ** 20,
			liveHeapMiB,
		});
		// Caught up: the engine reached the end of the stream (or the withheld minute) and is no
		// longer working through a backlog.
		if (
			staticData.catchingUp === false &&
			finished.stopReason !== undefined &&
			finished.stopReason !== 'error'
		) {
			caughtUp = true;
			break;
		}
		if (input.pollGapMs > 0) await new Promise((done) => setTimeout(done, input.pollGapMs));
	}
	const wallMs = performance.now() - started;
	const peakRss = peakRssMiB();

	const output: BackfillResult = {
		wallMs,
		polls,
		versions: Array.from(versions.subarray(0, versionCount)),
		caughtUp,
		error,
		warnings,
		baselineRssMiB,
		peakRssMiB: peakRss,
		peakHeapUsedMiB: peakHeapUsed / 2 ** 20,
		finalState: { ...staticData, boundaryKeys: undefined },
	};
	writeFileSync(input.out, JSON.stringify(output));
}

main().catch((thrown) => {
	console.error(thrown);
	process.exitCode = 1;
});
