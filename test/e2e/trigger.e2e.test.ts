/**
 * The package in a real n8n: loading, credential tests, steady polling, OAuth2 refresh with
 * rotation, client credentials, what a user sees when the credentials are wrong, and Start Date as
 * n8n hands it over (an expression, a time zone, a date in the future).
 *
 * One n8n serves every scenario. Each scenario has its own Zendesk stand-in (own rate limits,
 * request log and token lifetimes) and its own workflow, and they all run at the same time: they
 * start in beforeAll and each `it` waits for its own. A poll happens at most once a minute, so the
 * whole file takes about as long as its longest scenario (about 3 minutes) plus n8n's start.
 */
import {
	AGENT,
	ANONYMOUS,
	NOT_ADMIN,
	REJECTED,
	SCOPE_HINT,
	oneLine,
} from '../../nodes/shared/messages';
import { startStandIn, type StandIn } from '../zendesk-stand-in/server';
import {
	TRIGGER,
	cronFiringIn,
	duplicates,
	emittedItems,
	harness,
	installedN8n,
	newInstance,
	problemLines,
	recordTiming,
	settle,
	startupLog,
	exportRequests,
	versionKey,
	waitFor,
	type Settled,
	type TicketVersion,
} from './support';

const n8nInfo = installedN8n();
const MAJOR = n8nInfo.major;
const DAY = 86_400_000;
/** Far enough back for every seeded ticket (they span the last 30 days). */
const BACKFILL_FROM = new Date(Date.now() - 40 * DAY).toISOString();

let n8n: harness.N8nInstance;
const standIns: StandIn[] = [];

async function standIn(options: Parameters<typeof startStandIn>[0]) {
	const s = await startStandIn(options);
	standIns.push(s);
	return { standIn: s, control: harness.standInControl(s.url) };
}

/** Creates and activates a workflow the way a user does in the editor (save, then publish). */
async function createAndActivate(doc: harness.WorkflowDoc) {
	await n8n.createWorkflow(doc);
	const answer = await n8n.activate(doc.id);
	return { id: doc.id, activateStatus: answer.status, activateText: answer.text };
}

async function staticCursor(workflowId: string): Promise<number | null> {
	const data = await n8n.nodeStaticData(workflowId, TRIGGER);
	return typeof data?.cursorSeconds === 'number' ? data.cursorSeconds : null;
}

/** Tickets are created "in the past" so the export (which withholds the last 60 s) returns them now. */
async function exportableNow(control: harness.StandInControl, notBefore = 0): Promise<number> {
	return Math.max((await control.now()) - 61, notBefore);
}

// ------------------------------------------------------------------------------------------------
// Scenarios. Each returns what its `it` checks.

