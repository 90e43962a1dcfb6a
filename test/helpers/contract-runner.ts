/**
 * How the delivery contracts poll: the real node against the stand-in's virtual clock, once a
 * minute as n8n does, with faults drawn at random and restarts that start a new context from the
 * last *saved* static data (n8n saves it at activation and when a poll emits items).
 */
import type { IDataObject } from 'n8n-workflow';
import type { StandIn } from '../zendesk-stand-in/server';
import { nodeOnStandIn, postFaults, type NodeOnStandIn } from './node-on-stand-in';

/** Polls until well past `lastChangeMs` three ticks in a row bring nothing. */
export async function pollUntilQuiet(
	standIn: StandIn,
	parameters: IDataObject,
	random: () => number,
	lastChangeMs: number,
): Promise<{ emitted: IDataObject[]; errors: string[] }> {
	const copy = (data: IDataObject) => JSON.parse(JSON.stringify(data)) as IDataObject;
	let saved: IDataObject = {};
	const emitted: IDataObject[] = [];
	const errors: string[] = [];
	let running: NodeOnStandIn | undefined;
	let quietPolls = 0;
	for (let polls = 0; ; polls++) {
		if (polls > 2000) throw new Error('no quiet after 2000 polls');
		const activation = running === undefined ? 'activate' : random() < 0.08 ? 'init' : undefined;
		if (activation) {
			running = nodeOnStandIn(standIn, parameters, {
				staticData: copy(saved),
				activationMode: activation,
			});
		}
		const node = running!;
		if (random() < 0.15) {
			const kind = (['503', '429', 'reset', 'truncated', 'html503'] as const)[
				Math.floor(random() * 5)
			];
			const fault = {
				kind,
				count: 1 + Math.floor(random() * 2),
				retryAfter: random() < 0.5 ? 'none' : 1,
			};
			await postFaults(standIn, [fault]);
		}
		let brought = true;
		try {
			const items = await node.poll();
			if (items || activation === 'activate') saved = copy(node.staticData);
			if (items) emitted.push(...items);
			brought = items !== null;
		} catch (error) {
			errors.push((error as Error).message);
		}
		// Quiet: well past the last change, and ticks (not activation polls) that brought nothing.
		const quiet = !activation && !brought && standIn.clock.nowMs() > lastChangeMs + 180_000;
		quietPolls = quiet ? quietPolls + 1 : 0;
		if (quietPolls >= 3) break;
		standIn.clock.advanceTo(Math.ceil((standIn.clock.nowMs() + 1) / 60_000) * 60_000);
	}
	return { emitted, errors };
}
