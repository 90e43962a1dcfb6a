import {
	runPoll,
	versionKey,
	type EngineState,
	type PollSettings,
	type Ticket,
} from '../../nodes/ZendeskExportTrigger/engine';
import { FakeZendesk, seededRandom, type TimelineEvent } from '../helpers/fake-zendesk';

const TIMELINES = Number(process.env.CONTRACT_TIMELINES ?? 200);
const FIRST_SEED = Number(process.env.CONTRACT_SEED ?? 1);
const START_MS = 1_700_000_000_000;

/** Creates, updates, system updates, deletes, and bursts of more than a page in one second. */
function generateTimeline(random: () => number): TimelineEvent[] {
	const events: TimelineEvent[] = [];
	const durationMs = (3 + Math.floor(random() * 12)) * 60_000;
	let nextId = 1;
	const ids: number[] = [];
	const pick = () => ids[Math.floor(random() * ids.length)];
	for (let atMs = START_MS - 1_800_000; atMs < START_MS + durationMs;) {
		atMs += Math.floor(random() * 20_000);
		const roll = random();
		if (roll < 0.03) {
			const size = 950 + Math.floor(random() * 700);
			for (let i = 0; i < size; i++) {
				const update = ids.length > 0 && random() < 0.3;
				const ticketId = update ? pick() : nextId++;
				if (!update) ids.push(ticketId);
				events.push({ atMs, ticketId, kind: update ? 'update' : 'create' });
			}
		} else if (roll < 0.4 || ids.length === 0) {
			ids.push(nextId);
			events.push({ atMs, ticketId: nextId++, kind: 'create' });
		} else if (roll < 0.75) {
			events.push({ atMs, ticketId: pick(), kind: 'update' });
		} else if (roll < 0.9) {
			events.push({ atMs, ticketId: pick(), kind: 'systemUpdate' });
		} else {
			events.push({ atMs, ticketId: pick(), kind: 'delete' });
		}
	}
	return events;
}

interface RunResult {
	emitted: Ticket[];
	zendesk: FakeZendesk;
	polls: number;
}

/**
 * Polls once a minute the way n8n would, including what n8n does with static data: it is saved
 * only when a poll emits items, so a restart (drawn at random) falls back to the last saved state.
 */
async function pollUntilQuiet(seed: number): Promise<RunResult> {
	const random = seededRandom(seed);
	const timeline = generateTimeline(random);
	const zendesk = new FakeZendesk(timeline, {
		startMs: START_MS,
		random,
		stuckSeconds: random() < 0.5,
		faultRate: random() * 0.2,
		latencyMs: 200 + Math.floor(random() * 3000),
	});
	const settings: PollSettings = {
		event: 'createdOrUpdated',
		statuses: [],
		ignoreSystemUpdates: false,
		maxTicketsPerPoll: random() < 0.5 ? 10_000 : 300 + Math.floor(random() * 1500),
	};
	const firstState: EngineState = {
		cursorSeconds: Math.floor((START_MS - 1_800_000) / 1000) - 5,
		boundaryKeys: [],
		windowStartSeconds: 0,
		catchingUp: false,
	};
	let saved = firstState;
	let inMemory = firstState;
	const emitted: Ticket[] = [];
	let polls = 0;
	let quietPolls = 0;
	const lastEventMs = Math.max(...timeline.map((event) => event.atMs));

	for (let tickMs = START_MS; ; tickMs += 60_000) {
		zendesk.advanceTo(tickMs);
		if (random() < 0.1) inMemory = saved;
		const pollBudgetMs = random() < 0.2 ? 5_000 + Math.floor(random() * 30_000) : 240_000;
		const outcome = await runPoll(inMemory, settings, {
			source: zendesk,
			nowMs: () => zendesk.nowMs,
			sleep: zendesk.sleep,
			deadlineMs: zendesk.nowMs + pollBudgetMs,
		});
		polls++;
		inMemory = outcome.state;
		if (outcome.tickets.length) {
			emitted.push(...outcome.tickets);
			saved = outcome.state;
		}
		const quiet = zendesk.timelineDone && zendesk.nowMs > lastEventMs + 120_000;
		quietPolls = quiet && outcome.stopReason === 'endOfStream' ? quietPolls + 1 : 0;
		if (quietPolls >= 2) break;
		if (polls > 2000) throw new Error(`seed ${seed}: no quiet after 2000 polls`);
	}
	return { emitted, zendesk, polls };
}

describe('the delivery contract over randomized timelines', () => {
	it(`should emit every ticket's final version exactly once and nothing twice, over ${TIMELINES} timelines`, async () => {
		for (let seed = FIRST_SEED; seed < FIRST_SEED + TIMELINES; seed++) {
			const { emitted, zendesk } = await pollUntilQuiet(seed);
			const failure = checkContract(emitted, zendesk);
			if (failure)
				throw new Error(
					`seed ${seed} (replay: CONTRACT_SEED=${seed} CONTRACT_TIMELINES=1): ${failure}`,
				);
		}
	});

	it('should fail the contract check when a version is emitted twice, so the check itself can fail', async () => {
		const { emitted, zendesk } = await pollUntilQuiet(FIRST_SEED);
		expect(checkContract([...emitted, emitted[0]], zendesk)).toMatch(/emitted twice/);
		const withoutLast = emitted.filter((t) => t.id !== emitted[emitted.length - 1].id);
		expect(checkContract(withoutLast, zendesk)).toMatch(/never emitted/);
	});
});

function checkContract(emitted: Ticket[], zendesk: FakeZendesk): string | undefined {
	const seen = new Set<string>();
	for (const ticket of emitted) {
		const key = versionKey(ticket);
		if (seen.has(key)) return `version ${key} emitted twice`;
		if (!zendesk.versionsEver.has(key)) return `version ${key} never existed`;
		seen.add(key);
	}
	for (const ticket of zendesk.tickets.values()) {
		if (!seen.has(versionKey(ticket))) return `final version ${versionKey(ticket)} never emitted`;
	}
	return undefined;
}
