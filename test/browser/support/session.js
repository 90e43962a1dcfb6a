'use strict';
/**
 * What every browser test file shares: its own n8n 2.41.1 with the package installed from the
 * tarball global-setup.js packed, its own Zendesk stand-in with an admin's and an agent's
 * API-token credentials, one headless Chromium page, and steps that run in order. After a failed
 * step the later ones fail at once with "not run", and the failed one saves a screenshot and n8n's
 * log tail in .e2e/browser/failures/. Each file gets a session of its own (jest loads this module
 * afresh per file), so a file can be run alone: `npm run test:browser -- next-node`.
 */
const fs = require('node:fs');
const path = require('node:path');

const h = require('../../../scripts/lib/n8n-harness.js');
const editor = require('../../../scripts/lib/editor.js');
const { startStandIn } = require('../../zendesk-stand-in/server.js');

const RUN_DIR = process.env.BROWSER_RUN_DIR;
const FAILURES_DIR = RUN_DIR && path.join(RUN_DIR, 'failures');
const STEP_TIMEOUT_MS = 4 * 60_000;
const SEE_TIMEOUT_MS = 60_000;

const state = { failedStep: null };
/** Filled in by beforeAll; the test file reads it inside its steps. */
const session = {
	instance: null,
	standIn: null,
	control: null,
	browser: null,
	page: null,
	admin: null,
	agent: null,
};

const see = (locator, what, timeoutMs = SEE_TIMEOUT_MS) => editor.see(locator, what, timeoutMs);

async function saveEvidence(stepName) {
	if (!FAILURES_DIR) return 'nothing (no run folder)';
	const slug = stepName
		.replace(/[^a-z0-9]+/gi, '-')
		.toLowerCase()
		.slice(0, 60);
	fs.mkdirSync(FAILURES_DIR, { recursive: true });
	const shot = path.join(FAILURES_DIR, `${slug}.png`);
	const log = path.join(FAILURES_DIR, `${slug}.n8n-log-tail.txt`);
	const saved = [];
	if (session.page) {
		await session.page.screenshot({ path: shot, timeout: 15_000 }).then(
			() => saved.push(`screenshot ${shot}`),
			(error) => saved.push(`no screenshot (${error.message.split('\n')[0]})`),
		);
	}
	if (session.instance) {
		fs.writeFileSync(log, h.tail(session.instance.log(), 200));
		saved.push(`n8n log tail ${log}`);
	}
	return saved.join('; ');
}

/** One user-visible step; a failure saves evidence and names the step. */
function step(name, fn, timeoutMs = STEP_TIMEOUT_MS) {
	// Through globalThis: this module registers steps for the test files that call it and is no
	// test file itself (test/jest-pattern.test.ts tells the two apart by a bare `test(`).
	globalThis.test(
		name,
		async () => {
			if (state.failedStep) throw new Error(`not run: the step "${state.failedStep}" failed`);
			try {
				await fn();
			} catch (error) {
				state.failedStep = name;
				const saved = await saveEvidence(name);
				const original = error.message;
				error.message = `${name}: ${original}\n  saved: ${saved}`;
				// Jest prints the stack; a playwright error's was written with the original message
				// (others format theirs on first read, with the new one).
				if (typeof error.stack === 'string' && !error.stack.includes(error.message))
					error.stack = error.stack.replace(original, error.message);
				throw error;
			}
		},
		timeoutMs,
	);
}

/**
 * Registers the file's beforeAll/afterAll. `folder` names the file's own folder under
 * .e2e/browser/; `prepare(control)` lays out the stand-in's data before n8n starts; `signIn`
 * signs the owner in before the first step (a file that tests the sign-in page itself says no).
 */
function useSession({ folder, seedTickets = 40, prepare = async () => undefined, signIn = true }) {
	beforeAll(async () => {
		try {
			await setUp({ folder, seedTickets, prepare, signIn });
		} catch (error) {
			error.message = `setting up: ${error.message}\n  saved: ${await saveEvidence(`${folder} set-up`)}`;
			throw error;
		}
	}, STEP_TIMEOUT_MS);

	afterAll(async () => {
		if (session.browser) await session.browser.close();
		if (session.instance) await session.instance.stop();
		if (session.standIn) await session.standIn.close();
	}, 2 * 60_000);

	return session;
}

/** Everything before the first step: n8n with the package, the stand-in, credentials, the owner. */
async function setUp({ folder, seedTickets, prepare, signIn }) {
	if (!RUN_DIR) throw new Error('BROWSER_RUN_DIR is not set: run with `npm run test:browser`');
	const fileDir = path.join(RUN_DIR, folder);
	const userFolder = path.join(fileDir, 'n8n');
	const started = Date.now();
	fs.cpSync(process.env.BROWSER_NODES_DIR, path.join(userFolder, '.n8n', 'nodes'), {
		recursive: true,
	});
	session.standIn = await startStandIn({ seedTickets });
	session.control = h.standInControl(session.standIn.url);
	await prepare(session.control);
	session.admin = h.apiTokenCredential({
		name: 'Stand-in admin (API token)',
		baseUrl: session.standIn.url,
	});
	session.agent = h.apiTokenCredential({
		name: 'Stand-in agent (not an admin)',
		baseUrl: session.standIn.url,
		email: 'agent@example.com',
		apiToken: 'agent-api-token',
	});
	session.instance = new h.N8nInstance({
		n8n: JSON.parse(process.env.BROWSER_N8N),
		userFolder,
		env: { N8N_LOG_LEVEL: 'info' },
	});
	await session.instance.importCredentials([session.agent, session.admin]);
	await session.instance.start();
	await session.instance.ensureOwner();
	// For reading workflows and executions from n8n's public API.
	await session.instance.ensureApiKey();
	session.browser = await editor.launchBrowser({
		userDataDir: path.join(fileDir, 'chromium-profile'),
	});
	session.page = session.browser.page;
	if (signIn) await editor.signIn(session.page, session.instance.url, h.OWNER);
	h.log(
		`${folder}: n8n, stand-in and browser ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
	);
}

/** The requests the stand-in logged that `isExpected` does not explain (by endpoint, status, user). */
async function unexpectedRequests(isExpected) {
	const requests = await session.control.requests();
	return requests
		.filter((request) => !isExpected(request))
		.map((request) => `${request.endpoint} ${request.status} ${request.user}`);
}

module.exports = { STEP_TIMEOUT_MS, see, step, useSession, unexpectedRequests };
