/**
 * Shared setup of the trigger e2e files (trigger-activation, trigger-polling): their stand-ins, the
 * n8n each starts with its credentials imported, and the small steps their scenarios repeat.
 *
 * Each file has one n8n. Its scenarios run at the same time in it, each on its own Zendesk
 * stand-in (own rate limits, request log and token lifetimes) with its own workflow: they start in
 * beforeAll and each `it` waits for its own. A poll happens at most once a minute, so a file takes
 * about as long as its longest scenario plus n8n's start.
 */
import { startStandIn, type StandIn } from '../zendesk-stand-in/server';
import { TRIGGER, harness, newInstance, recordTiming, waitFor } from './support';

const DAY = 86_400_000;
/** Far enough back for every seeded ticket (they span the last 30 days). */
export const BACKFILL_FROM = new Date(Date.now() - 40 * DAY).toISOString();

export type RunningStandIn = { standIn: StandIn; control: harness.StandInControl };

/** Starts stand-ins and remembers them, so afterAll closes every one. */
export function standInPool() {
	const standIns: StandIn[] = [];
	return {
		start: async (options: Parameters<typeof startStandIn>[0]): Promise<RunningStandIn> => {
			const s = await startStandIn(options);
			standIns.push(s);
			return { standIn: s, control: harness.standInControl(s.url) };
		},
		closeAll: async () => {
			for (const s of standIns) await s.close();
		},
	};
}

/** The token data n8n keeps in an OAuth2 credential, from a pair the stand-in issued. */
export const tokenData = (t: Awaited<ReturnType<harness.StandInControl['issueOAuthTokens']>>) => ({
	access_token: t.access_token,
	refresh_token: t.refresh_token,
	token_type: 'bearer',
	expires_in: t.expires_in,
	scope: t.scope,
});

/**
 * A fresh n8n with the package installed and these credentials imported; `publishedBeforeStart`
 * workflows are imported and published with the CLI first, so n8n activates them as it starts
 * ("init"), as after a restart. Ready with its owner and API key.
 */
export async function startTriggerN8n(
	name: string,
	credentials: harness.CredentialDoc[],
	publishedBeforeStart: harness.WorkflowDoc[] = [],
): Promise<harness.N8nInstance> {
	const n8n = await newInstance(name);
	let t = Date.now();
	await n8n.importCredentials(credentials);
	if (publishedBeforeStart.length) {
		await n8n.importWorkflows(publishedBeforeStart);
		for (const workflow of publishedBeforeStart) await n8n.publishWithCli(workflow.id);
	}
	const cliRuns = 1 + (publishedBeforeStart.length ? 1 + publishedBeforeStart.length : 0);
	recordTiming(
		`${name}: import credentials and workflows, publish (${cliRuns} CLI runs)`,
		Date.now() - t,
	);
	t = Date.now();
	await n8n.start();
	await n8n.ensureOwner();
	await n8n.ensureApiKey();
	recordTiming(`${name}: n8n start until ready, owner, API key`, Date.now() - t);
	return n8n;
}

/** Creates and activates a workflow the way a user does in the editor (save, then publish). */
export async function createAndActivate(n8n: harness.N8nInstance, doc: harness.WorkflowDoc) {
	await n8n.createWorkflow(doc);
	const answer = await n8n.activate(doc.id);
	return { id: doc.id, activateStatus: answer.status, activateText: answer.text };
}

export async function staticCursor(
	n8n: harness.N8nInstance,
	workflowId: string,
): Promise<number | null> {
	const data = await n8n.nodeStaticData(workflowId, TRIGGER);
	return typeof data?.cursorSeconds === 'number' ? data.cursorSeconds : null;
}

/** The trigger's static data once the activation poll saved its position. */
export async function activationState(n8n: harness.N8nInstance, workflowId: string) {
	return await waitFor(
		'the activation poll to save its position',
		async () => {
			const data = await n8n.nodeStaticData(workflowId, TRIGGER);
			return typeof data?.cursorSeconds === 'number' ? data : null;
		},
		{ timeoutMs: 60_000, intervalMs: 1_000 },
	);
}

/** Tickets are created "in the past" so the export (which withholds the last 60 s) returns them now. */
export async function exportableNow(
	control: harness.StandInControl,
	notBefore = 0,
): Promise<number> {
	return Math.max((await control.now()) - 61, notBefore);
}
