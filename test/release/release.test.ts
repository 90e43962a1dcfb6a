/**
 * What n8n's verification and npm's provenance need, checked here because the workflows cannot run
 * on this machine: the GitHub workflows are parsed with a YAML parser, the publish workflow's version
 * check is run for real, and the package is packed with `npm pack --dry-run`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const pkg = JSON.parse(read('package.json'));

interface Step {
	name?: string;
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
	env?: Record<string, string>;
}
interface Job {
	steps: Step[];
}
interface Workflow {
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs: Record<string, Job>;
}

const workflow = (name: string) => parse(read(`.github/workflows/${name}`)) as Workflow;
const runs = (job: Job) => job.steps.map((step) => step.run ?? '');
const stepIndex = (job: Job, command: RegExp) => runs(job).findIndex((run) => command.test(run));

/** The test command of the README's opening block (the line after `npm ci && npm run demo`). */
function readmeTestCommand(): string {
	const block = /^```sh\n([\s\S]*?)```/m.exec(read('README.md'));
	const commands = (block?.[1] ?? '').split('\n').map((line) => line.split('#')[0].trim());
	expect(commands[0]).toBe('npm ci && npm run demo');
	return commands[1];
}

describe('CI workflow', () => {
	const ci = workflow('ci.yml');

	it("should run the README's test command after a clean install, on pushes and pull requests", () => {
		const testCommand = readmeTestCommand();
		expect(testCommand).toBe('npm test');
		expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
		const test = ci.jobs.test;
		expect(stepIndex(test, /^npm ci$/)).toBeGreaterThanOrEqual(0);
		expect(stepIndex(test, new RegExp(`^${testCommand}$`))).toBeGreaterThan(
			stepIndex(test, /^npm ci$/),
		);
	});

	it("should run n8n's lint and verification scan, and the full .ci/run", () => {
		const all = Object.values(ci.jobs).flatMap(runs);
		expect(all).toEqual(expect.arrayContaining(['npm run lint', 'npm run scan', '.ci/run']));
		expect(read('.ci/run')).toMatch(/^npm test$/m);
		expect(read('.ci/run')).toMatch(/^npm run scan$/m);
	});
});

describe('publish workflow', () => {
	const publish = workflow('publish.yml');
	const job = publish.jobs.publish;

	it('should publish only when a version tag is pushed', () => {
		expect(publish.on).toEqual({ push: { tags: ['v*.*.*'] } });
	});

	it('should publish with npm provenance, which needs an OIDC token from GitHub', () => {
		expect(publish.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
		expect(runs(job)).toContain('npm publish --provenance --access public');
		const setup = job.steps.find((step) => step.uses?.startsWith('actions/setup-node'));
		expect(setup?.with).toMatchObject({ 'registry-url': 'https://registry.npmjs.org' });
		// Trusted publishing needs npm 11.5 or later, which ships with Node 24.
		expect(Number(setup?.with?.['node-version'])).toBeGreaterThanOrEqual(24);
	});

	it('should test, lint, scan and build before it publishes', () => {
		const publishAt = stepIndex(job, /^npm publish/);
		for (const before of [
			/^npm ci$/,
			/^npm test$/,
			/^npm run lint$/,
			/^npm run scan$/,
			/^npm run build$/,
		]) {
			const at = stepIndex(job, before);
			expect({ step: String(before), at: at >= 0 && at < publishAt }).toEqual({
				step: String(before),
				at: true,
			});
		}
	});

	// The check is the workflow's own shell step, run here as GitHub would run it.
	const versionCheck = job.steps.find((step) => /CHANGELOG/.test(step.name ?? ''))?.run ?? '';
	const check = (tag: string) =>
		spawnSync('bash', ['-e', '-c', versionCheck], {
			cwd: ROOT,
			env: { ...process.env, GITHUB_REF_NAME: tag },
			encoding: 'utf8',
		});

	it("should accept the tag of package.json's version, which CHANGELOG.md lists", () => {
		expect(versionCheck).not.toBe('');
		expect(check(`v${pkg.version}`).status).toBe(0);
	});

	it('should refuse a tag that is not the version in package.json', () => {
		const result = check('v99.0.0');
		expect(result.status).not.toBe(0);
		expect(result.stdout).toContain('is not v');
	});
});

describe('package.json, as n8n verification reads it', () => {
	it('should name the author with an email, the repository, homepage and bugs on GitHub', () => {
		expect(pkg.author.email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
		expect(pkg.repository).toEqual({
			type: 'git',
			url: expect.stringMatching(/^git\+https:\/\/github\.com\/.+\.git$/),
		});
		const repoPage = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
		expect(pkg.homepage).toBe(`${repoPage}#readme`);
		expect(pkg.bugs).toEqual({ url: `${repoPage}/issues` });
	});

	it('should be found as a community node and have no runtime dependencies', () => {
		expect(pkg.name).toMatch(/^n8n-nodes-/);
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.dependencies).toBeUndefined();
		expect(Object.keys(pkg.peerDependencies)).toEqual(['n8n-workflow']);
	});
});

describe('npm pack', () => {
	let files: string[];
	beforeAll(() => {
		execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'ignore' });
		const packed = execFileSync('npm', ['pack', '--dry-run', '--json'], {
			cwd: ROOT,
			encoding: 'utf8',
		});
		files = (JSON.parse(packed) as Array<{ files: Array<{ path: string }> }>)[0].files.map(
			(file) => file.path,
		);
	}, 120_000);

	it('should ship every node and credential n8n loads, with both icons each', () => {
		const icons = ['dist/nodes/ZendeskExportTrigger', 'dist/credentials'].flatMap((dir) => [
			`${dir}/zendesk.svg`,
			`${dir}/zendesk.dark.svg`,
		]);
		expect(files).toEqual(
			expect.arrayContaining([...pkg.n8n.nodes, ...pkg.n8n.credentials, ...icons]),
		);
	});

	it('should ship the README, licence and changelog, and nothing from tests, scripts or sources', () => {
		expect(files).toEqual(
			expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']),
		);
		const stray = files.filter(
			(file) =>
				!file.startsWith('dist/') &&
				!['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'index.js'].includes(file),
		);
		expect(stray).toEqual([]);
		expect(files.filter((file) => /^dist\/(test|bench|scripts)\//.test(file))).toEqual([]);
	});
});
