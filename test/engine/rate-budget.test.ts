/**
 * One export budget per account, shared by every poll on it: two workflows polling the same
 * account at the same tick must not both spend the window's last request.
 */
import {
	RateBudget,
	ticketsKind,
	type PollSettings,
} from '../../nodes/ZendeskExportTrigger/engine';
import { NOW_SECONDS, runPoll, stateAt, watchPolls } from '../helpers/engine-harness';
import { ScriptedSource, timePage } from '../helpers/scripted-source';
import { createTicket } from '../helpers/tickets';

watchPolls();

const settings: PollSettings = {
	kind: ticketsKind({ event: 'createdOrUpdated', statuses: [], ignoreSystemUpdates: false }),
	maxItemsPerPoll: 10_000,
};

/** One virtual clock for both polls, as one n8n process has. */
function sharedClock() {
	let nowMs = NOW_SECONDS * 1000;
	const sleeps: number[] = [];
	return {
		sleeps,
		clock: {
			nowMs: () => nowMs,
			sleep: async (ms: number) => {
				sleeps.push(ms);
				nowMs += ms;
			},
		},
	};
}

const spent = { exportRemaining: 0, exportResetsSeconds: 30 };

describe('RateBudget', () => {
	it('should hold the second of two simultaneous polls until the window the first one spent resets', async () => {
		const start = NOW_SECONDS - 3600;
		const { clock, sleeps } = sharedClock();
		const budget = new RateBudget();
		const order: string[] = [];
		const source = (name: string) => {
			const scripted = new ScriptedSource().onTime(
				timePage([createTicket({ at: start + 1 })], start + 1, true, { rateLimit: spent }),
			);
			const timePageOf = scripted.timePage.bind(scripted);
			scripted.timePage = async (seconds: number) => {
				order.push(`${name}@${clock.nowMs() / 1000 - NOW_SECONDS}s`);
				return await timePageOf(seconds);
			};
			return scripted;
		};
		const common = { ...clock, budget, deadlineMs: clock.nowMs() + 240_000 };
		await Promise.all([
			runPoll(stateAt(start), settings, { ...common, source: source('tickets') }),
			runPoll(stateAt(start), settings, { ...common, source: source('comments') }),
		]);
		expect(order).toEqual(['tickets@0s', 'comments@30s']);
		expect(sleeps).toEqual([30_000]);
	});

	it('should not send, and say so, when the wait for the window passes the deadline', async () => {
		const { clock } = sharedClock();
		const budget = new RateBudget();
		budget.read(spent, clock.nowMs());
		const send = jest.fn(async () => ({ rateLimit: {} }));
		const monotonic = { ...clock, monotonicNowMs: clock.nowMs };
		const answer = await budget.request('time', monotonic, clock.nowMs() + 10_000, send);
		expect(answer).toBeUndefined();
		expect(send).not.toHaveBeenCalled();
	});

	it('should let the next request go after one that failed', async () => {
		const { clock } = sharedClock();
		const budget = new RateBudget();
		const monotonic = { ...clock, monotonicNowMs: clock.nowMs };
		const deadlineMs = clock.nowMs() + 60_000;
		await expect(
			budget.request('time', monotonic, deadlineMs, async () => {
				throw new Error('503');
			}),
		).rejects.toThrow('503');
		await expect(
			budget.request('time', monotonic, deadlineMs, async () => ({ rateLimit: {} })),
		).resolves.toEqual({ rateLimit: {} });
	});
});
