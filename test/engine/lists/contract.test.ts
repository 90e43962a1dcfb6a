/**
 * The randomized contract of the list strategy: a list that changes between polls and while its
 * pages are read (the offset cursor then skips or repeats a record), pages that fail, and restarts
 * (a fresh kind reading the saved state back from JSON). Replay a failure from its seed.
 */
import {
	runListPoll,
	suspendedTicketsKind,
	viewTicketsKind,
	type ListKind,
} from '../../../nodes/ZendeskExportTrigger/engine/lists';
import type { ExportRecord } from '../../../nodes/ZendeskExportTrigger/engine';
import { seededRandom } from '../../helpers/random';
import { listDeps, OffsetListSource } from '../../helpers/scripted-list-source';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
const POLLS = 60;

/** One poll through a source that serves `list()` and may change it between pages. */
async function pollOnce<State>(
	kind: ListKind<State>,
	saved: string | undefined,
	list: () => ExportRecord[],
	options: { betweenPages: () => void; fail: boolean; maxItemsPerPoll: number; start: number },
) {
	const served = new Set<unknown>();
	const source = new OffsetListSource(list(), 3, () => {
		options.betweenPages();
		source.records = list();
	});
	const page = source.page.bind(source);
	source.page = async (after) => {
		const answer = await page(after);
		for (const record of answer.records) served.add(record.id);
		return answer;
	};
	if (options.fail) source.failOn(1);
	// A restart: the state comes back from static data as JSON, into a kind built afresh.
	const parsed = saved === undefined ? undefined : kind.parseState(JSON.parse(saved));
	if (parsed !== undefined && !parsed.ok) throw new Error(parsed.problem);
	const settings = {
		maxItemsPerPoll: options.maxItemsPerPoll,
		start: { seconds: options.start, emitListed: false },
	};
	try {
		const outcome = await runListPoll(kind, parsed?.state, settings, listDeps(source));
		const next = JSON.stringify(outcome.state);
		return { ok: true as const, items: outcome.items, saved: next, served, seeded: !saved };
	} catch {
		return { ok: false as const, items: [], saved, served, seeded: false };
	}
}

describe('the list strategy contract (randomized)', () => {
	it.each(SEEDS)(
		'should emit every view entry exactly once and no exit for a ticket two reads did not both miss (seed %i)',
		async (seed) => {
			const random = seededRandom(seed);
			const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
			let nextId = 1;
			let view: number[] = Array.from({ length: 8 }, () => nextId++);
			const mutate = () => {
				const roll = random();
				if (roll < 0.4 || view.length === 0) {
					const comesBack = random() < 0.3 && nextId > 2;
					const id = comesBack ? 1 + Math.floor(random() * (nextId - 1)) : nextId++;
					if (!view.includes(id)) view.splice(Math.floor(random() * (view.length + 1)), 0, id);
				} else if (roll < 0.7) {
					view.splice(Math.floor(random() * view.length), 1);
				} else {
					const id = pick(view);
					view = [id, ...view.filter((other) => other !== id)];
				}
			};
			const emitted = new Map<number, string[]>();
			let saved: string | undefined;
			let previousServed = new Set<number>();
			const quiet = (poll: number) => poll >= POLLS - 3;
			for (let poll = 0; poll < POLLS; poll++) {
				if (!quiet(poll)) for (let n = Math.floor(random() * 3); n > 0; n--) mutate();
				const records = () => view.map((id) => ({ id, subject: `T${id}` }));
				const kind = viewTicketsKind({ viewId: 9, emitLeft: true }, { simplify: true });
				const result = await pollOnce(kind, saved, records, {
					betweenPages: () => {
						if (!quiet(poll) && random() < 0.3) mutate();
					},
					fail: !quiet(poll) && random() < 0.15,
					maxItemsPerPoll: quiet(poll) ? 1000 : 1 + Math.floor(random() * 4),
					start: 0,
				});
				if (!result.ok) continue;
				const served = result.served as Set<number>;
				// The first complete read records the members as they were listed: no items.
				if (result.seeded) for (const id of served) emitted.set(id, ['entered']);
				for (const item of result.items) {
					const id = Number(item.ticket_id);
					const history = emitted.get(id) ?? [];
					if (item.event === 'left') {
						expect(previousServed.has(id) || served.has(id)).toBe(false);
					}
					history.push(String(item.event));
					emitted.set(id, history);
				}
				previousServed = served;
				saved = result.saved;
			}
			for (const [id, history] of emitted) {
				history.forEach((event, index) => expect(event).toBe(index % 2 ? 'left' : 'entered'));
				const inView = view.includes(id) ? 1 : 0;
				const entered = history.filter((event) => event === 'entered').length;
				expect(entered - (history.length - entered)).toBe(inView);
			}
			for (const id of view) expect(emitted.has(id)).toBe(true);
		},
	);

	it.each(SEEDS)(
		'should emit every suspended ticket listed after activation exactly once, nothing for recovering (seed %i)',
		async (seed) => {
			const random = seededRandom(seed);
			const START = 1_800_000_000;
			let nowSeconds = START;
			let nextId = 1;
			const at = (seconds: number) => new Date(seconds * 1000).toISOString();
			const listed: Array<{ id: number; created: number }> = [];
			const before = new Set<number>();
			for (let n = 0; n < 5; n++) {
				listed.push({ id: nextId, created: START - 100 * n });
				before.add(nextId++);
			}
			const mutate = () => {
				if (random() < 0.6 || listed.length === 0) {
					// Listed a little late, as a replica may: up to a minute after it was suspended.
					listed.push({ id: nextId++, created: nowSeconds - Math.floor(random() * 60) });
				} else listed.splice(Math.floor(random() * listed.length), 1);
			};
			const newestFirst = () =>
				[...listed]
					.sort((a, b) => b.created - a.created)
					.map(({ id, created }) => ({ id, created_at: at(created) }));
			const emitted: number[] = [];
			const seenInCompleteReads = new Set<number>();
			let saved: string | undefined;
			for (let poll = 0; poll < POLLS; poll++) {
				const quiet = poll >= POLLS - 2;
				nowSeconds += 60;
				if (!quiet && poll > 0) for (let n = Math.floor(random() * 4); n > 0; n--) mutate();
				const kind = suspendedTicketsKind({ simplify: false });
				const maxItemsPerPoll = quiet ? 1000 : 1 + Math.floor(random() * 3);
				const result = await pollOnce(kind, saved, newestFirst, {
					betweenPages: () => {
						if (!quiet && poll > 0 && random() < 0.3) mutate();
					},
					fail: !quiet && random() < 0.15,
					maxItemsPerPoll,
					start: START,
				});
				if (!result.ok) continue;
				// A read that held nothing back must have emitted all it listed (a ticket held back
				// by Max Items per Poll and recovered before the next poll is never seen again).
				if (!result.seeded && result.items.length < maxItemsPerPoll) {
					for (const id of result.served) seenInCompleteReads.add(Number(id));
				}
				emitted.push(...result.items.map((item) => Number(item.id)));
				saved = result.saved;
			}
			expect(new Set(emitted).size).toBe(emitted.length);
			for (const id of emitted) expect(before.has(id)).toBe(false);
			for (const id of seenInCompleteReads) if (!before.has(id)) expect(emitted).toContain(id);
			for (const { id } of listed) if (!before.has(id)) expect(emitted).toContain(id);
		},
	);
});
