'use strict';
/**
 * Runs a real n8n with this package installed, for the e2e tests (test/e2e/) and `npm run demo`.
 * Plain CommonJS, no dependencies beyond Node itself.
 *
 *   ensureN8n(major)            install (once, into .cache/) or reuse the pinned n8n and its Node
 *   buildAndPack(stateDir)      npm run build + npm pack → the tarball n8n's community panel would install
 *   N8nInstance                 one n8n: own user folder, ports on 127.0.0.1, CLI import/publish, REST,
 *                               public API, executions, static data, its log; stopped by PID
 *
 * Every process it starts is a process-group leader (detached), so stop()/kill() end the whole
 * group (n8n and its task runner) by that PID, and nothing else.
 */

const { spawn, execFile } = require('node:child_process');
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const net = require('node:net');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE_NAME = 'n8n-nodes-zendesk-export';
const NODE_TYPE = `${PACKAGE_NAME}.zendeskExportTrigger`;
const VERSIONS = { 2: '2.41.1', 1: '1.123.81' };
const ENCRYPTION_KEY = 'zendesk-export-e2e-fixed-encryption-key';
const OWNER = Object.freeze({
	email: 'owner@example.com',
	firstName: 'Demo',
	lastName: 'Owner',
	password: 'Zendesk-Export-1',
});

