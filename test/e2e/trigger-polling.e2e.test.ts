/**
 * The package in a real n8n over several polls: steady polling from "now" (every change exactly
 * once, one item each, the cursor forward, a quiet poll starts nothing), OAuth2 through refreshes
 * with rotation and with client credentials, and Start Date as n8n hands it over (an expression,
 * a time zone). One n8n; the scenarios run at once, each on its own stand-in (trigger-support.ts),
 * so the file takes about as long as its longest (about 3 minutes) plus n8n's start.
 */
import {
	TRIGGER,
	duplicates,
	emittedItems,
	harness,
	installedN8n,
	recordTiming,
	settle,
	versionKey,
	type Settled,
	type TicketVersion,
} from './support';
import {
	clientCredentialsScenario,
	oauthScenario,
	steadyScenario,
	type ClientCredentialsResult,
	type OAuthResult,
	type SteadyResult,
} from './trigger-polling-scenarios';
import {
	START_EXPRESSION,
	expressionStartScenario,
	timeZoneScenario,
	type ExpressionResult,
	type TimeZoneResult,
} from './trigger-start-date-scenarios';
import { standInPool, startTriggerN8n, tokenData } from './trigger-support';

const n8nInfo = installedN8n();

describe(`Zendesk Export Trigger in a real n8n ${n8nInfo.version}: polling`, () => {
	const standIns = standInPool();
	let n8n: harness.N8nInstance;
	const scenarios: {
		steady?: Settled<SteadyResult>;
		oauth?: Settled<OAuthResult>;
		clientCredentials?: Settled<ClientCredentialsResult>;
		expressionStart?: Settled<ExpressionResult>;
		timeZone?: Settled<TimeZoneResult>;
	} = {};

	beforeAll(async () => {
		const started = Date.now();
		const main = await standIns.start({ seedTickets: 30 });
		const oauth = await standIns.start({ seedTickets: 20, accessTokenLifetimeSeconds: 45 });
		const cc = await standIns.start({ seedTickets: 20, accessTokenLifetimeSeconds: 45 });
		const expression = await standIns.start({ seedTickets: 0 });
		const zone = await standIns.start({ seedTickets: 0 });
		// Lives a little longer than n8n's start: valid for the activation poll, dead by a later one.
		const oauthPair = await oauth.control.issueOAuthTokens({ expiresInSeconds: 75 });
		const credentials = {
			admin: harness.apiTokenCredential({ name: 'admin token', baseUrl: main.standIn.url }),
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
			expressionAdmin: harness.apiTokenCredential({
				name: 'admin, start date expression',
				baseUrl: expression.standIn.url,
			}),
			zoneAdmin: harness.apiTokenCredential({
				name: 'admin, workflow time zone',
				baseUrl: zone.standIn.url,
			}),
		};
		n8n = await startTriggerN8n('trigger-polling', Object.values(credentials));

		scenarios.steady = settle(steadyScenario(n8n, main.control, credentials.admin));
		scenarios.oauth = settle(
			oauthScenario(
				n8n,
				oauth.control,
				credentials.oauthFlow,
				oauthPair.refresh_token,
				oauth.standIn.url,
			),
		);
		scenarios.clientCredentials = settle(
			clientCredentialsScenario(n8n, cc.control, credentials.ccFlow),
		);
		scenarios.expressionStart = settle(
			expressionStartScenario(n8n, expression.control, credentials.expressionAdmin),
		);
		scenarios.timeZone = settle(timeZoneScenario(n8n, zone.control, credentials.zoneAdmin));
		recordTiming('trigger-polling: setup before the scenarios', Date.now() - started);
	}, 15 * 60_000);

	afterAll(async () => {
		const t = Date.now();
		await n8n?.stop();
		await standIns.closeAll();
		harness.log(`n8n log: ${n8n?.logFile}`);
		recordTiming('trigger-polling: teardown', Date.now() - t);
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
});
