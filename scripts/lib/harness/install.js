'use strict';
/**
 * Installing things: the pinned n8n and its Node (scripts/install-n8n.sh, once, into .cache/), and
 * this package as the community-nodes panel would (npm run build, npm pack, npm install).
 */

const fs = require('node:fs');
const fsp = require('node:fs/promises');
const path = require('node:path');
const { REPO_ROOT, PACKAGE_NAME, VERSIONS, log, run, sleep, tail } = require('./basics.js');

function selectMajor(value = process.env.N8N_E2E_MAJOR) {
	const major = String(value || '2');
	if (major !== '1' && major !== '2') throw new Error(`N8N_E2E_MAJOR must be 1 or 2, not ${major}`);
	return Number(major);
}

/** True while some process on this machine is installing that n8n version (read from /proc). */
function installRunning(version) {
	let pids;
	try {
		pids = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name));
	} catch {
		return false;
	}
	for (const pid of pids) {
		let cmdline;
		try {
			cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
		} catch {
			continue;
		}
		if (cmdline.includes(`n8n@${version}`)) return true;
		const major = version.split('.')[0];
		if (new RegExp(`install-n8n\\.sh ${major}(\\s|$)`).test(cmdline.trim())) return true;
	}
	return false;
}

/**
 * Installs or reuses n8n through scripts/install-n8n.sh. While another process is installing the
 * same version (its folder exists without the .installed marker and its log is still growing),
 * waits for that install instead of starting a second one: the script would wipe the folder.
 */
async function ensureN8n(major = selectMajor(), { waitForOtherInstallMs = 30 * 60_000 } = {}) {
	const version = VERSIONS[major];
	const cacheDir = process.env.N8N_CACHE_DIR || path.join(REPO_ROOT, '.cache');
	const dir = path.join(cacheDir, `n8n-${version}`);
	const marker = path.join(dir, '.installed');
	const started = Date.now();
	let waited = false;
	while (!fs.existsSync(marker) && fs.existsSync(dir) && installRunning(version)) {
		if (Date.now() - started > waitForOtherInstallMs) {
			throw new Error(`n8n ${version} is still being installed by another process in ${dir}`);
		}
		if (!waited) log(`n8n ${version} is being installed by another process; waiting for ${marker}`);
		waited = true;
		await sleep(5000);
	}
	const cold = !fs.existsSync(marker);
	if (cold) log(`installing n8n ${version} into ${dir} (a few minutes, once)`);
	const result = await run(
		'bash',
		[path.join(REPO_ROOT, 'scripts', 'install-n8n.sh'), String(major)],
		{
			cwd: REPO_ROOT,
			env: { ...process.env, N8N_VERSION: version },
		},
	);
	if (result.code !== 0) {
		throw new Error(
			`scripts/install-n8n.sh ${major} failed (${result.code}):\n${result.stderr}\n${result.stdout}`,
		);
	}
	const vars = Object.fromEntries(
		result.stdout
			.split('\n')
			.map((line) => /^([A-Z0-9_]+)=(.*)$/.exec(line.trim()))
			.filter(Boolean)
			.map((m) => [m[1], m[2]]),
	);
	if (
		!vars.NODE_BIN ||
		!vars.N8N_BIN ||
		!fs.existsSync(vars.N8N_BIN) ||
		!fs.existsSync(vars.NODE_BIN)
	) {
		throw new Error(
			`scripts/install-n8n.sh ${major} printed no usable NODE_BIN/N8N_BIN:\n${result.stdout}`,
		);
	}
	const installed = JSON.parse(
		fs.readFileSync(path.join(dir, 'node_modules', 'n8n', 'package.json'), 'utf8'),
	);
	return {
		major,
		version: installed.version,
		nodeBin: vars.NODE_BIN,
		n8nBin: vars.N8N_BIN,
		dir,
		cold,
		waitedForOtherInstall: waited,
		ms: Date.now() - started,
	};
}

/** `npm run build` then `npm pack` into stateDir. Returns the tarball's path. */
async function buildAndPack(stateDir, { attempts = 3, retryDelayMs = 60_000 } = {}) {
	await fsp.mkdir(stateDir, { recursive: true });
	let build;
	for (let attempt = 1; attempt <= attempts; attempt++) {
		build = await run('npm', ['run', 'build'], { cwd: REPO_ROOT });
		if (build.code === 0) break;
		if (attempt < attempts) {
			log(
				`npm run build failed (attempt ${attempt}); retrying in ${retryDelayMs / 1000} s:\n${tail(build.stdout + build.stderr, 20)}`,
			);
			await sleep(retryDelayMs);
		}
	}
	if (build.code !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
	for (const old of await fsp.readdir(stateDir)) {
		if (old.startsWith(`${PACKAGE_NAME}-`) && old.endsWith('.tgz'))
			await fsp.rm(path.join(stateDir, old));
	}
	const pack = await run('npm', ['pack', '--json', '--pack-destination', stateDir], {
		cwd: REPO_ROOT,
	});
	if (pack.code !== 0) throw new Error(`npm pack failed:\n${pack.stdout}\n${pack.stderr}`);
	const [info] = JSON.parse(pack.stdout);
	return path.join(stateDir, info.filename);
}

/** What the community-nodes panel does: `npm install <package>` inside <user folder>/.n8n/nodes. */
async function installPackage(userFolder, tarball) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	await fsp.mkdir(nodesDir, { recursive: true });
	const pkgFile = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(pkgFile)) {
		await fsp.writeFile(
			pkgFile,
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2),
		);
	}
	const result = await run(
		'npm',
		['install', '--legacy-peer-deps', '--no-audit', '--no-fund', '--loglevel=error', tarball],
		{ cwd: nodesDir },
	);
	if (result.code !== 0)
		throw new Error(`npm install of ${tarball} failed:\n${result.stdout}\n${result.stderr}`);
	return nodesDir;
}

module.exports = { selectMajor, ensureN8n, buildAndPack, installPackage };