/** Processes this module started and has not seen exit: stopped on process exit as a last resort. */
const liveChildren = new Set();
process.once('exit', () => {
	for (const child of liveChildren) {
		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {
			/* already gone */
		}
	}
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function log(...args) {
	if (process.env.E2E_QUIET === '1') return;
	const text = args
		.map((a) => (typeof a === 'string' ? a : require('node:util').inspect(a, { depth: 4 })))
		.join(' ');
	// Straight to stderr: jest would wrap console output in code frames.
	const prefix = process.env.HARNESS_LOG_PREFIX || 'e2e';
	process.stderr.write(`[${prefix} ${new Date().toISOString().slice(11, 19)}] ${text}\n`);
}

/** Resolves with { code, stdout, stderr }; never rejects on a non-zero exit. */
function run(cmd, args, options = {}) {
	return new Promise((resolve) => {
		execFile(cmd, args, { maxBuffer: 64 * 1024 * 1024, ...options }, (error, stdout, stderr) => {
			const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
			resolve({ code, stdout: String(stdout), stderr: String(stderr) });
		});
	});
}

async function freePort() {
	return await new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

// ---------------------------------------------------------------------------------------------
// Installing n8n

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

// ---------------------------------------------------------------------------------------------
// Building and installing the package

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

function tail(text, lines) {
	return String(text).split('\n').slice(-lines).join('\n');
}

// ---------------------------------------------------------------------------------------------
// One n8n instance

class N8nInstance {
	/**
	 * @param {object} o
	 * @param {object} o.n8n        ensureN8n()'s answer
	 * @param {string} o.userFolder N8N_USER_FOLDER (n8n keeps .n8n/ inside it)
	 * @param {object} [o.env]      extra environment
	 * @param {string} [o.command]  'start' (a main, with the editor and REST API) or 'worker' (queue
	 *                              mode: no HTTP server, so readiness is read from its log)
	 */
	constructor({ n8n, userFolder, env = {}, command = 'start' }) {
		this.n8n = n8n;
		this.userFolder = userFolder;
		this.extraEnv = env;
		this.command = command;
		this.port = null;
		this.brokerPort = null;
		this.child = null;
		this.cookie = null;
		this.apiKey = null;
		this.logFile = path.join(userFolder, 'n8n.log');
		this.starts = 0;
	}

	get url() {
		return `http://127.0.0.1:${this.port}`;
	}

	get dbFile() {
		return path.join(this.userFolder, '.n8n', 'database.sqlite');
	}

	async env() {
		if (!this.port) this.port = await freePort();
		if (!this.brokerPort) this.brokerPort = await freePort();
		const base = {
			PATH: `${path.dirname(this.n8n.nodeBin)}:${process.env.PATH}`,
			HOME: this.userFolder,
			TZ: 'UTC',
			GENERIC_TIMEZONE: 'UTC',
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
			N8N_PORT: String(this.port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_EDITOR_BASE_URL: `http://127.0.0.1:${this.port}`,
			N8N_SECURE_COOKIE: 'false',
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_DYNAMIC_BANNERS_ENABLED: 'false',
			N8N_AI_ENABLED: 'false',
			N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_VERIFIED_PACKAGES_ENABLED: 'false',
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			N8N_PUBLIC_API_DISABLED: 'false',
			N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
			EXTERNAL_FRONTEND_HOOKS_URLS: '',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_BLOCK_ENV_ACCESS_IN_NODE: 'true',
			DB_SQLITE_POOL_SIZE: '2',
			N8N_LOG_LEVEL: process.env.E2E_N8N_LOG_LEVEL || 'debug',
			N8N_LOG_OUTPUT: 'console',
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
			EXECUTIONS_DATA_PRUNE: 'false',
			N8N_GIT_NODE_DISABLE_BARE_REPOS: 'true',
			NODE_OPTIONS: '--max-old-space-size=2048',
			NO_COLOR: '1',
			FORCE_COLOR: '0',
		};
		if (this.n8n.major >= 2) {
			base.N8N_WEBHOOK_URL = `http://127.0.0.1:${this.port}/`;
			// Refreshes a catalogue from the internet at start; there is none here.
			base.N8N_DISABLED_MODULES = 'mcp-registry';
		} else {
			base.WEBHOOK_URL = `http://127.0.0.1:${this.port}/`;
			// 1.x: task runners are opt-in; turn them on so a Code node runs the same way as in 2.x.
			base.N8N_RUNNERS_ENABLED = 'true';
			base.N8N_RUNNERS_MODE = 'internal';
			// 1.123's default expression engine ('vm') needs isolated-vm 6, which needs Node >= 22 and
			// does not build on the Node 20 that 1.x runs on here: every command then exits at start.
			base.N8N_EXPRESSION_ENGINE = 'legacy';
		}
		// E2E_N8N_ENV='{"N8N_SCHEDULER_ENABLED":"true",…}' runs the same tests with other n8n settings.
		const fromCaller = process.env.E2E_N8N_ENV ? JSON.parse(process.env.E2E_N8N_ENV) : {};
		// Keep n8n away from the internet: no proxies inherited, nothing else from the caller's env.
		return { ...base, ...fromCaller, ...this.extraEnv };
	}

	/** Runs an n8n CLI command (import, publish, …) against this user folder; output goes to a file. */
	async cli(args, { allowFailure = false } = {}) {
		const env = await this.env();
		const outFile = path.join(
			this.userFolder,
			`cli-${args[0].replace(/[^a-z0-9]+/gi, '_')}-${Date.now()}.log`,
		);
		const out = fs.openSync(outFile, 'w');
		const code = await new Promise((resolve) => {
			const child = spawn(this.n8n.nodeBin, [this.n8n.n8nBin, ...args], {
				cwd: this.userFolder,
				env,
				stdio: ['ignore', out, out],
				detached: true,
			});
			liveChildren.add(child);
			// A spawn that fails (a missing binary) emits 'error' and never 'exit'.
			child.on('error', (error) => {
				liveChildren.delete(child);
				fs.appendFileSync(outFile, `\nspawn failed: ${error.message}\n`);
				resolve(127);
			});
			child.on('exit', (c, signal) => {
				liveChildren.delete(child);
				resolve(c ?? (signal ? 128 : 1));
			});
		});
		fs.closeSync(out);
		const output = fs.readFileSync(outFile, 'utf8');
		if (code !== 0 && !allowFailure)
			throw new Error(`n8n ${args.join(' ')} failed (${code}):\n${tail(output, 40)}`);
		return { code, output };
	}

	async writeJson(name, value) {
		const file = path.join(this.userFolder, name);
		await fsp.writeFile(file, JSON.stringify(value, null, 2));
		return file;
	}

	async importCredentials(credentials) {
		const file = await this.writeJson(`credentials-${Date.now()}.json`, credentials);
		return await this.cli(['import:credentials', `--input=${file}`]);
	}

	async importWorkflows(workflows) {
		const file = await this.writeJson(`workflows-${Date.now()}.json`, workflows);
		return await this.cli(['import:workflow', `--input=${file}`]);
	}

	/** Marks a workflow active in the database; n8n activates it on its next start. */
	async publishWithCli(workflowId) {
		if (this.n8n.major >= 2) return await this.cli(['publish:workflow', `--id=${workflowId}`]);
		return await this.cli(['update:workflow', `--id=${workflowId}`, '--active=true']);
	}

	async start({ timeoutMs = 120_000 } = {}) {
		if (this.child) throw new Error('n8n is already running');
		await fsp.mkdir(this.userFolder, { recursive: true });
		const env = await this.env();
		fs.appendFileSync(
			this.logFile,
			`\n===== start #${this.starts + 1} at ${new Date().toISOString()} =====\n`,
		);
		const logOffset = this.log().length;
		const out = fs.openSync(this.logFile, 'a');
		const child = spawn(this.n8n.nodeBin, [this.n8n.n8nBin, this.command], {
			cwd: this.userFolder,
			env,
			stdio: ['ignore', out, out],
			detached: true,
		});
		fs.closeSync(out);
		this.child = child;
		this.starts++;
		liveChildren.add(child);
		this.exited = new Promise((resolve) => {
			child.on('error', (error) => {
				liveChildren.delete(child);
				fs.appendFileSync(this.logFile, `spawn failed: ${error.message}\n`);
				if (this.child === child) this.child = null;
				resolve({ code: 127, signal: null });
			});
			child.on('exit', (code, signal) => {
				liveChildren.delete(child);
				if (this.child === child) this.child = null;
				resolve({ code, signal });
			});
		});
		const started = Date.now();
		this.startedAtMs = started;
		for (;;) {
			if (!this.child) throw new Error(`n8n exited while starting:\n${tail(this.log(), 60)}`);
			if (this.command === 'worker') {
				// A worker serves no HTTP unless asked to; this line comes once it takes jobs.
				if (this.log().slice(logOffset).includes('n8n worker is now ready')) break;
			} else {
				try {
					// /healthz answers before the REST API is mounted (1.x: seconds before); wait for both.
					const health = await fetch(`${this.url}/healthz`, {
						signal: AbortSignal.timeout(2000),
					});
					const settings = health.ok
						? await fetch(`${this.url}/rest/settings`, { signal: AbortSignal.timeout(2000) })
						: null;
					// While it boots, n8n answers every path 200 with the text "n8n is starting up".
					if (settings?.ok && !(await settings.text()).includes('starting up')) break;
				} catch {
					/* not listening yet */
				}
			}
			if (Date.now() - started > timeoutMs) {
				await this.kill('SIGKILL');
				throw new Error(`n8n was not ready within ${timeoutMs} ms:\n${tail(this.log(), 60)}`);
			}
			await sleep(250);
		}
		this.readyMs = Date.now() - started;
		return this.readyMs;
	}

	/** Sends a signal to n8n's whole process group (n8n and its task runner). */
	async kill(signal = 'SIGKILL') {
		const child = this.child;
		if (!child) return;
		try {
			process.kill(-child.pid, signal);
		} catch {
			/* already gone */
		}
		await this.exited;
	}

	/** SIGTERM, then SIGKILL if n8n has not exited after graceMs. */
	async stop({ graceMs = 20_000 } = {}) {
		const child = this.child;
		if (!child) return;
		try {
			process.kill(-child.pid, 'SIGTERM');
		} catch {
			/* already gone */
		}
		let timer;
		const timeout = new Promise((resolve) => {
			timer = setTimeout(() => resolve('timeout'), graceMs);
		});
		const outcome = await Promise.race([this.exited, timeout]);
		clearTimeout(timer);
		if (outcome === 'timeout') await this.kill('SIGKILL');
		// The task runner may outlive a SIGTERMed n8n for a moment; end the group.
		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {
			/* gone */
		}
	}

	log() {
		return fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, 'utf8') : '';
	}

	// ----- HTTP

	async request(method, urlPath, { body, headers = {}, auth = 'cookie', timeoutMs = 60_000 } = {}) {
		const h = { accept: 'application/json', ...headers };
		if (body !== undefined) h['content-type'] = 'application/json';
		if (auth === 'cookie' && this.cookie) h.cookie = this.cookie;
		if (auth === 'apiKey' && this.apiKey) h['x-n8n-api-key'] = this.apiKey;
		// n8n 2.x rejects cookie-authenticated writes without the browser-id header it binds the
		// session to; any stable value works for a non-browser client.
		h['browser-id'] = 'zendesk-export-e2e';
		const res = await fetch(`${this.url}${urlPath}`, {
			method,
			headers: h,
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(timeoutMs),
		});
		const text = await res.text();
		let json;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}
		return { status: res.status, headers: res.headers, text, json };
	}

	async rest(method, urlPath, body) {
		return await this.request(method, `/rest${urlPath}`, { body, auth: 'cookie' });
	}

	async api(method, urlPath, body) {
		return await this.request(method, `/api/v1${urlPath}`, { body, auth: 'apiKey' });
	}

	static cookieFrom(res) {
		const setCookie =
			typeof res.headers.getSetCookie === 'function' ? res.headers.getSetCookie() : [];
		const auth = setCookie.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
		return auth ?? null;
	}

	/** Creates the owner on a fresh instance, or logs in when it exists. Keeps the login cookie. */
	async ensureOwner(owner = OWNER) {
		let res = await this.request('POST', '/rest/owner/setup', { body: owner, auth: 'none' });
		for (let tries = 0; tries < 60 && res.text.includes('starting up'); tries++) {
			await sleep(500);
			res = await this.request('POST', '/rest/owner/setup', { body: owner, auth: 'none' });
		}
		if (res.status !== 200) {
			const body =
				this.n8n.major >= 2
					? { emailOrLdapLoginId: owner.email, password: owner.password }
					: { email: owner.email, emailOrLdapLoginId: owner.email, password: owner.password };
			res = await this.request('POST', '/rest/login', { body, auth: 'none' });
		}
		const cookie = N8nInstance.cookieFrom(res);
		if (res.status !== 200 || !cookie) {
			throw new Error(
				`could not set up or log in the owner: ${res.status} ${res.text.slice(0, 500)}`,
			);
		}
		this.cookie = cookie;
		return owner;
	}

	/** A public-API key for the owner, with every scope the owner may grant. */
	async ensureApiKey() {
		if (this.apiKey) return this.apiKey;
		const scopesRes = await this.rest('GET', '/api-keys/scopes');
		const scopes = Array.isArray(scopesRes.json?.data) ? scopesRes.json.data : undefined;
		const body = { label: `e2e-${Date.now()}`, expiresAt: null };
		if (scopes) body.scopes = scopes;
		const res = await this.rest('POST', '/api-keys', body);
		const key = res.json?.data?.rawApiKey ?? res.json?.data?.apiKey;
		if (res.status !== 200 || !key)
			throw new Error(`could not create an API key: ${res.status} ${res.text.slice(0, 500)}`);
		this.apiKey = key;
		return key;
	}

	async getWorkflow(id) {
		const res = await this.api('GET', `/workflows/${id}`);
		if (res.status !== 200)
			throw new Error(`GET workflow ${id}: ${res.status} ${res.text.slice(0, 300)}`);
		return res.json;
	}

	/**
	 * The trigger node's static data, as saved in the database: the workflow's staticData, or, with
	 * 2.x's opt-in durable poll cursors (N8N_POLLER_DURABLE_CURSORS_ENABLED), the poller_state row.
	 */
	async nodeStaticData(workflowId, nodeName) {
		const wf = await this.getWorkflow(workflowId);
		let staticData = wf.staticData;
		if (typeof staticData === 'string') staticData = JSON.parse(staticData);
		const inWorkflow = staticData?.[`node:${nodeName}`];
		if (inWorkflow) return inWorkflow;
		const node = (wf.nodes ?? []).find((n) => n.name === nodeName);
		return node && this.n8n.major >= 2 ? await this.durableCursor(workflowId, node.id) : null;
	}

	/** Reads poller_state with n8n's own sqlite3 module (built for n8n's Node, so in a child process). */
	async durableCursor(workflowId, nodeId) {
		const sqlite3 = path.join(this.n8n.dir, 'node_modules', 'sqlite3');
		if (!fs.existsSync(this.dbFile) || !fs.existsSync(sqlite3)) return null;
		const script = [
			'const s = require(process.argv[1]);',
			'const db = new s.Database(process.argv[2], s.OPEN_READONLY);',
			'db.get("select cursor from poller_state where workflowId = ? and nodeId = ?", [process.argv[3], process.argv[4]],',
			'  (e, r) => { process.stdout.write(e || !r ? "null" : String(r.cursor)); db.close(); });',
		].join('\n');
		const result = await run(this.n8n.nodeBin, [
			'-e',
			script,
			sqlite3,
			this.dbFile,
			workflowId,
			nodeId,
		]);
		if (result.code !== 0) return null;
		try {
			const cursor = JSON.parse(result.stdout);
			return typeof cursor === 'string' ? JSON.parse(cursor) : cursor;
		} catch {
			return null;
		}
	}

	/** Creates a workflow through the public API (what the editor's save does); returns its id. */
	async createWorkflow(doc) {
		const body = {
			name: doc.name,
			nodes: doc.nodes,
			connections: doc.connections,
			settings: doc.settings,
		};
		const res = await this.api('POST', '/workflows', body);
		if (res.status !== 200 || !res.json?.id) {
			throw new Error(`POST /workflows: ${res.status} ${res.text.slice(0, 500)}`);
		}
		doc.id = res.json.id;
		return res.json.id;
	}

	async activate(workflowId) {
		return await this.api('POST', `/workflows/${workflowId}/activate`, {});
	}

	async deactivate(workflowId) {
		return await this.api('POST', `/workflows/${workflowId}/deactivate`, {});
	}

	/** Every execution of a workflow (oldest first), with data when includeData. */
	async executions(workflowId, { includeData = true, status } = {}) {
		const all = [];
		let cursor;
		for (;;) {
			const qs = new URLSearchParams({
				workflowId,
				limit: '100',
				includeData: String(includeData),
			});
			if (status) qs.set('status', status);
			if (cursor) qs.set('cursor', cursor);
			const res = await this.api('GET', `/executions?${qs}`);
			if (res.status !== 200)
				throw new Error(`GET executions: ${res.status} ${res.text.slice(0, 300)}`);
			all.push(...res.json.data);
			cursor = res.json.nextCursor;
			if (!cursor) break;
		}
		return all.sort((a, b) => Number(a.id) - Number(b.id));
	}

	/** Activation errors n8n holds for a workflow (what the editor shows on the trigger). */
	async activationError(workflowId) {
		const res = await this.rest('GET', `/active-workflows/error/${workflowId}`);
		return res.json?.data ?? null;
	}

	/**
	 * Why the trigger of an active workflow is not running, or null when nothing failed.
	 * 2.x activates asynchronously (the publication outbox) and keeps the reason per trigger node
	 * in its publication status; 1.x keeps an activation error per workflow.
	 */
	async activationFailure(workflowId) {
		if (this.n8n.major >= 2) {
			const res = await this.rest('GET', `/workflows/${workflowId}/publication-status`);
			const status = res.json?.data ?? res.json;
			const failed = (status?.triggers ?? []).filter((t) => t.status === 'failed');
			if (failed.length)
				return { status: status.status, message: failed.map((t) => t.errorMessage).join(' | ') };
			const legacy = await this.activationError(workflowId);
			return legacy ? { status: status?.status ?? 'error', message: String(legacy) } : null;
		}
		const legacy = await this.activationError(workflowId);
		return legacy ? { status: 'error', message: String(legacy) } : null;
	}

	async publicationStatus(workflowId) {
		const res = await this.rest('GET', `/workflows/${workflowId}/publication-status`);
		return res.json?.data ?? res.json ?? null;
	}

	async testCredential(credential) {
		return await this.rest('POST', '/credentials/test', { credentials: credential });
	}
}

// ---------------------------------------------------------------------------------------------
// The Zendesk stand-in's control API (/__control/…), over HTTP so it works in and out of process

function standInControl(baseUrl) {
	const call = async (method, urlPath, body) => {
		const res = await fetch(`${baseUrl}/__control${urlPath}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(30_000),
		});
		const text = await res.text();
		if (!res.ok)
			throw new Error(`${method} /__control${urlPath}: ${res.status} ${text.slice(0, 300)}`);
		return text ? JSON.parse(text) : undefined;
	};
	return {
		/** Any control call: method, path under /__control, JSON body. */
		call,
		now: async () => (await call('GET', '/now')).now,
		clock: async () => await call('GET', '/now'),
		createTickets: async (input) => (await call('POST', '/tickets', input)).tickets,
		updateTicket: async (id, input) => (await call('PATCH', `/tickets/${id}`, input)).ticket,
		deleteTicket: async (id, input = {}) => (await call('DELETE', `/tickets/${id}`, input)).ticket,
		addComment: async (id, input = {}) => await call('POST', `/tickets/${id}/comments`, input),
		getTicket: async (id) => await call('GET', `/tickets/${id}`),
		truth: async () => await call('GET', '/truth'),
		requests: async () => {
			const answer = await call('GET', '/requests');
			return Array.isArray(answer) ? answer : answer.requests;
		},
		clearRequests: async () => await call('DELETE', '/requests'),
		faults: async (faults) => await call('POST', '/faults', { faults }),
		clearFaults: async () => await call('DELETE', '/faults'),
		config: async (changes) => await call(changes ? 'POST' : 'GET', '/config', changes),
		issueOAuthTokens: async (input = {}) => await call('POST', '/oauth/issue', input),
		stats: async () => await call('GET', '/stats'),
	};
}

// ---------------------------------------------------------------------------------------------
// Reading executions

/** The items the trigger node emitted in one execution. */
function triggerItems(execution, nodeName) {
	const runs = execution?.data?.resultData?.runData?.[nodeName];
	if (!Array.isArray(runs)) return [];
	return runs.flatMap((run) => (run?.data?.main?.[0] ?? []).map((item) => item.json));
}

function executionError(execution) {
	const error = execution?.data?.resultData?.error;
	if (!error) return null;
	return {
		message: error.message,
		description: error.description,
		httpCode: error.httpCode,
		name: error.name,
	};
}

// ---------------------------------------------------------------------------------------------
// Workflow and credential documents for import

let idCounter = 0;
/** A 16-character id like n8n's own. */
function makeId(prefix) {
	idCounter++;
	const base = `${prefix}${Date.now().toString(36)}${idCounter.toString(36)}`.replace(
		/[^a-zA-Z0-9]/g,
		'',
	);
	return (base + 'x'.repeat(16)).slice(0, 16);
}

function uuid() {
	return require('node:crypto').randomUUID();
}

function apiTokenCredential({
	id = makeId('cred'),
	name,
	baseUrl,
	email = 'admin@example.com',
	apiToken = 'admin-api-token',
	subdomain = 'acme',
}) {
	return {
		id,
		name: name ?? `Zendesk (${email})`,
		type: 'zendeskExportApi',
		data: { subdomain, email, apiToken, baseUrl },
	};
}

function oauth2Credential({
	id = makeId('cred'),
	name,
	baseUrl,
	grantType = 'authorizationCode',
	clientId = 'n8n-client',
	clientSecret = 'n8n-client-secret',
	tokenData,
	subdomain = 'acme',
}) {
	const data = { subdomain, grantType, clientId, clientSecret, baseUrl };
	if (tokenData) data.oauthTokenData = tokenData;
	return {
		id,
		name: name ?? `Zendesk OAuth2 (${grantType})`,
		type: 'zendeskExportOAuth2Api',
		data,
	};
}

/**
 * A workflow whose first node is the Zendesk Export Trigger.
 * @param {object} o
 * @param {string} [o.cron]       poll time as a cron expression (n8n's "Custom" mode)
 * @param {object} [o.parameters] trigger parameters (authentication, event, startFrom, startDate, options)
 * @param {object} o.credential   { id, name, type }
 * @param {Array}  [o.extraNodes] nodes connected in a chain after the trigger
 */
function triggerWorkflow({
	id = makeId('wf'),
	name,
	cron = '30 * * * * *',
	parameters = {},
	credential,
	extraNodes = [],
	triggerName = 'Zendesk Export Trigger',
}) {
	const authentication = credential.type === 'zendeskExportApi' ? 'apiToken' : 'oAuth2';
	const trigger = {
		id: uuid(),
		name: triggerName,
		type: NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {
			pollTimes: { item: [{ mode: 'custom', cronExpression: cron }] },
			authentication,
			event: 'createdOrUpdated',
			startFrom: 'now',
			options: {},
			...parameters,
		},
		credentials: { [credential.type]: { id: credential.id, name: credential.name } },
	};
	const nodes = [trigger];
	const connections = {};
	let previous = trigger;
	extraNodes.forEach((node, i) => {
		const full = {
			id: uuid(),
			typeVersion: 1,
			position: [260 * (i + 1), 0],
			parameters: {},
			...node,
		};
		nodes.push(full);
		connections[previous.name] = { main: [[{ node: full.name, type: 'main', index: 0 }]] };
		previous = full;
	});
	return {
		id,
		name: name ?? `Zendesk export ${id}`,
		active: false,
		nodes,
		connections,
		settings: {
			executionOrder: 'v1',
			saveManualExecutions: true,
			saveDataSuccessExecution: 'all',
			saveDataErrorExecution: 'all',
			saveExecutionProgress: false,
		},
		staticData: null,
		pinData: {},
		versionId: uuid(),
		meta: {},
		tags: [],
	};
}

/** A 6-field cron that fires once a minute at the given second (n8n accepts one fixed second). */
function cronAtSecond(second) {
	return `${((Math.round(second) % 60) + 60) % 60} * * * * *`;
}

module.exports = {
	REPO_ROOT,
	PACKAGE_NAME,
	NODE_TYPE,
	VERSIONS,
	OWNER,
	ENCRYPTION_KEY,
	sleep,
	log,
	run,
	freePort,
	selectMajor,
	ensureN8n,
	buildAndPack,
	installPackage,
	N8nInstance,
	standInControl,
	triggerItems,
	executionError,
	makeId,
	uuid,
	apiTokenCredential,
	oauth2Credential,
	triggerWorkflow,
	cronAtSecond,
	tail,
};
