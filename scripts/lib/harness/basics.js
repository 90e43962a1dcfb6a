'use strict';
/**
 * The harness's basics: the package's constants, logging, child processes, free ports. Every
 * process the harness starts is registered in liveChildren so process exit can end its group.
 */

const { execFile } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
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

function tail(text, lines) {
	return String(text).split('\n').slice(-lines).join('\n');
}

module.exports = {
	REPO_ROOT,
	PACKAGE_NAME,
	NODE_TYPE,
	VERSIONS,
	ENCRYPTION_KEY,
	OWNER,
	liveChildren,
	sleep,
	log,
	run,
	freePort,
	tail,
};
