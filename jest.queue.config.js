/**
 * The queue-mode e2e suite: n8n 2.41.1 with EXECUTIONS_MODE=queue on a private Postgres and Redis,
 * a main and two workers, killed on purpose (`npm run test:e2e:queue`, about 12 min). Not part of
 * `npm run test:e2e`: it needs Postgres and redis-server (installed with apt-get when missing).
 * It ends by printing `N passed, N failed`.
 */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e-queue'],
	testMatch: ['**/*.e2e.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json', diagnostics: false }] },
	globalSetup: '<rootDir>/test/e2e-queue/global-setup.js',
	globalTeardown: '<rootDir>/test/e2e/global-teardown.js',
	reporters: ['default', '<rootDir>/test/e2e-queue/summary-reporter.js'],
	testTimeout: 15 * 60_000,
	slowTestThreshold: 60,
	maxWorkers: 1,
	verbose: true,
};