interface SteadyResult {
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
async function steadyScenario(
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
	const { id } = await createAndActivate(workflow);
	const activationCursor = await waitFor(
		'the activation poll to store its cursor',
		() => staticCursor(id),
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
			const c = await staticCursor(id);
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
			const c = await staticCursor(id);
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

interface OAuthResult {
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
async function oauthScenario(
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
	const { id } = await createAndActivate(workflow);
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

interface ClientCredentialsResult {
	requests: harness.StandInRequest[];
	executions: harness.Execution[];
}

async function clientCredentialsScenario(
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
	const { id } = await createAndActivate(workflow);
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

interface BadConfigResult {
	workflowId: string;
	activateStatus: number;
	activateText: string;
	failure: { status: string; message: string } | null;
	executions: harness.Execution[];
	requests: harness.StandInRequest[];
	publicationStatus: unknown;
}

/** Activates a workflow whose credential Zendesk refuses; waits until n8n reports it somewhere. */
async function badConfigScenario(
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
	const { id, activateStatus, activateText } = await createAndActivate(workflow);
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
		publicationStatus: MAJOR >= 2 ? await n8n.publicationStatus(id) : null,
	};
}

// ------------------------------------------------------------------------------------------------
// Start Date as n8n hands it over.

const START_EXPRESSION = '={{ $now.minus({ days: 2 }) }}';

async function activationState(workflowId: string) {
	return await waitFor(
		'the activation poll to save its position',
		async () => {
			const data = await n8n.nodeStaticData(workflowId, TRIGGER);
			return typeof data?.cursorSeconds === 'number' ? data : null;
		},
		{ timeoutMs: 60_000, intervalMs: 1_000 },
	);
}

interface ExpressionResult {
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
async function expressionStartScenario(
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
	const { id } = await createAndActivate(workflow);
	const atActivation = await activationState(id);
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
			const c = await staticCursor(id);
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

interface TimeZoneResult {
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
async function timeZoneScenario(
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
	const { id } = await createAndActivate(workflow);
	const atActivation = await activationState(id);
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

interface FutureStartResult extends BadConfigResult {
	startIso: string;
}

/** Start Date a day ahead: activation fails with our sentence; nothing is sent, nothing runs. */
async function futureStartScenario(
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
	const { id, activateStatus, activateText } = await createAndActivate(workflow);
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
		publicationStatus: MAJOR >= 2 ? await n8n.publicationStatus(id) : null,
	};
}

// ------------------------------------------------------------------------------------------------

describe(`Zendesk Export Trigger in a real n8n ${n8nInfo.version}`, () => {
	let main: Awaited<ReturnType<typeof standIn>>;
	let credentials: Record<string, harness.CredentialDoc>;
	let initRefused: harness.WorkflowDoc;
	const scenarios: {
		steady?: Settled<SteadyResult>;
		oauth?: Settled<OAuthResult>;
		clientCredentials?: Settled<ClientCredentialsResult>;
		refused401?: Settled<BadConfigResult>;
		refused403?: Settled<BadConfigResult>;
		refused403FromNow?: Settled<BadConfigResult>;
		expressionStart?: Settled<ExpressionResult>;
		timeZone?: Settled<TimeZoneResult>;
		futureStart?: Settled<FutureStartResult>;
	} = {};
	let future: Awaited<ReturnType<typeof standIn>>;
	let bad: Awaited<ReturnType<typeof standIn>>;
	let oauthRefreshToken = '';
	let oauthUrl = '';

	beforeAll(async () => {
		const started = Date.now();
		main = await standIn({ seedTickets: 30 });
		const oauth = await standIn({ seedTickets: 20, accessTokenLifetimeSeconds: 45 });
		const cc = await standIn({ seedTickets: 20, accessTokenLifetimeSeconds: 45 });
		bad = await standIn({ seedTickets: 20 });
		const expression = await standIn({ seedTickets: 0 });
		const zone = await standIn({ seedTickets: 0 });
		future = await standIn({ seedTickets: 5 });

		const tokenData = (t: Awaited<ReturnType<harness.StandInControl['issueOAuthTokens']>>) => ({
			access_token: t.access_token,
			refresh_token: t.refresh_token,
			token_type: 'bearer',
			expires_in: t.expires_in,
			scope: t.scope,
		});
		// Lives a little longer than n8n's start: valid for the activation poll, dead by a later one.
		const oauthPair = await oauth.control.issueOAuthTokens({ expiresInSeconds: 75 });
		oauthRefreshToken = oauthPair.refresh_token;
		oauthUrl = oauth.standIn.url;
		const m = main.standIn.url;
		credentials = {
			admin: harness.apiTokenCredential({ name: 'admin token', baseUrl: m }),
			wrongToken: harness.apiTokenCredential({
				name: 'wrong token',
				baseUrl: m,
				apiToken: 'not-the-token',
			}),
			agent: harness.apiTokenCredential({
				name: 'agent token',
				baseUrl: m,
				email: 'agent@example.com',
				apiToken: 'agent-api-token',
			}),
			unknownEmail: harness.apiTokenCredential({
				name: 'unknown email',
				baseUrl: m,
				email: 'nobody@example.com',
			}),
			pastedSubdomain: harness.apiTokenCredential({
				name: 'pasted subdomain',
				baseUrl: m,
				subdomain: 'https://Acme.zendesk.com/',
			}),
			badSubdomain: harness.apiTokenCredential({
				name: 'bad subdomain',
				baseUrl: '',
				subdomain: 'help.acme.com',
			}),
			oauthGood: harness.oauth2Credential({
				name: 'oauth good',
				baseUrl: m,
				tokenData: tokenData(await main.control.issueOAuthTokens({ expiresInSeconds: 3600 })),
			}),
			oauthExpired: harness.oauth2Credential({
				name: 'oauth expired',
				baseUrl: m,
				tokenData: tokenData(await main.control.issueOAuthTokens({ expiresInSeconds: -10 })),
			}),
			oauthNoScope: harness.oauth2Credential({
				name: 'oauth no read scope',
				baseUrl: m,
				tokenData: tokenData(
					await main.control.issueOAuthTokens({ expiresInSeconds: 3600, scope: 'write' }),
				),
			}),
			oauthAgent: harness.oauth2Credential({
				name: 'oauth agent',
				baseUrl: m,
				tokenData: tokenData(
					await main.control.issueOAuthTokens({
						expiresInSeconds: 3600,
						email: 'agent@example.com',
					}),
				),
			}),
			oauthNotConnected: harness.oauth2Credential({ name: 'oauth not connected', baseUrl: m }),
			clientCredentials: harness.oauth2Credential({
				name: 'client credentials',
				baseUrl: m,
				grantType: 'clientCredentials',
			}),
			clientCredentialsBadSecret: harness.oauth2Credential({
				name: 'client credentials bad secret',
				baseUrl: m,
				grantType: 'clientCredentials',
				clientSecret: 'wrong',
			}),
			// The scenarios' own.
			oauthFlow: harness.oauth2Credential({
				name: 'oauth flow',
				baseUrl: oauth.standIn.url,
				tokenData: tokenData(oauthPair),
			}),
			ccFlow: harness.oauth2Credential({
				name: 'client credentials flow',
				baseUrl: cc.standIn.url,
				grantType: 'clientCredentials',
			}),
			badWrongToken: harness.apiTokenCredential({
				name: 'refused wrong token',
				baseUrl: bad.standIn.url,
				apiToken: 'not-the-token',
			}),
			badAgent: harness.apiTokenCredential({
				name: 'refused agent',
				baseUrl: bad.standIn.url,
				email: 'agent@example.com',
				apiToken: 'agent-api-token',
			}),
			expressionAdmin: harness.apiTokenCredential({
				name: 'admin, start date expression',
				baseUrl: expression.standIn.url,
			}),
			zoneAdmin: harness.apiTokenCredential({
				name: 'admin, workflow time zone',
				baseUrl: zone.standIn.url,
			}),
			futureAdmin: harness.apiTokenCredential({
				name: 'admin, start date in the future',
				baseUrl: future.standIn.url,
			}),
			initWrongToken: harness.apiTokenCredential({
				name: 'refused at start',
				baseUrl: bad.standIn.url,
				apiToken: 'not-the-token',
			}),
		};

		n8n = await newInstance('trigger');
		let t = Date.now();
		await n8n.importCredentials(Object.values(credentials));
		// Published before n8n starts: n8n activates it while starting ("init"), as after a restart.
		initRefused = harness.triggerWorkflow({
			name: 'refused at start',
			credential: credentials.initWrongToken,
			parameters: { startFrom: 'date', startDate: BACKFILL_FROM },
		});
		await n8n.importWorkflows([initRefused]);
		await n8n.publishWithCli(initRefused.id);
		recordTiming('trigger: import credentials + workflow, publish (3 CLI runs)', Date.now() - t);
		t = Date.now();
		await n8n.start();
		await n8n.ensureOwner();
		await n8n.ensureApiKey();
		recordTiming('trigger: n8n start until ready, owner, API key', Date.now() - t);

		scenarios.steady = settle(steadyScenario(main.control, credentials.admin));
		scenarios.oauth = settle(
			oauthScenario(oauth.control, credentials.oauthFlow, oauthRefreshToken, oauthUrl),
		);
		scenarios.clientCredentials = settle(clientCredentialsScenario(cc.control, credentials.ccFlow));
		scenarios.refused401 = settle(
			badConfigScenario(bad.control, credentials.badWrongToken, 'date', 90_000),
		);
		scenarios.refused403 = settle(
			badConfigScenario(bad.control, credentials.badAgent, 'date', 90_000),
		);
		scenarios.refused403FromNow = settle(
			badConfigScenario(bad.control, credentials.badAgent, 'now', 90_000),
		);
		scenarios.expressionStart = settle(
			expressionStartScenario(expression.control, credentials.expressionAdmin),
		);
		scenarios.timeZone = settle(timeZoneScenario(zone.control, credentials.zoneAdmin));
		scenarios.futureStart = settle(futureStartScenario(future.control, credentials.futureAdmin));
		recordTiming('trigger: setup before the scenarios', Date.now() - started);
	}, 15 * 60_000);

	afterAll(async () => {
		const t = Date.now();
		await n8n?.stop();
		for (const s of standIns) await s.close();
		harness.log(`n8n log: ${n8n?.logFile}`);
		recordTiming('trigger: teardown', Date.now() - t);
	});

	it('should load the package with no warnings or errors about it', async () => {
		const startup = startupLog(n8n.log());
		expect(startup).toMatch(
			/Loaded all credentials and nodes from n8n-nodes-zendesk-export \{ "credentials": 2, "nodes": 1/,
		);
		const aboutUs = problemLines(startup).filter((line) => /zendesk/i.test(line));
		expect(aboutUs).toEqual([]);
		// Nothing anywhere in the log says loading or describing our node or credentials failed.
		const loadProblems = problemLines(n8n.log()).filter(
			(line) =>
				/zendesk/i.test(line) &&
				/load|unknown|unrecogni[sz]ed|deprecat|invalid node|credential type/i.test(line),
		);
		expect(loadProblems).toEqual([]);
		const nodeTypes = await n8n.request('GET', '/types/nodes.json');
		expect(nodeTypes.status).toBe(200);
		const names = (nodeTypes.json as Array<{ name: string }>).map((n) => n.name);
		expect(names).toContain(harness.NODE_TYPE);
		const credentialTypes = await n8n.request('GET', '/types/credentials.json');
		const credentialNames = (credentialTypes.json as Array<{ name: string }>).map((c) => c.name);
		expect(credentialNames).toEqual(
			expect.arrayContaining(['zendeskExportApi', 'zendeskExportOAuth2Api']),
		);
	});

	it('should pass the credential test for an admin API token and fail with our messages otherwise', async () => {
		const test = async (c: harness.CredentialDoc) => {
			const answer = await n8n.testCredential({
				id: c.id,
				name: c.name,
				type: c.type,
				data: c.data,
			});
			expect(answer.status).toBe(200);
			return answer.json.data as { status: string; message: string };
		};
		expect(await test(credentials.admin)).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(await test(credentials.pastedSubdomain)).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		const anonymous = oneLine(ANONYMOUS.apiToken);
		// Zendesk answers a wrong token with 200 and an anonymous user, not 401.
		expect(await test(credentials.wrongToken)).toEqual({ status: 'Error', message: anonymous });
		expect(await test(credentials.unknownEmail)).toEqual({ status: 'Error', message: anonymous });
		expect(await test(credentials.agent)).toEqual({ status: 'Error', message: oneLine(AGENT) });
		expect(await test(credentials.badSubdomain)).toEqual({
			status: 'Error',
			message: expect.stringMatching(/^The Zendesk subdomain has dots beyond \.zendesk\.com/),
		});
		const requests = await main.control.requests();
		expect(requests.filter((r) => r.endpoint === 'users_me').length).toBeGreaterThanOrEqual(5);
	});

	it('should run the OAuth2 credential test: pass when connected, refresh an expired token, our messages for scope and role', async () => {
		const results: Record<string, { status: string; message: string }> = {};
		for (const key of [
			'oauthGood',
			'oauthExpired',
			'oauthNoScope',
			'oauthAgent',
			'oauthNotConnected',
			'clientCredentials',
			'clientCredentialsBadSecret',
		]) {
			const c = credentials[key];
			const answer = await n8n.testCredential({
				id: c.id,
				name: c.name,
				type: c.type,
				data: c.data,
			});
			results[key] = answer.json.data;
		}
		harness.log(`OAuth2 credential tests: ${JSON.stringify(results, null, 2)}`);
		expect(results.oauthGood).toEqual({ status: 'OK', message: 'Connection successful!' });
		// n8n refreshes on the 401 and retries the test request.
		expect(results.oauthExpired).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(results.oauthNoScope).toEqual({
			status: 'Error',
			message:
				MAJOR >= 2
					? `${oneLine(NOT_ADMIN)} ${SCOPE_HINT}`
					: // n8n 1.x's credential tester applies `responseCode` rules only when the thrown error
						// carries `cause.response`; its OAuth2 path wraps the error once more, so a 403 shows
						// n8n's generic NodeApiError text instead of ours.
						'Forbidden - perhaps check your credentials?',
		});
		expect(results.oauthAgent).toEqual({ status: 'Error', message: oneLine(AGENT) });
		expect(results.clientCredentials).toEqual({ status: 'OK', message: 'Connection successful!' });
		// These two are n8n's own words: it fails before any rule of ours can run.
		expect(results.oauthNotConnected.status).toBe('Error');
		expect(results.clientCredentialsBadSecret.status).toBe('Error');

		// The test refreshed the expired token, which rotated the pair: n8n must have saved the new one,
		// or the credential is dead. A workflow using it now polls with no refresh at all.
		const before = (await main.control.requests()).length;
		const workflow = harness.triggerWorkflow({
			name: 'after the OAuth2 credential test',
			credential: credentials.oauthExpired,
			cron: cronFiringIn(await main.control.now(), 40),
			parameters: { startFrom: 'date', startDate: BACKFILL_FROM },
		});
		await createAndActivate(workflow);
		// The activation poll only checks access (one export request); the first tick reads the backlog.
		const executions = await waitFor(
			'the first tick of a workflow using the tested credential',
			async () => {
				const e = await n8n.executions(workflow.id);
				return e.length > 0 && e.every((x) => x.finished) ? e : null;
			},
			{ timeoutMs: 150_000, intervalMs: 2_000 },
		);
		await n8n.deactivate(workflow.id);
		const after = (await main.control.requests()).slice(before);
		expect(after.filter((q) => q.endpoint === 'oauth_tokens')).toEqual([]);
		expect(after.find((q) => q.endpoint === 'tickets' && q.auth === 'bearer')).toMatchObject({
			status: 200,
		});
		expect(executions[0].status).toBe('success');
		expect(emittedItems(executions).length).toBeGreaterThan(0);
	});

	it('should emit every changed ticket exactly once, one item each, with mappable fields, and move the cursor forward', async () => {
		const r = await scenarios.steady!.promise;
		// The activation poll only places the cursor at "now" (within a few seconds of activation).
		// (n8n 2.x activates through its publication outbox, which it reads every 15 s.)
		expect(r.activationCursor - r.activatedAt).toBeGreaterThanOrEqual(0);
		expect(r.activationCursor - r.activatedAt).toBeLessThanOrEqual(20);
		expect(r.rounds[0].cursorAfter).toBeGreaterThan(r.activationCursor);
		expect(r.rounds[1].cursorAfter).toBeGreaterThan(r.rounds[0].cursorAfter);

		const items = emittedItems(r.executions);
		const expected = new Map<string, string>();
		for (const round of r.rounds)
			for (const [id, gts] of round.expected) expected.set(`${id}:${gts}`, 'expected');
		const keys = items.map((i) => versionKey(i.ticket));
		expect(duplicates(keys)).toEqual([]);
		expect(new Set(keys)).toEqual(new Set(expected.keys()));
		// Round 1 in one execution (5 tickets: the twice-changed one arrives once, in its last version).
		const round1Items = items.filter(
			(i) =>
				r.rounds[0].expected.has(i.ticket.id) &&
				r.rounds[0].expected.get(i.ticket.id) === i.ticket.generated_timestamp,
		);
		expect(round1Items).toHaveLength(5);
		expect(new Set(round1Items.map((i) => i.execution)).size).toBe(1);
		const twice = round1Items.find((i) => i.ticket.id === r.changedTwiceId);
		expect(twice?.ticket).toMatchObject({ status: 'open', priority: 'high' });
		// What a user maps (Simplify, the default): one flat ticket per item, with names and the
		// link an agent opens.
		for (const { ticket } of items) {
			const t = ticket as TicketVersion;
			expect(typeof t.id).toBe('number');
			expect(typeof t.subject).toBe('string');
			expect(typeof t.status).toBe('string');
			expect(t.requester_email).toMatch(/@example\.(org|com)$/);
			expect(t.agent_url).toMatch(new RegExp(`/agent/tickets/${t.id}$`));
			expect(Array.isArray(t)).toBe(false);
		}
		const deleted = items.find((i) => i.ticket.id === 8);
		expect(deleted?.ticket.status).toBe('deleted');
		expect(r.executions.every((e) => e.status === 'success')).toBe(true);
		expect(r.executionsAfterQuietTick).toBe(0);
	});

	it('should keep an authorization-code OAuth2 credential working through two refreshes with rotation', async () => {
		const r = await scenarios.oauth!.promise;
		const tokenCalls = r.requests.filter((q) => q.endpoint === 'oauth_tokens');
		const summary = r.requests.map(
			(q) => `${q.at.slice(11, 19)} ${q.method} ${q.path} ${q.auth} ${q.status}`,
		);
		harness.log(`OAuth stand-in requests:\n${summary.join('\n')}`);
		// The credential holds no authorization code, so every token call is a refresh_token grant.
		expect(tokenCalls.length).toBeGreaterThanOrEqual(2);
		expect(tokenCalls.every((q) => q.status === 200)).toBe(true);
		// Each refresh came after a 401 on the export and was followed by an export that succeeded.
		for (const call of tokenCalls) {
			const i = r.requests.indexOf(call);
			expect(r.requests[i - 1]).toMatchObject({ endpoint: 'tickets', status: 401 });
			expect(r.requests.slice(i + 1).find((q) => q.endpoint === 'tickets')).toMatchObject({
				status: 200,
			});
		}
		// Rotation happened: the pair n8n was given is dead.
		expect(r.originalRefreshReused.status).toBe(400);
		expect(r.originalRefreshReused.body).toContain('invalid_grant');
		// Executions kept coming, all successful, and the one after the second refresh holds tickets.
		expect(r.executions.every((e) => e.status === 'success')).toBe(true);
		const secondRefreshAt = Date.parse(tokenCalls[1].at);
		const after = r.executions.filter((e) => Date.parse(e.startedAt) > secondRefreshAt);
		expect(after.length).toBeGreaterThanOrEqual(1);
		expect(emittedItems(after).length).toBeGreaterThan(0);
		expect(duplicates(emittedItems(r.executions).map((i) => versionKey(i.ticket)))).toEqual([]);
	});

	it('should work with client credentials and no token data at all', async () => {
		const r = await scenarios.clientCredentials!.promise;
		const tokenCalls = r.requests.filter((q) => q.endpoint === 'oauth_tokens');
		expect(tokenCalls.length).toBeGreaterThanOrEqual(2);
		expect(tokenCalls.every((q) => q.status === 200)).toBe(true);
		const withItems = r.executions.filter((e) => harness.triggerItems(e, TRIGGER).length > 0);
		expect(withItems.length).toBeGreaterThanOrEqual(3);
		expect(r.executions.every((e) => e.status === 'success')).toBe(true);
		expect(duplicates(emittedItems(r.executions).map((i) => versionKey(i.ticket)))).toEqual([]);
	});

	const userMessage = (r: BadConfigResult): string =>
		[
			r.activateStatus === 200 ? '' : r.activateText,
			r.failure?.message ?? '',
			...r.executions.map((e) => JSON.stringify(harness.executionError(e))),
		].join('\n');

	it('should fail activation with our message for a wrong token (401), not silently', async () => {
		const r = await scenarios.refused401!.promise;
		harness.log(
			`401 on activation: activate answered ${r.activateStatus} ${r.activateText.slice(0, 300)}; failure ${JSON.stringify(r.failure)}; publication ${JSON.stringify(r.publicationStatus)}`,
		);
		expect(userMessage(r)).toContain(REJECTED.apiToken.summary);
		expect(r.requests.some((q) => q.status === 401)).toBe(true);
		expect(emittedItems(r.executions)).toEqual([]);
	});

	it('should fail activation with our message for an agent (403), not silently', async () => {
		const r = await scenarios.refused403!.promise;
		harness.log(
			`403 on activation: activate answered ${r.activateStatus} ${r.activateText.slice(0, 300)}; failure ${JSON.stringify(r.failure)}`,
		);
		expect(userMessage(r)).toContain(NOT_ADMIN.summary);
		expect(emittedItems(r.executions)).toEqual([]);
	});

	it('should fail activation with our message when an agent starts from now (the access check)', async () => {
		const r = await scenarios.refused403FromNow!.promise;
		harness.log(
			`403 from now: activate answered ${r.activateStatus} ${r.activateText.slice(0, 300)}; failure ${JSON.stringify(r.failure)}; executions ${JSON.stringify(r.executions.map((e) => [e.status, harness.executionError(e)]))}`,
		);
		expect(r.activateStatus !== 200 || r.failure !== null).toBe(true);
		expect(userMessage(r)).toContain(NOT_ADMIN.summary);
		expect(r.executions).toEqual([]);
	});

	it('should report our message for a workflow published before n8n started whose token is wrong', async () => {
		const failure = await waitFor(
			'n8n to report the failed start-up activation',
			() => n8n.activationFailure(initRefused.id),
			{
				timeoutMs: 90_000,
				intervalMs: 2_000,
			},
		);
		harness.log(`401 at start-up: ${JSON.stringify(failure)}`);
		expect(failure.message).toContain(REJECTED.apiToken.summary);
		expect(emittedItems(await n8n.executions(initRefused.id))).toEqual([]);
	});

	it('should decide a Start Date expression once: no version twice, the cursor never back, the expression text in configKey', async () => {
		const r = await scenarios.expressionStart!.promise;
		const items = emittedItems(r.executions);
		const keys = items.map((i) => versionKey(i.ticket));
		harness.log(
			`Start Date expression: configKey ${String(r.atActivation.configKey)}; cursors ${r.cursors.join(' ')}; executions ${r.executions.map((e) => `${e.id}:${e.status}:${harness.triggerItems(e, TRIGGER).length}`).join(' ')}`,
		);
		// The key holds the parameter as written, not the date it gave; it stays the same at every tick.
		expect(JSON.parse(String(r.atActivation.configKey))[2]).toBe(START_EXPRESSION);
		expect(r.atEnd?.configKey).toBe(r.atActivation.configKey);
		// Decided at activation: two days before it.
		const activationCursor = Number(r.atActivation.cursorSeconds);
		expect(activationCursor - (r.activatedAt - 2 * 86_400)).toBeGreaterThanOrEqual(0);
		expect(activationCursor - (r.activatedAt - 2 * 86_400)).toBeLessThanOrEqual(30);
		for (let i = 1; i < r.cursors.length; i++)
			expect(r.cursors[i]).toBeGreaterThanOrEqual(r.cursors[i - 1]);
		expect(r.cursors[r.cursors.length - 1]).toBeGreaterThan(activationCursor);
		const withItems = r.executions.filter((e) => harness.triggerItems(e, TRIGGER).length > 0);
		expect(withItems.length).toBeGreaterThanOrEqual(3);
		expect(duplicates(keys)).toEqual([]);
		// Only what changed after the Start Date; the ticket from before it never.
		expect(items.filter((i) => i.ticket.id === r.beforeWindowId)).toEqual([]);
		expect(items.every((i) => i.ticket.generated_timestamp >= activationCursor)).toBe(true);
		// The in-window ticket came once per version: its first at the first tick, then each change.
		const inWindow = items.filter((i) => i.ticket.id === r.inWindowId);
		expect(inWindow.length).toBeGreaterThanOrEqual(3);
		expect(new Set(inWindow.map((i) => i.execution)).size).toBe(inWindow.length);
		expect(r.executions.every((e) => e.status === 'success')).toBe(true);
	});

	it('should read a Start Date without offset in the workflow’s time zone (Asia/Tokyo), not in UTC', async () => {
		const r = await scenarios.timeZone!.promise;
		const ids = emittedItems(r.executions).map((i) => i.ticket.id);
		harness.log(
			`time zone: written ${r.written}, Tokyo reading ${r.tokyoReading}, UTC reading ${r.utcReading}, saved ${r.cursorAtActivation}; emitted ${ids.join(', ')}`,
		);
		expect(r.cursorAtActivation).toBe(r.tokyoReading);
		expect(r.cursorAtActivation).toBe(r.utcReading - 9 * 3600);
		expect(ids.sort((a, b) => a - b)).toEqual([r.ids.between, r.ids.afterBoth]);
		expect(r.executions.every((e) => e.status === 'success')).toBe(true);
	});

	it('should refuse a Start Date in the future at activation: our sentence, no request, no execution', async () => {
		const r = await scenarios.futureStart!.promise;
		harness.log(
			`future Start Date: activate answered ${r.activateStatus} ${r.activateText.slice(0, 300)}; failure ${JSON.stringify(r.failure)}; publication ${JSON.stringify(r.publicationStatus)}; requests ${JSON.stringify(r.requests)}`,
		);
		expect(r.activateStatus !== 200 || r.failure !== null).toBe(true);
		expect(userMessage(r)).toContain(`Start Date ${r.startIso} is in the future`);
		// The date is checked before the access check: Zendesk hears nothing at all.
		expect(r.requests).toEqual([]);
		expect(exportRequests(r.requests)).toEqual([]);
		expect(r.executions).toEqual([]);
	});
});
