/**
 * What runs beside the scenario: live ticket churn through the stand-in's control API, and a
 * sampler of the cursor in Postgres that would catch it stepping back.
 */
import type { QueueStack } from '../../scripts/lib/queue-stack';
import { harness } from '../e2e/support';
import { storedCursor } from './queue-support';

/**
 * Reads the cursor from Postgres every intervalMs. The poller (main) is the only writer it should
 * see; a worker saving the copy of static data it was handed, or a restarted main saving an old
 * one, would show as a step back.
 */
export class CursorWatch {
	readonly samples: Array<{ atMs: number; cursorSeconds: number }> = [];
	private timer: NodeJS.Timeout | undefined;

	constructor(
		private readonly stack: QueueStack,
		private readonly workflowId: string,
	) {}

	start(intervalMs = 2000): void {
		const tick = async () => {
			try {
				const cursor = await storedCursor(this.stack, this.workflowId);
				if (typeof cursor?.cursorSeconds === 'number')
					this.samples.push({ atMs: Date.now(), cursorSeconds: cursor.cursorSeconds });
			} catch {
				/* Postgres busy for a moment: the next sample counts */
			}
			if (this.timer) this.timer = setTimeout(tick, intervalMs);
		};
		this.timer = setTimeout(tick, 0);
	}

	stop(): void {
		clearTimeout(this.timer);
		this.timer = undefined;
	}

	/** Consecutive samples where the cursor went back. */
	backwardSteps(): Array<{ from: number; to: number; atMs: number }> {
		return this.samples
			.slice(1)
			.map((s, i) => ({ from: this.samples[i].cursorSeconds, to: s.cursorSeconds, atMs: s.atMs }))
			.filter((step) => step.to < step.from);
	}

	/** How many distinct cursor values were seen. */
	distinct(): number {
		return new Set(this.samples.map((s) => s.cursorSeconds)).size;
	}
}

/**
 * Live changes while the trigger reads: every round a few tickets change status, every other round
 * one is created, every eighth one is deleted, all dated the stand-in's now (so each becomes
 * exportable a minute later, as in Zendesk).
 */
export class Churn {
	readonly touched = new Set<number>();
	readonly counts = { updates: 0, creates: 0, deletes: 0 };
	private running: Promise<void> | undefined;
	private stopping = false;
	private readonly deleted = new Set<number>();
	private highestId: number;

	constructor(
		private readonly control: harness.StandInControl,
		private readonly random: () => number,
		seeded: number,
	) {
		this.highestId = seeded;
	}

	start(intervalMs = 4000): void {
		this.running = (async () => {
			for (let round = 0; !this.stopping; round++) {
				await this.round(round);
				await harness.sleep(intervalMs);
			}
		})();
	}

	async stop(): Promise<void> {
		this.stopping = true;
		await this.running;
	}

	private pick(): number {
		for (;;) {
			const id = 1 + Math.floor(this.random() * this.highestId);
			if (!this.deleted.has(id)) return id;
		}
	}

	private async round(round: number): Promise<void> {
		const statuses = ['open', 'pending', 'hold', 'solved'];
		for (let i = 0; i < 3; i++) {
			const id = this.pick();
			const status = statuses[Math.floor(this.random() * statuses.length)];
			await this.control.updateTicket(id, { fields: { status } });
			this.touched.add(id);
			this.counts.updates++;
		}
		if (round % 2 === 0) {
			const [ticket] = await this.control.createTickets({ count: 1 });
			this.highestId = Math.max(this.highestId, ticket.id);
			this.touched.add(ticket.id);
			this.counts.creates++;
		}
		if (round % 8 === 7) {
			const id = this.pick();
			await this.control.deleteTicket(id);
			this.deleted.add(id);
			this.touched.add(id);
			this.counts.deletes++;
		}
	}
}
