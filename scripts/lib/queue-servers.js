'use strict';
/**
 * The two servers n8n's queue mode needs, private to one test run: a Postgres cluster (initdb into
 * a folder of the run) and a redis-server, from Debian's packages (apt-get install when missing).
 * Both listen on 127.0.0.1 only, on free ports.
 *
 * Why private servers rather than the machine's: CI has none, and a test that kills processes
 * must own every one of them. Each server is a process-group leader (detached), so stop() ends it
 * with everything it forked, by that PID, and nothing else.
 */
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { log, run, freePort, sleep, tail } = require('./n8n-harness.js');

const DB_USER = 'n8n';
const DB_NAME = 'n8n';

/** Servers started here and not seen exit: killed when the process exits, as a last resort. */
const live = new Set();
process.once('exit', () => {
	for (const child of live) signalGroup(child, 'SIGKILL');
});

function signalGroup(child, signal) {
	try {
		process.kill(-child.pid, signal);
	} catch {
		/* already gone */
	}
}

/** Spawns a process-group leader with its output in logFile; `exited` settles when it ends. */
function startServer([cmd, args], logFile) {
	const out = fs.openSync(logFile, 'a');
	const child = spawn(cmd, args, { stdio: ['ignore', out, out], detached: true });
	fs.closeSync(out);
	live.add(child);
	child.exited = new Promise((resolve) => {
		child.on('error', (error) => {
			fs.appendFileSync(logFile, `spawn failed: ${error.message}\n`);
			resolve({ code: 127 });
		});
		child.on('exit', (code, signal) => resolve({ code, signal }));
	}).finally(() => live.delete(child));
	return child;
}

/** `signal` to the group, SIGKILL when it has not exited after graceMs. */
async function stopServer(child, signal, graceMs = 15_000) {
	if (!child || !live.has(child)) return;
	signalGroup(child, signal);
	const timeout = sleep(graceMs).then(() => 'timeout');
	if ((await Promise.race([child.exited, timeout])) === 'timeout') signalGroup(child, 'SIGKILL');
	await child.exited;
}

/** Debian's layout: /usr/lib/postgresql/<major>/bin, the newest major with an initdb. */
function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return null;
	const majors = fs.readdirSync(root).filter((d) => /^\d+$/.test(d));
	majors.sort((a, b) => Number(b) - Number(a));
	const found = majors.find((m) => fs.existsSync(path.join(root, m, 'bin', 'initdb')));
	return found ? path.join(root, found, 'bin') : null;
}

/** apt-get install, as root or through sudo; `apt-get update` only when the first try fails. */
async function aptInstall(packages) {
	const asRoot = process.getuid?.() === 0;
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const apt = (...args) =>
		run(asRoot ? 'apt-get' : 'sudo', [...(asRoot ? [] : ['-n', 'apt-get']), ...args], { env });
	log(`installing ${packages.join(', ')} with apt-get`);
	const install = ['install', '-y', '--no-install-recommends', ...packages];
	let result = await apt(...install);
	if (result.code !== 0) {
		await apt('update');
		result = await apt(...install);
	}
	if (result.code !== 0)
		throw new Error(`apt-get install ${packages.join(' ')} failed:\n${tail(result.stderr, 20)}`);
}

async function ensurePackages() {
	if (!postgresBinDir()) await aptInstall(['postgresql']);
	if ((await run('sh', ['-c', 'command -v redis-server'])).code !== 0)
		await aptInstall(['redis-server']);
}

/** initdb refuses root: as root the cluster belongs to Debian's `postgres` user (or one made here). */
async function postgresOsUser() {
	if (process.getuid?.() !== 0) return null;
	for (const name of ['postgres', 'n8n-e2e-pg']) {
		if ((await run('id', ['-u', name])).code === 0) return name;
	}
	const made = await run('useradd', [
		'--system',
		'--no-create-home',
		'-s',
		'/usr/sbin/nologin',
		'n8n-e2e-pg',
	]);
	if (made.code !== 0) throw new Error(`useradd n8n-e2e-pg failed: ${made.stderr}`);
	return 'n8n-e2e-pg';
}

/**
 * A fresh cluster in baseDir/pg-data with a database `n8n` owned by the user `n8n` (a random
 * password over TCP). Answers { host, port, user, database, password, psql(sql), stop() }.
 */
