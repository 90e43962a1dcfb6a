/**
 * The package in a real n8n, before any ticket: it loads, n8n's credential test passes or fails
 * with our messages (API token and OAuth2), and activations that must fail do so with our
 * sentence, not silently: credentials Zendesk refuses (also for a workflow published before n8n
 * started) and a Start Date in the future. One n8n; the refusals run at once (trigger-support.ts).
 */
import {
	AGENT,
	ANONYMOUS,
	NOT_ADMIN,
	REJECTED,
	SCOPE_HINT,
	oneLine,
} from '../../nodes/shared/messages';
import {
	cronFiringIn,
	emittedItems,
	exportRequests,
	harness,
	installedN8n,
	problemLines,
	recordTiming,
	settle,
	startupLog,
	waitFor,
	type Settled,
} from './support';
import { credentialsToTest } from './trigger-credentials';
import {
	badConfigScenario,
	futureStartScenario,
	userMessage,
	type BadConfigResult,
	type FutureStartResult,
} from './trigger-refusal-scenarios';
import {
	BACKFILL_FROM,
	createAndActivate,
	standInPool,
	startTriggerN8n,
	type RunningStandIn,
} from './trigger-support';

const n8nInfo = installedN8n();
const MAJOR = n8nInfo.major;

describe(`Zendesk Export Trigger in a real n8n ${n8nInfo.version}: loading, credentials, refused activations`, () => {
	const standIns = standInPool();
	let n8n: harness.N8nInstance;
	let main: RunningStandIn;
	let credentials: Record<string, harness.CredentialDoc>;
	let initRefused: harness.WorkflowDoc;
	const scenarios: {
		refused401?: Settled<BadConfigResult>;
		refused403?: Settled<BadConfigResult>;
		refused403FromNow?: Settled<BadConfigResult>;
		futureStart?: Settled<FutureStartResult>;
	} = {};

	beforeAll(async () => {
		const started = Date.now();
		main = await standIns.start({ seedTickets: 30 });
		const bad = await standIns.start({ seedTickets: 20 });
		const future = await standIns.start({ seedTickets: 5 });
		const tested = await credentialsToTest(main.standIn.url, main.control);
		const refused = {
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
		credentials = { ...tested, ...refused };
		initRefused = harness.triggerWorkflow({
			name: 'refused at start',
			credential: refused.initWrongToken,
			parameters: { startFrom: 'date', startDate: BACKFILL_FROM },
		});
		n8n = await startTriggerN8n('trigger-activation', Object.values(credentials), [initRefused]);

		const { badWrongToken, badAgent, futureAdmin } = refused;
		scenarios.refused401 = settle(
			badConfigScenario(n8n, bad.control, badWrongToken, 'date', 90_000),
		);
		scenarios.refused403 = settle(badConfigScenario(n8n, bad.control, badAgent, 'date', 90_000));
		scenarios.refused403FromNow = settle(
			badConfigScenario(n8n, bad.control, badAgent, 'now', 90_000),
		);
		scenarios.futureStart = settle(futureStartScenario(n8n, future.control, futureAdmin));
		recordTiming('trigger-activation: setup before the scenarios', Date.now() - started);
	}, 15 * 60_000);

	afterAll(async () => {
		const t = Date.now();
		await n8n?.stop();
		await standIns.closeAll();
		harness.log(`n8n log: ${n8n?.logFile}`);
		recordTiming('trigger-activation: teardown', Date.now() - t);
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
		await createAndActivate(n8n, workflow);
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
