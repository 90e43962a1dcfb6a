'use strict';
/**
 * Once per `npm run test:e2e`: install or reuse the pinned n8n, then build and pack the package.
 * The test files read the result from process.env (jest runs them in this process: --runInBand).
 */
const fs = require('node:fs');
const path = require('node:path');
const harness = require('../../scripts/lib/n8n-harness.js');

module.exports = async function globalSetup() {
	const major = harness.selectMajor();
	const runDir = path.join(harness.REPO_ROOT, '.e2e', `run-${major}`);
	fs.rmSync(runDir, { recursive: true, force: true });
	fs.mkdirSync(runDir, { recursive: true });
	const started = Date.now();
	const n8n = await harness.ensureN8n(major);
	const buildStarted = Date.now();
	// .ci/run packs once and runs both n8n majors side by side: two builds in one tree would race
	// (`npm run build` empties dist/ first), so a given tarball is used as it is.
	const given = process.env.E2E_PACKAGE_TARBALL;
	const tarball = given ? path.resolve(given) : await harness.buildAndPack(path.join(runDir, 'pack'));
	const timings = {
		major,
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
	harness.log(
		`n8n ${n8n.version} ${n8n.cold ? 'installed' : 'reused'} in ${(n8n.ms / 1000).toFixed(1)} s; package built and packed in ${(timings.buildAndPackMs / 1000).toFixed(1)} s`,
	);
};
