'use strict';
/**
 * Once per `npm run test:browser`: install or reuse the pinned n8n 2.41.1, then build and pack the
 * package, as the e2e suite does, but into .e2e/browser/ so the two suites can run side by side.
 * The test file reads the result from process.env (jest runs it in this process: --runInBand).
 */
const fs = require('node:fs');
const path = require('node:path');
process.env.HARNESS_LOG_PREFIX = 'browser';
const harness = require('../../scripts/lib/n8n-harness.js');

module.exports = async function globalSetup() {
	const runDir = path.join(harness.REPO_ROOT, '.e2e', 'browser');
	fs.rmSync(runDir, { recursive: true, force: true });
	fs.mkdirSync(runDir, { recursive: true });
	const n8n = await harness.ensureN8n(2);
	const started = Date.now();
	const tarball = await harness.buildAndPack(path.join(runDir, 'pack'));
	process.env.BROWSER_RUN_DIR = runDir;
	process.env.BROWSER_N8N = JSON.stringify(n8n);
	process.env.BROWSER_TARBALL = tarball;
	harness.log(
		`n8n ${n8n.version} ${n8n.cold ? 'installed' : 'reused'} in ${(n8n.ms / 1000).toFixed(1)} s; package built and packed in ${((Date.now() - started) / 1000).toFixed(1)} s`,
	);
};
