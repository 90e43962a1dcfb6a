'use strict';
/**
 * Once per `npm run test:browser`: install or reuse the pinned n8n 2.41.1, then build and pack the
 * package, as the e2e suite does, but into .e2e/browser/ so the two suites can run side by side,
 * and install the tarball once into a nodes folder each test file copies into its own n8n user
 * folder (one npm install instead of one per file). BROWSER_TARBALL=/path/to/package.tgz tests that
 * tarball instead of building one (a release candidate, or a deliberately broken build). The test
 * files read the result from process.env (jest runs them in this process: --runInBand).
 */
const fs = require('node:fs');
const path = require('node:path');
process.env.HARNESS_LOG_PREFIX = 'browser';
const harness = require('../../scripts/lib/n8n-harness.js');

// Another `npm run build` in the same tree (its rimraf dist) while this one packs gives a tarball
// without the node, or a failed pack; n8n would start without the node and every step would fail
// far from the cause. Packing again after the other build is done gives the whole package.
const PACK_ATTEMPTS = 3;
const PACK_RETRY_DELAY_MS = 20_000;

/** The tarball, or the error of a build or pack that a build elsewhere in the tree broke. */
async function packOrWhy(packDir) {
	return await harness.buildAndPack(packDir, { attempts: 1 }).catch((error) => error);
}

module.exports = async function globalSetup() {
	const runDir = path.join(harness.REPO_ROOT, '.e2e', 'browser');
	const givenTarball = process.env.BROWSER_TARBALL && path.resolve(process.env.BROWSER_TARBALL);
	fs.rmSync(runDir, { recursive: true, force: true });
	fs.mkdirSync(runDir, { recursive: true });
	const n8n = await harness.ensureN8n(2);
	const started = Date.now();
	let tarball;
	let nodesDir;
	for (let attempt = 1; !nodesDir; attempt++) {
		tarball = givenTarball ?? (await packOrWhy(path.join(runDir, 'pack')));
		if (tarball instanceof Error) {
			if (attempt >= PACK_ATTEMPTS) throw tarball;
			harness.log(`${tarball.message.split('\n')[0]}; packing again`);
			await harness.sleep(PACK_RETRY_DELAY_MS);
			continue;
		}
		const installedFolder = path.join(runDir, 'installed');
		fs.rmSync(installedFolder, { recursive: true, force: true });
		const installed = await harness.installPackage(installedFolder, tarball);
		if (fs.existsSync(path.join(installed, 'node_modules', harness.PACKAGE_NAME, 'dist')))
			nodesDir = installed;
		else if (givenTarball || attempt >= PACK_ATTEMPTS)
			throw new Error(`${tarball} has no dist/ (was the package rebuilt while it was packed?)`);
		else {
			harness.log(`${tarball} has no dist/ (a build elsewhere in the tree?); packing again`);
			await harness.sleep(PACK_RETRY_DELAY_MS);
		}
	}
	process.env.BROWSER_RUN_DIR = runDir;
	process.env.BROWSER_N8N = JSON.stringify(n8n);
	process.env.BROWSER_TARBALL = tarball;
	process.env.BROWSER_NODES_DIR = nodesDir;
	harness.log(
		`n8n ${n8n.version} ${n8n.cold ? 'installed' : 'reused'} in ${(n8n.ms / 1000).toFixed(1)} s; package ${givenTarball ? `${tarball} given` : 'built and packed'} and installed in ${((Date.now() - started) / 1000).toFixed(1)} s`,
	);
};
