'use strict';
/**
 * One n8n process: its own user folder, ports on 127.0.0.1, CLI import/publish, start (ready when
 * its REST API answers, or for a worker when its log says so), stop and kill by process group.
 * The REST and public-API client on top of it is N8nInstance (n8n-client.js).
 */

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const path = require('node:path');
const { liveChildren, freePort, sleep, tail } = require('./basics.js');
const { n8nEnv } = require('./n8n-env.js');

class N8nProcess {
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
		const { n8n, userFolder, port, brokerPort, extraEnv } = this;
		return n8nEnv({ n8n, userFolder, port, brokerPort, extraEnv });
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
}

module.exports = { N8nProcess };
