'use strict';
/** Prints where the time went (also kept in .e2e/run-<major>/timings.json). */
const fs = require('node:fs');
const path = require('node:path');

module.exports = async function globalTeardown() {
	const runDir = process.env.E2E_RUN_DIR;
	if (!runDir) return;
	const file = path.join(runDir, 'timings.json');
	if (!fs.existsSync(file)) return;
	const t = JSON.parse(fs.readFileSync(file, 'utf8'));
	t.totalMs = Date.now() - Date.parse(t.startedAt);
	fs.writeFileSync(file, JSON.stringify(t, null, 2));
	const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
	const lines = [
		`e2e timings, n8n ${t.n8nVersion}:`,
		`  n8n install: ${t.n8nInstall.cold ? 'cold' : 'cached'} ${s(t.n8nInstall.ms)}`,
		`  build + pack: ${s(t.buildAndPackMs)}`,
		...t.phases.map((p) => `  ${p.name}: ${s(p.ms)}`),
		`  total: ${s(t.totalMs)}`,
	];
	console.log(`\n${lines.join('\n')}\n`);
};
