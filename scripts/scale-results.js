'use strict';
/**
 * The committed results files (results/<name>.json) that docs/performance.md quotes: what was
 * measured, when, at which commit, on which machine. test/release/performance-doc.test.ts holds the
 * doc's tables to these files, so a figure in the doc always has a run behind it.
 *
 * Plain CommonJS so that `npm run soak` (JavaScript) and the compiled bench and scale scripts
 * (TypeScript, through scale-results.d.ts) write the same shape.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..');
const RESULTS_DIR = path.join(REPO_ROOT, 'results');

function git(args) {
	return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
}

/** HEAD, with "-dirty" when the working tree has changes: the figures are then not HEAD's alone. */
function currentCommit() {
	try {
		const head = git(['rev-parse', 'HEAD']);
		return git(['status', '--porcelain']) === '' ? head : `${head}-dirty`;
	} catch {
		return 'unknown';
	}
}

function currentMachine() {
	const cpuList = os.cpus();
	return {
		cpus: cpuList.length,
		cpuModel: cpuList[0]?.model ?? 'unknown',
		memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
		node: process.version,
		os: `${os.platform()} ${os.release()}`,
	};
}

const load1m = () => Math.round(os.loadavg()[0] * 100) / 100;

/** `--note "text"` on the command line: what the person running it wants the file to say. */
function noteArg(argv = process.argv) {
	const index = argv.indexOf('--note');
	return index >= 0 && argv[index + 1] !== undefined ? argv[index + 1] : null;
}

/**
 * Starts a results file's record at the beginning of a run (the date, the commit and the load are
 * the run's, not the moment the file is written). `finish` adds the figures and writes the file.
 */
function startResults(name, settings) {
	const date = new Date().toISOString();
	const commit = currentCommit();
	const loadAtStart = load1m();
	const note = noteArg();
	return {
		file: path.join(RESULTS_DIR, `${name}.json`),
		finish(figures) {
			const record = {
				date,
				finishedAt: new Date().toISOString(),
				commit,
				machine: currentMachine(),
				note:
					note ??
					'The machine is shared with other work (builds, tests, other measurements): read the load averages next to the figures.',
				load1m: { start: loadAtStart, end: load1m() },
				settings,
				...figures,
			};
			fs.mkdirSync(RESULTS_DIR, { recursive: true });
			fs.writeFileSync(this.file, `${JSON.stringify(record, null, '\t')}\n`);
			return this.file;
		},
	};
}

/** The results file written last under `name`, or null when there is none. */
function readResults(name) {
	const file = path.join(RESULTS_DIR, `${name}.json`);
	return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : null;
}

module.exports = { RESULTS_DIR, currentCommit, currentMachine, readResults, startResults };
