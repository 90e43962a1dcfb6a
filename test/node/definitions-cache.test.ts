/**
 * The ticket fields and groups lists change rarely and every simplified page needs them: they are
 * read once per account and credential for ten minutes, shared by the polls and workflows of one
 * n8n process. Two credentials on one account may see different fields, so they never share; a
 * failed read is not kept, or one bad minute would cost names for ten.
 */
import type { ExportRecord, ExportSource } from '../../nodes/ZendeskExportTrigger/engine';
import {
	clearDefinitionsCache,
	DEFINITIONS_TTL_MS,
	withCachedDefinitions,
} from '../../nodes/ZendeskExportTrigger/definitions-cache';
import { startStandIn, type StandIn } from '../zendesk-stand-in/server';
import { nodeOnStandIn, type NodeOnStandIn } from '../helpers/node-on-stand-in';

beforeEach(() => clearDefinitionsCache());

/** A source whose definitions reads are counted and answered from a script. */
function countingSource(answers: Array<ExportRecord[] | Error> = []) {
	const reads: string[] = [];
	const source = {
		timePage: async () => ({ kind: 'tooRecent', rateLimit: {} }) as const,
		cursorPage: async () => {
			throw new Error('not used');
		},
		definitions: async (kind: 'ticketFields' | 'groups') => {
			reads.push(kind);
			const answer = answers.shift() ?? [{ id: reads.length }];
			if (answer instanceof Error) throw answer;
			return answer;
		},
	} satisfies ExportSource;
	return { source, reads };
}

describe('withCachedDefinitions', () => {
	let nowMs = 1_700_000_000_000;
	const clock = () => nowMs;
	const DEADLINE = Number.MAX_SAFE_INTEGER;

	it('should read a list once for one account and credential within ten minutes', async () => {
		const { source, reads } = countingSource();
		// Two polls build two wrappers: the cache is the process's, not the wrapper's.
		const first = withCachedDefinitions(source, 'acme|cred-1', clock);
		const second = withCachedDefinitions(source, 'acme|cred-1', clock);
		const one = await first.definitions!('ticketFields', DEADLINE);
		nowMs += DEFINITIONS_TTL_MS - 1;
		const two = await second.definitions!('ticketFields', DEADLINE);
		expect(reads).toEqual(['ticketFields']);
		expect(two).toEqual(one);
	});

	it('should read again once ten minutes have passed', async () => {
		const { source, reads } = countingSource();
		const cached = withCachedDefinitions(source, 'acme|cred-1', clock);
		await cached.definitions!('ticketFields', DEADLINE);
		nowMs += DEFINITIONS_TTL_MS;
		await cached.definitions!('ticketFields', DEADLINE);
		expect(reads).toEqual(['ticketFields', 'ticketFields']);
	});

	it('should keep each list and each account key apart', async () => {
		const { source, reads } = countingSource();
		await withCachedDefinitions(source, 'acme|cred-1', clock).definitions!('groups', DEADLINE);
		await withCachedDefinitions(source, 'acme|cred-1', clock).definitions!(
			'ticketFields',
			DEADLINE,
		);
		await withCachedDefinitions(source, 'acme|cred-2', clock).definitions!('groups', DEADLINE);
		expect(reads).toEqual(['groups', 'ticketFields', 'groups']);
	});

	it('should not keep a failed read: the next call reads again and that answer is kept', async () => {
		const { source, reads } = countingSource([new Error('503'), [{ id: 7001 }]]);
		const cached = withCachedDefinitions(source, 'acme|cred-1', clock);
		await expect(cached.definitions!('ticketFields', DEADLINE)).rejects.toThrow('503');
		expect(await cached.definitions!('ticketFields', DEADLINE)).toEqual([{ id: 7001 }]);
		expect(await cached.definitions!('ticketFields', DEADLINE)).toEqual([{ id: 7001 }]);
		expect(reads).toHaveLength(2);
	});

	it('should share one read between two polls that ask at the same time', async () => {
		const { source, reads } = countingSource();
		const cached = withCachedDefinitions(source, 'acme|cred-1', clock);
		await Promise.all([
			cached.definitions!('groups', DEADLINE),
			withCachedDefinitions(source, 'acme|cred-1', clock).definitions!('groups', DEADLINE),
		]);
		expect(reads).toEqual(['groups']);
	});
});

describe('the definitions cache in the node, against the stand-in', () => {
	const opened: StandIn[] = [];
	const open = async () => {
		const standIn = await startStandIn({ clock: 'virtual', virtualStartMs: Date.UTC(2026, 5, 1) });
		opened.push(standIn);
		return standIn;
	};
	afterEach(async () => {
		await Promise.all(opened.splice(0).map((standIn) => standIn.close()));
	});

	async function fieldListReads(standIn: StandIn): Promise<number> {
		const log = (await (await fetch(`${standIn.url}/__control/requests`)).json()) as Array<{
			endpoint: string;
		}>;
		return log.filter((entry) => entry.endpoint === 'ticket_fields').length;
	}

	/** A Ticket Created or Updated node with Simplify, past its activation poll. */
	async function activeNode(
		standIn: StandIn,
		options: { workflowId?: string; credentialId?: string } = {},
	): Promise<NodeOnStandIn> {
		const node = nodeOnStandIn(standIn, { simplify: true }, options);
		expect(await node.poll()).toBeNull();
		return node;
	}

	/** A new ticket, then a tick of each node: each poll has a ticket to name fields for. */
	async function changeAndTick(standIn: StandIn, ...nodes: NodeOnStandIn[]) {
		standIn.store.createTickets({ count: 1 });
		standIn.clock.advanceBy(61_000);
		for (const node of nodes) expect(await node.tick()).toHaveLength(1);
	}

	it('should read the ticket fields once across polls and workflows of one credential', async () => {
		const standIn = await open();
		const a = await activeNode(standIn, { workflowId: 'workflow-a' });
		const b = await activeNode(standIn, { workflowId: 'workflow-b' });
		await changeAndTick(standIn, a, b);
		await changeAndTick(standIn, a, b);
		expect(await fieldListReads(standIn)).toBe(1);
	});

	it('should read again for another credential on the same account', async () => {
		const standIn = await open();
		const a = await activeNode(standIn, { workflowId: 'workflow-a', credentialId: 'cred-a' });
		const b = await activeNode(standIn, { workflowId: 'workflow-b', credentialId: 'cred-b' });
		await changeAndTick(standIn, a, b);
		expect(await fieldListReads(standIn)).toBe(2);
	});

	it('should read again for another account', async () => {
		const [one, two] = [await open(), await open()];
		await changeAndTick(one, await activeNode(one));
		await changeAndTick(two, await activeNode(two));
		expect([await fieldListReads(one), await fieldListReads(two)]).toEqual([1, 1]);
	});

	it('should read again after ten minutes', async () => {
		const standIn = await open();
		const node = await activeNode(standIn);
		await changeAndTick(standIn, node);
		standIn.clock.advanceBy(DEFINITIONS_TTL_MS);
		await changeAndTick(standIn, node);
		expect(await fieldListReads(standIn)).toBe(2);
	});
});
