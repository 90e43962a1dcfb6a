/**
 * Activations n8n must refuse with our sentence, not silently (trigger-activation.e2e.test.ts):
 * credentials Zendesk refuses, and a Start Date in the future.
 */
import { cronFiringIn, harness, waitFor } from './support';
import { BACKFILL_FROM, createAndActivate } from './trigger-support';

export interface BadConfigResult {
	workflowId: string;
	activateStatus: number;
	activateText: string;
	failure: { status: string; message: string } | null;
	executions: harness.Execution[];
	requests: harness.StandInRequest[];
	publicationStatus: unknown;
}

/** Activates a workflow whose credential Zendesk refuses; waits until n8n reports it somewhere. */
export async function badConfigScenario(
	n8n: harness.N8nInstance,
	control: harness.StandInControl,
	credential: harness.CredentialDoc,
	startFrom: 'date' | 'now',
	expectFailureWithin: number,
): Promise<BadConfigResult> {
	const t0 = await control.now();
	const workflow = harness.triggerWorkflow({
		name: `refused ${credential.name} from ${startFrom}`,
		credential,
		cron: cronFiringIn(t0, 70),
		parameters: startFrom === 'date' ? { startFrom, startDate: BACKFILL_FROM } : { startFrom },
	});
	const { id, activateStatus, activateText } = await createAndActivate(n8n, workflow);
	let failure: BadConfigResult['failure'] = null;
	let executions: harness.Execution[] = [];
	if (activateStatus === 200) {
		await waitFor(
			'n8n to report the refused credentials (activation failure or failed execution)',
			async () => {
				failure = await n8n.activationFailure(id);
				executions = await n8n.executions(id);
				return failure !== null || executions.some((e) => e.status === 'error');
			},
			{ timeoutMs: expectFailureWithin, intervalMs: 2_000 },
		);
	}
	return {
		workflowId: id,
		activateStatus,
		activateText,
		failure: failure ?? (await n8n.activationFailure(id)),
		executions: await n8n.executions(id),
		requests: await control.requests(),
		publicationStatus: n8n.n8n.major >= 2 ? await n8n.publicationStatus(id) : null,
	};
}
export interface FutureStartResult extends BadConfigResult {
	startIso: string;
}

/** Start Date a day ahead: activation fails with our sentence; nothing is sent, nothing runs. */
export async function futureStartScenario(
	n8n: harness.N8nInstance,
	control: harness.StandInControl,
	credential: harness.CredentialDoc,
): Promise<FutureStartResult> {
	const t0 = await control.now();
	const startIso = new Date((t0 + 86_400) * 1000).toISOString();
	const workflow = harness.triggerWorkflow({
		name: 'start date in the future',
		credential,
		cron: cronFiringIn(t0, 30),
		parameters: { startFrom: 'date', startDate: startIso },
	});
	const { id, activateStatus, activateText } = await createAndActivate(n8n, workflow);
	let failure: BadConfigResult['failure'] = null;
	if (activateStatus === 200) {
		failure = await waitFor(
			'n8n to report the failed activation',
			() => n8n.activationFailure(id),
			{
				timeoutMs: 90_000,
				intervalMs: 2_000,
			},
		);
	}
	// Past the poll time the workflow would have had.
	await waitFor('the first poll time to pass', async () => (await control.now()) >= t0 + 40, {
		timeoutMs: 120_000,
		intervalMs: 2_000,
	});
	return {
		startIso,
		workflowId: id,
		activateStatus,
		activateText,
		failure: failure ?? (await n8n.activationFailure(id)),
		executions: await n8n.executions(id),
		requests: await control.requests(),
		publicationStatus: n8n.n8n.major >= 2 ? await n8n.publicationStatus(id) : null,
	};
}
/** Everything n8n told the user about a refused workflow: the activate answer, the failure, errors. */
export const userMessage = (r: BadConfigResult): string =>
	[
		r.activateStatus === 200 ? '' : r.activateText,
		r.failure?.message ?? '',
		...r.executions.map((e) => JSON.stringify(harness.executionError(e))),
	].join('\n');
