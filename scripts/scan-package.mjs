#!/usr/bin/env node
/**
 * `npm run scan`: n8n's own verification analysis (@n8n/scan-community-package), run offline.
 *
 * The published CLI downloads the package and its attested GitHub source from the internet, which CI
 * cannot reach. This runs the same exported `analyzePackage` on the same two legs the CLI lints:
 *   1. the source tree: package.json and nodes/, credentials/ (the scanner's SOURCE_FILE_PATTERNS);
 *   2. the `npm pack` tarball, unpacked: its compiled .js and the published package.json.
 * Inline eslint-disable comments are ignored by the scanner (allowInlineConfig: false), so a
 * suppression cannot make this pass.
 *
 * Pins (devDependencies): @n8n/scan-community-package 0.32.0 with typescript 5.9.3 at the top level.
 * The scanner pins typescript 7.0.2, which has no JavaScript API (no lib/typescript.js), so
 * @typescript-eslint/parser cannot load it; npm keeps 7.0.2 nested under the scanner and the parser
 * resolves our 5.9.3.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The tarball leg lints exactly what the scanner lints in a downloaded package.
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

function run(cmd, args, cwd) {
	return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

function packAndUnpack(workDir) {
	run('npm', ['run', '--silent', 'build'], repoRoot);
	run('npm', ['pack', '--silent', '--pack-destination', workDir], repoRoot);
	const tarball = readdirSync(workDir).find((file) => file.endsWith('.tgz'));
	if (!tarball) throw new Error(`npm pack wrote no tarball into ${workDir}`);
	const unpacked = path.join(workDir, 'package');
	mkdirSync(unpacked);
	run('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1'], workDir);
	return { tarball, unpacked };
}

function report(leg, result) {
	// The scanner calls an empty file list a pass; here it means the patterns missed the package.
	if (result.message === 'No files found to analyze') result = { ...result, passed: false };
	if (result.passed) {
		console.log(`scan ${leg}: passed${result.message ? ` (${result.message})` : ''}`);
		return true;
	}
	console.error(`scan ${leg}: FAILED: ${result.message}`);
	if (result.details) console.error(result.details);
	return false;
}

const workDir = mkdtempSync(path.join(tmpdir(), 'zendesk-export-scan-'));
try {
	const source = await analyzePackage(repoRoot, SOURCE_FILE_PATTERNS);
	const { tarball, unpacked } = packAndUnpack(workDir);
	const packed = await analyzePackage(unpacked, TARBALL_FILE_PATTERNS);
	// Both legs always run, so one report names every problem.
	const sourceOk = report('source (package.json, nodes/, credentials/)', source);
	const packedOk = report(`tarball ${tarball} (*.js, package.json)`, packed);
	if (!sourceOk || !packedOk) process.exitCode = 1;
	else console.log('scan: 0 errors on the source and on the tarball');
} finally {
	rmSync(workDir, { recursive: true, force: true });
}
