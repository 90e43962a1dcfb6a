/**
 * The polling scenarios of trigger-polling.e2e.test.ts, each on its own stand-in in the file's one
 * n8n: steady state from "now", an authorization-code credential refreshed with rotation, client
 * credentials with no token data. Each returns what its `it` checks.
 */
import { TRIGGER, cronFiringIn, emittedItems, harness, versionKey, waitFor } from './support';
import { BACKFILL_FROM, createAndActivate, exportableNow, staticCursor } from './trigger-support';

export interface SteadyResult {
	workflowId: string;
	activationCursor: number;
	activatedAt: number;
	/** Created in round 1, then changed again in the same second. */
	changedTwiceId: number;
	rounds: Array<{ expected: Map<number, number>; cursorAfter: number; executionIds: string[] }>;
	executions: harness.Execution[];
	executionsAfterQuietTick: number;
}

/** startFrom "now": change tickets, let two polls pick them up, then one quiet poll. */
export async function steadyScenario(
	n8n: harness.N8nInstance,
	control: harness.StandInControl,
	credential: harness.CredentialDoc,
): Promise<SteadyResult> {
	const t0 = await control.now();
	const workflow = harness.triggerWorkflow({
		name: 'steady state',
		credential,
		// A tick 72 s after activation: the first poll that may ask for changes made since then.
		cron: cronFiringIn(t0, 72),
		parameters: { startFrom: 'now', options: { include: ['users'] } },
	});
	const { id } = await createAndActivate(n8n, workflow);
	const activationCursor = await waitFor(
		'the activation poll to store its cursor',
		() => staticCursor(n8n, id),
		{
			timeoutMs: 60_000,
		},
	);

	const rounds: SteadyResult['rounds'] = [];
	const truthOf = async (ids: number[]) => {
		const truth = await control.truth();
		return new Map(
			truth.filter((t) => ids.includes(t.id)).map((t) => [t.id, t.generated_timestamp]),
		);
	};
	const waitForExecutionHolding = async (expected: Map<number, number>, after: string[]) =>
		await waitFor(
			`an execution with tickets ${[...expected.keys()].join(', ')}`,
			async () => {
				const executions = await n8n.executions(id);
				const fresh = executions.filter((e) => !after.includes(e.id) && e.finished !== false);
				const got = new Set(emittedItems(fresh).map((i) => versionKey(i.ticket)));
				return [...expected].every(([tid, gts]) => got.has(`${tid}:${gts}`)) ? fresh : null;
			},
			{ timeoutMs: 200_000, intervalMs: 2_000 },
		);

	// Round 1: three new tickets (one of them changed again in the same second), two older ones updated.
	await waitFor(
		'the withheld minute after activation to pass',
		async () => (await control.now()) >= activationCursor + 62,
		{
			timeoutMs: 120_000,
		},
	);
	const at1 = await exportableNow(control, activationCursor);
	const created = await control.createTickets({ count: 3, atSeconds: at1 });
	await control.updateTicket(created[0].id, {
		fields: { status: 'open', priority: 'high' },
		atSeconds: at1,
	});
	await control.updateTicket(5, { fields: { status: 'pending' }, atSeconds: at1 });
	await control.updateTicket(6, { fields: { status: 'open' }, atSeconds: at1 });
	const round1 = await truthOf([...created.map((t) => t.id as number), 5, 6]);
	const exec1 = await waitForExecutionHolding(round1, []);
	rounds.push({
		expected: round1,
		cursorAfter: await waitFor('the cursor to move past activation', async () => {
			const c = await staticCursor(n8n, id);
			return c !== null && c > activationCursor ? c : null;
		}),
		executionIds: exec1.map((e) => e.id),
	});

	// Round 2: a new ticket changed again, an old one put on hold, one deleted.
	const at2 = await exportableNow(control, at1 + 1);
	await control.updateTicket(created[1].id, { fields: { status: 'solved' }, atSeconds: at2 });
	await control.updateTicket(7, { fields: { status: 'hold' }, atSeconds: at2 });
	await control.deleteTicket(8, { atSeconds: at2 });
	const round2 = await truthOf([created[1].id, 7, 8]);
	const seenIds = rounds.flatMap((r) => r.executionIds);
	const exec2 = await waitForExecutionHolding(round2, seenIds);
	rounds.push({
		expected: round2,
		cursorAfter: await waitFor('the cursor to move again', async () => {
			const c = await staticCursor(n8n, id);
			return c !== null && c > rounds[0].cursorAfter ? c : null;
		}),
		executionIds: exec2.map((e) => e.id),
	});

	// One more poll with nothing new must not start an execution.
	const count = (await n8n.executions(id, { includeData: false })).length;
	await harness.sleep(65_000);
	const executions = await n8n.executions(id);
	return {
		workflowId: id,
		activationCursor,
		activatedAt: t0,
		changedTwiceId: created[0].id,
		rounds,
		executions,
		executionsAfterQuietTick: executions.length - count,
	};
}
export interface OAuthResult {
	requests: harness.StandInRequest[];
	executions: harness.Execution[];
	ticketsCreated: number[];
	originalRefreshReused: { status: number; body: string };
}

