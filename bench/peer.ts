/**
 * Child process: the same backfill with node-zendesk (npm), against the same stand-in.
 *
 * `library`: the library's own paginating incremental export call,
 *   `client.ticketexport.exportWithInclude(start_time, include)` (it replaces the deprecated
 *   `client.tickets.incrementalInclude`; both go through `Client.requestAll`).
 * `loop`: what a user of the library has to write instead: its one-page call
 *   `client.ticketexport.export(start_time)` in a loop that follows `end_time` until
 *   `end_of_stream` and waits out `Retry-After` on a 429. No dedupe, as the library has none.
 */
import { writeFileSync } from 'node:fs';
import { createClient } from 'node-zendesk';

import { ADMIN_EMAIL, ADMIN_TOKEN, childInput, INCLUDE } from './lib';

export interface PeerInput {
	url: string;
	startSeconds: number;
	variant: 'library' | 'loop';
	timeLimitMs: number;
}

export interface PeerResult {
	wallMs: number;
	versions: number[];
	finished: boolean;
	/** What the call resolved to, or why it stopped. */
	outcome: string;
	/** Pages the call handed back that were not pages (node-zendesk returns a 429 as a value). */
	nonPages: number;
	calls: number;
}

interface PageBody {
	tickets?: Array<{ id: number; generated_timestamp: number }>;
	end_time?: number | null;
	end_of_stream?: boolean;
}

async function main(): Promise<void> {
	const input = childInput<PeerInput>();
	const client = createClient({
		username: ADMIN_EMAIL,
		token: ADMIN_TOKEN,
		endpointUri: `${input.url}/api/v2`,
		// node-zendesk sends no support_type_scope, so Zendesk's default (agent: no AI-agent
		// tickets) would apply. Its `query` option adds it to every request, so both clients read
		// the same tickets and any difference comes from paging.
		// The same sideloads as the node, on every page.
		query: { support_type_scope: 'all', include: INCLUDE.join(',') },
	} as Parameters<typeof createClient>[0]);
	const versions: number[] = [];
	let nonPages = 0;
	let calls = 0;
	let finished = false;
	let outcome = '';
	const collect = (page: unknown): void => {
		const body = page as PageBody;
		if (!Array.isArray(body?.tickets)) {
			nonPages++;
			return;
		}
		for (const ticket of body.tickets) versions.push(ticket.id, ticket.generated_timestamp);
	};

	const started = performance.now();
	try {
		if (input.variant === 'library') {
			calls++;
			const pages: unknown[] = await client.ticketexport.exportWithInclude(
				String(input.startSeconds),
				INCLUDE.join(','),
			);
			for (const page of pages) collect(page);
			finished = true;
			outcome = `resolved with ${pages.length} page(s)`;
		} else {
			let start = input.startSeconds;
			for (;;) {
				if (performance.now() - started > input.timeLimitMs) {
					outcome = 'gave up at the time limit';
					break;
				}
				calls++;
				const { response, result } = (await client.ticketexport.export(start)) as {
					response: { status: number; headers: { get(name: string): string | null } };
					result: PageBody;
				};
				if (!Array.isArray(result?.tickets)) {
					nonPages++;
					const retryAfter = Number(response.headers.get('retry-after'));
					if (response.status !== 429 || !Number.isFinite(retryAfter)) {
						outcome = `stopped on a ${response.status} answer`;
						break;
					}
					await new Promise((done) => setTimeout(done, retryAfter * 1000));
					continue;
				}
				collect(result);
				if (result.end_of_stream === true) {
					finished = true;
					outcome = 'reached end_of_stream';
					break;
				}
				start = result.end_time ?? start;
			}
		}
	} catch (thrown) {
		outcome = `threw: ${thrown instanceof Error ? thrown.message : String(thrown)}`;
	}
	const output: PeerResult = {
		wallMs: performance.now() - started,
		versions,
		finished,
		outcome,
		nonPages,
		calls,
	};
	writeFileSync(input.out, JSON.stringify(output));
}

main().catch((thrown) => {
	console.error(thrown);
	process.exitCode = 1;
});