async function startPostgres(baseDir) {
	const bin = postgresBinDir();
	const osUser = await postgresOsUser();
	const as = (cmd, args) =>
		osUser ? ['runuser', ['-u', osUser, '--', cmd, ...args]] : [cmd, args];
	const dataDir = path.join(baseDir, 'pg-data');
	// A socket path must stay under 108 bytes, whatever the checkout's path: it goes to the temp dir.
	const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-pg-'));
	fs.mkdirSync(dataDir, { mode: 0o700 });
	const password = crypto.randomBytes(12).toString('hex');
	const pwFile = path.join(socketDir, 'pw');
	fs.writeFileSync(pwFile, password);
	if (osUser) await run('chown', ['-R', osUser, dataDir, socketDir]);
	const initArgs = ['-D', dataDir, '-U', DB_USER, `--pwfile=${pwFile}`, '--auth-local=trust'];
	initArgs.push('--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync');
	const init = await run(...as(path.join(bin, 'initdb'), initArgs));
	fs.rmSync(pwFile);
	if (init.code !== 0) throw new Error(`initdb failed:\n${init.stdout}\n${init.stderr}`);

	const port = await freePort();
	const logFile = path.join(baseDir, 'postgres.log');
	const settings = [`listen_addresses=127.0.0.1`, `unix_socket_directories=${socketDir}`];
	// Durability off: the cluster lives for one test run.
	settings.push(
		'fsync=off',
		'synchronous_commit=off',
		'full_page_writes=off',
		'max_connections=60',
	);
	const args = ['-D', dataDir, '-p', String(port), ...settings.flatMap((s) => ['-c', s])];
	const child = startServer(as(path.join(bin, 'postgres'), args), logFile);
	const pg = { host: '127.0.0.1', port, user: DB_USER, database: DB_NAME, password, dataDir };
	pg.pid = child.pid;
	pg.psql = async (sql, database = DB_NAME) => {
		const psqlArgs = ['-h', pg.host, '-p', String(port), '-U', DB_USER, '-d', database, '-At'];
		psqlArgs.push('-v', 'ON_ERROR_STOP=1', '-c', sql);
		const env = { ...process.env, PGPASSWORD: password };
		const result = await run(path.join(bin, 'psql'), psqlArgs, { env });
		if (result.code !== 0) throw new Error(`psql failed: ${result.stderr.trim()}\n${sql}`);
		return result.stdout.trim();
	};
	pg.stop = async () => {
		await stopServer(child, 'SIGINT'); // Postgres's fast shutdown
		fs.rmSync(socketDir, { recursive: true, force: true });
	};
	try {
		for (let i = 0; ; i++) {
			const ready = await run(path.join(bin, 'pg_isready'), ['-h', pg.host, '-p', String(port)]);
			if (ready.code === 0) break;
			if (i > 120 || !live.has(child))
				throw new Error(`Postgres did not start:\n${tail(fs.readFileSync(logFile, 'utf8'), 30)}`);
			await sleep(250);
		}
		await pg.psql(`CREATE DATABASE ${DB_NAME}`, 'postgres');
	} catch (error) {
		await pg.stop();
		throw error;
	}
	log(`Postgres ${path.basename(path.dirname(bin))} on 127.0.0.1:${port} (data in ${dataDir})`);
	return pg;
}

/** A redis-server with no persistence: a queue that outlived a run would only confuse the next. */
async function startRedis(baseDir) {
	const port = await freePort();
	const dir = path.join(baseDir, 'redis');
	fs.mkdirSync(dir, { recursive: true });
	const logFile = path.join(baseDir, 'redis.log');
	const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
	args.push('--dir', dir, '--daemonize', 'no');
	const child = startServer(['redis-server', args], logFile);
	const redis = { host: '127.0.0.1', port, pid: child.pid };
	redis.stop = async () => await stopServer(child, 'SIGTERM');
	for (let i = 0; !(await redisPing(port)); i++) {
		if (i > 80 || !live.has(child)) {
			await redis.stop();
			throw new Error(`redis-server did not start:\n${tail(fs.readFileSync(logFile, 'utf8'), 30)}`);
		}
		await sleep(250);
	}
	log(`redis-server on 127.0.0.1:${port}`);
	return redis;
}

/** True when a Redis answers PING on 127.0.0.1:port. */
function redisPing(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		const done = (ok) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1000, () => done(false));
		socket.on('error', () => done(false));
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (data) => done(String(data).startsWith('+PONG')));
	});
}

module.exports = { ensurePackages, startPostgres, startRedis, postgresBinDir };
