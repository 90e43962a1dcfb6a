/**
 * Start Date as n8n hands it over, over several ticks (trigger-polling.e2e.test.ts): an expression
 * whose value moves at every poll, and a date without offset read in the workflow's time zone.
 */
import { TRIGGER, cronFiringIn, harness, waitFor } from './support';
import { activationState, createAndActivate, exportableNow, staticCursor } from './trigger-support';

export const START_EXPRESSION = '={{ $now.minus({ days: 2 }) }}';

export interface ExpressionResult {
	activatedAt: number;
	atActivation: Record<string, unknown>;
	atEnd: Record<string, unknown> | null;
	/** The saved cursor, read every few seconds from activation to the end. */
	cursors: number[];
	executions: harness.Execution[];
	beforeWindowId: number;
	inWindowId: number;
	truth: Array<{ id: number; generated_timestamp: number }>;
}

/**
 * Start Date `{{ $now.minus({ days: 2 }) }}`: its value moves at every poll, so a cursor keyed on
 * the value started over (and emitted the whole window again) at every tick. Tickets change before
 * every tick; the scenario runs until three executions held tickets.
 */
export async function expressionStartScenario(
	n8n: harness.N8nInstance,
	control: harness.StandInControl,
	credential: harness.CredentialDoc,
): Promise<ExpressionResult> {
	const t0 = await control.now();
	const [beforeWindow] = await control.createTickets({ count: 1, atSeconds: t0 - 3 * 86_400 });
	const [inWindow] = await control.createTickets({ count: 1, atSeconds: t0 - 86_400 });
	const workflow = harness.triggerWorkflow({
		name: 'start date as an expression',
		credential,
		cron: cronFiringIn(t0, 40),
		parameters: { startFrom: 'date', startDate: START_EXPRESSION },
	});
	const { id } = await createAndActivate(n8n, workflow);
	const atActivation = await activationState(n8n, id);
	const cursors = [Number(atActivation.cursorSeconds)];
	let lastAt = 0;
	const priorities = ['low', 'normal', 'high', 'urgent'];
	const stop = Date.now() + 330_000;
	for (let round = 0; ; round++) {
		lastAt = await exportableNow(control, lastAt + 1);
		await control.createTickets({ count: 1, atSeconds: lastAt });
		await control.updateTicket(inWindow.id, {
			fields: { priority: priorities[round % 4] },
			atSeconds: lastAt,
		});
		for (let i = 0; i < 4; i++) {
			const c = await staticCursor(n8n, id);
			if (c !== null) cursors.push(c);
			await harness.sleep(5_000);
		}
		const withItems = (await n8n.executions(id)).filter(
			(e) => harness.triggerItems(e, TRIGGER).length > 0,
		);
		if (withItems.length >= 3 || Date.now() > stop) break;
	}
	return {
		activatedAt: t0,
		atActivation,
		atEnd: await n8n.nodeStaticData(id, TRIGGER),
		cursors,
		executions: await n8n.executions(id),
		beforeWindowId: beforeWindow.id,
		inWindowId: inWindow.id,
		truth: await control.truth(),
	};
}

export interface TimeZoneResult {
	written: string;
	tokyoReading: number;
	utcReading: number;
	cursorAtActivation: number;
	ids: { beforeBoth: number; between: number; afterBoth: number };
	executions: harness.Execution[];
}

/**
 * A workflow in Asia/Tokyo (UTC+9) with a Start Date written without an offset, 2 h before now as
 * a wall time: read in Tokyo it is 11 h back, read in UTC 2 h back. A ticket from 5 h back is
 * emitted only when the workflow's time zone is used.
 */
export async function timeZoneScenario(
	n8n: harness.N8nInstance,
	control: harness.StandInControl,
	credential: harness.CredentialDoc,
): Promise<TimeZoneResult> {
	const t0 = await control.now();
	const utcReading = t0 - 2 * 3600;
	const tokyoReading = utcReading - 9 * 3600;
	const written = new Date(utcReading * 1000).toISOString().slice(0, 19); // YYYY-MM-DDTHH:mm:ss
	const [beforeBoth] = await control.createTickets({ count: 1, atSeconds: tokyoReading - 3600 });
	const [between] = await control.createTickets({ count: 1, atSeconds: tokyoReading + 4 * 3600 });
	const [afterBoth] = await control.createTickets({ count: 1, atSeconds: utcReading + 1800 });
	const workflow = harness.triggerWorkflow({
		name: 'start date in the workflow time zone',
		credential,
		cron: cronFiringIn(t0, 40),
		parameters: { startFrom: 'date', startDate: written },
	});
	workflow.settings.timezone = 'Asia/Tokyo';
	const { id } = await createAndActivate(n8n, workflow);
	const atActivation = await activationState(n8n, id);
	await waitFor(
		'the first tick with tickets',
		async () => {
			const e = await n8n.executions(id);
			return e.length > 0 && e.every((x) => x.finished) ? e : null;
		},
		{ timeoutMs: 150_000, intervalMs: 2_000 },
	);
	// One more tick: nothing older shows up later.
	await harness.sleep(62_000);
	return {
		written,
		tokyoReading,
		utcReading,
		cursorAtActivation: Number(atActivation.cursorSeconds),
		ids: { beforeBoth: beforeBoth.id, between: between.id, afterBoth: afterBoth.id },
		executions: await n8n.executions(id),
	};
}