/**
 * Authorization code: n8n holds a token pair that expires soon after activation; the stand-in's
 * refreshed tokens live 45 s, so every later poll (60 s apart) has to refresh, and each refresh
 * kills the pair it used. Tickets keep changing so every poll has something to emit.
 */
export async function oauthScenario(
	n8n: harness.N8nInstance,
	control: harness.StandInControl,
	credential: harness.CredentialDoc,
	originalRefreshToken: string,
	url: string,
): Promise<OAuthResult> {
	const t0 = await control.now();
	const workflow = harness.triggerWorkflow({
		name: 'oauth2 authorization code',
		credential,
		cron: cronFiringIn(t0, 50),
		parameters: { startFrom: 'date', startDate: BACKFILL_FROM },
	});
	const { id } = await createAndActivate(n8n, workflow);
	const ticketsCreated: number[] = [];
	let lastAt = 0;
	const refreshes = async () =>
		(await control.requests()).filter((r) => r.endpoint === 'oauth_tokens' && r.status === 200)
			.length;
	const stop = Date.now() + 300_000;
	// Keep changing tickets until two refreshes happened and a poll after the second one emitted.
	for (;;) {
		lastAt = await exportableNow(control, lastAt + 1);
		const [ticket] = await control.createTickets({ count: 1, atSeconds: lastAt });
		ticketsCreated.push(ticket.id);
		const requests = await control.requests();
		const tokenCalls = requests.filter((r) => r.endpoint === 'oauth_tokens');
		if ((await refreshes()) >= 2) {
			const secondRefreshAt = Date.parse(tokenCalls.filter((r) => r.status === 200)[1].at);
			const executions = await n8n.executions(id);
			const afterSecond = executions.filter((e) => Date.parse(e.startedAt) > secondRefreshAt);
			if (afterSecond.some((e) => harness.triggerItems(e, TRIGGER).length > 0)) break;
		}
		if (Date.now() > stop) break;
		await harness.sleep(20_000);
	}
	const requests = await control.requests();
	const executions = await n8n.executions(id);
	const res = await fetch(`${url}/oauth/tokens`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			grant_type: 'refresh_token',
			refresh_token: originalRefreshToken,
			client_id: 'n8n-client',
			client_secret: 'n8n-client-secret',
		}),
	});
	return {
		requests,
		executions,
		ticketsCreated,
		originalRefreshReused: { status: res.status, body: await res.text() },
	};
}

export interface ClientCredentialsResult {
	requests: harness.StandInRequest[];
	executions: harness.Execution[];
}

export async function clientCredentialsScenario(
	n8n: harness.N8nInstance,
	control: harness.StandInControl,
	credential: harness.CredentialDoc,
): Promise<ClientCredentialsResult> {
	const t0 = await control.now();
	const workflow = harness.triggerWorkflow({
		name: 'oauth2 client credentials',
		credential,
		cron: cronFiringIn(t0, 40),
		parameters: { startFrom: 'date', startDate: BACKFILL_FROM },
	});
	const { id } = await createAndActivate(n8n, workflow);
	let lastAt = 0;
	const stop = Date.now() + 240_000;
	for (;;) {
		lastAt = await exportableNow(control, lastAt + 1);
		await control.createTickets({ count: 1, atSeconds: lastAt });
		const withItems = (await n8n.executions(id)).filter(
			(e) => harness.triggerItems(e, TRIGGER).length > 0,
		);
		const tokens = (await control.requests()).filter(
			(r) => r.endpoint === 'oauth_tokens' && r.status === 200,
		);
		if (withItems.length >= 3 && tokens.length >= 2) break;
		if (Date.now() > stop) break;
		await harness.sleep(20_000);
	}
	return { requests: await control.requests(), executions: await n8n.executions(id) };
}
