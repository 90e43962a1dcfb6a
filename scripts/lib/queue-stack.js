'use strict';
/**
 * n8n in queue mode on this machine, for test/e2e-queue/: a private Postgres and Redis
 * (queue-servers.js), one n8n main with EXECUTIONS_MODE=queue and DB_TYPE=postgresdb, and
 * `n8n worker`s. Each n8n is an N8nInstance of n8n-harness.js with its own user folder (own log,
 * own task-runner port), all sharing the database, the queue and the harness's encryption key.
 *
 *   const stack = new QueueStack({ n8n, baseDir });
 *   await stack.startServices();          // Postgres + Redis
 *   const main = await stack.prepareN8n(tarball);  // main.importCredentials(…) may go here
 *   await stack.startN8n();               // the main (it runs the migrations), then the workers
 *   …
 *   await stack.stop();                   // everything it started, also after a partial start
 */
const fs = require('node:fs');
const path = require('node:path');
const harness = require('./n8n-harness.js');
const { ensurePackages, startPostgres, startRedis } = require('./queue-servers.js');

class QueueStack {
	/**
	 * @param {object} o
	 * @param {object} o.n8n      ensureN8n()'s answer (2.x)
	 * @param {string} o.baseDir  a git-ignored folder for data, user folders and logs (wiped here)
	 * @param {number} [o.workers]
	 * @param {object} [o.env]    more n8n settings, for the main and the workers
	 */
	constructor({ n8n, baseDir, workers = 2, env = {} }) {
		this.n8n = n8n;
		this.baseDir = baseDir;
		this.workerCount = workers;
		this.extraEnv = env;
		this.pg = null;
		this.redis = null;
		this.main = null;
		this.workers = [];
	}

	async startServices() {
		fs.rmSync(this.baseDir, { recursive: true, force: true });
		fs.mkdirSync(this.baseDir, { recursive: true });
		await ensurePackages();
		this.pg = await startPostgres(this.baseDir);
		this.redis = await startRedis(this.baseDir);
	}

	/** What every n8n process of the stack shares: the database and the queue. */
	n8nEnv() {
		return {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: this.pg.host,
			DB_POSTGRESDB_PORT: String(this.pg.port),
			DB_POSTGRESDB_DATABASE: this.pg.database,
			DB_POSTGRESDB_USER: this.pg.user,
			DB_POSTGRESDB_PASSWORD: this.pg.password,
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: this.redis.host,
			QUEUE_BULL_REDIS_PORT: String(this.redis.port),
			// Should anyone turn the worker's health server on: never on every interface.
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			...this.extraEnv,
		};
	}

	/**
	 * The main's user folder gets the package the way the community panel installs it; each worker
	 * gets a copy of that nodes folder (a worker loads node types from its own user folder).
	 */
	async prepareN8n(tarball) {
		const mainFolder = path.join(this.baseDir, 'main');
		fs.mkdirSync(mainFolder, { recursive: true });
		await harness.installPackage(mainFolder, tarball);
		const env = this.n8nEnv();
		this.main = new harness.N8nInstance({ n8n: this.n8n, userFolder: mainFolder, env });
		for (let i = 1; i <= this.workerCount; i++) {
			const userFolder = path.join(this.baseDir, `worker${i}`);
			const nodes = path.join('.n8n', 'nodes');
			fs.cpSync(path.join(mainFolder, nodes), path.join(userFolder, nodes), { recursive: true });
			this.workers.push(
				new harness.N8nInstance({ n8n: this.n8n, userFolder, env, command: 'worker' }),
			);
		}
		return this.main;
	}

	async startN8n() {
		await this.main.start({ timeoutMs: 240_000 });
		await Promise.all(this.workers.map((w) => w.start({ timeoutMs: 180_000 })));
		fs.writeFileSync(
			path.join(this.baseDir, 'stack.json'),
			JSON.stringify(this.describe(), null, 2),
		);
	}

	/** Which worker's log says it took that execution (-1: none). */
	workerRunning(executionId) {
		const line = `Worker started execution ${executionId} (job`;
		return this.workers.findIndex((w) => w.log().includes(line));
	}

	/** The rows of a query on n8n's database, as JSON objects. */
	async rows(sql) {
		return JSON.parse(await this.pg.psql(`SELECT coalesce(json_agg(q), '[]') FROM (${sql}) q`));
	}

	/** A Redis command through redis-cli (Debian's redis-tools, a dependency of redis-server). */
	async redisCli(...args) {
		const cli = ['-h', this.redis.host, '-p', String(this.redis.port), '--raw', ...args];
		const result = await harness.run('redis-cli', cli);
		if (result.code !== 0) throw new Error(`redis-cli ${args.join(' ')}: ${result.stderr}`);
		return result.stdout.trim();
	}

	describe() {
		return {
			postgres: this.pg && { port: this.pg.port, pid: this.pg.pid, dataDir: this.pg.dataDir },
			redis: this.redis && { port: this.redis.port, pid: this.redis.pid },
			main: this.main && { port: this.main.port, pid: this.main.child?.pid ?? null },
			workers: this.workers.map((w) => ({ pid: w.child?.pid ?? null, log: w.logFile })),
		};
	}

	/** Everything it started, the n8n processes first; safe after a partial start and twice. */
	async stop() {
		await Promise.all(this.workers.map((w) => w.stop({ graceMs: 15_000 })));
		await this.main?.stop({ graceMs: 15_000 });
		await this.redis?.stop();
		await this.pg?.stop();
	}
}

module.exports = { QueueStack };
