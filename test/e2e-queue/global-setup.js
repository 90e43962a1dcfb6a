'use strict';
/**
 * Once per `npm run test:e2e:queue`: install or reuse n8n 2.41.1 and build and pack the package, as
 * the e2e suite's setup does, but into .e2e/queue/ so the two suites never wipe each other's run.
 * The test file reads the result from process.env (jest runs it in this process: --runInBand).
 */
const fs = require('node:fs');
const path = require('node:path');
const harness = require('../../scripts/lib/n8n-harness.js');

module.exports = async function globalSetup() {
	const runDir = path.join(harness.REPO_ROOT, '.e2e', 'queue');
	fs.rmSync(runDir, { recursive: true, force: true });
	fs.mkdirSync(runDir, { recursive: true });
	const started = Date.now();
	// Queue mode as tested here is n8n 2.x's (leader-only pollers, Bull, the stalled-job handling).
	const n8n = await harness.ensureN8n(2);
	const buildStarted = Date.now();
	const tarball = await harness.buildAndPack(path.join(runDir, 'pack'));
	const timings = {
		major: 2,
		n8nVersion: n8n.version,
		startedAt: new Date(started).toISOString(),
		n8nInstall: { cold: n8n.cold, waitedForOtherInstall: n8n.waitedForOtherInstall, ms: n8n.ms },
		buildAndPackMs: Date.now() - buildStarted,
		phases: [],
	};
	fs.writeFileSync(path.join(runDir, 'timings.json'), JSON.stringify(timings, null, 2));
	process.env.E2E_RUN_DIR = runDir;
	process.env.E2E_N8N = JSON.stringify(n8n);
	process.env.E2E_TARBALL = tarball;
};
