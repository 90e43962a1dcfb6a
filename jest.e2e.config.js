/**
 * The e2e suite: a real n8n (2.41.1 by default, N8N_E2E_MAJOR=1 for 1.123.81) with this package
 * installed as the community-nodes panel would, polling the local Zendesk stand-in. Slow (minutes):
 * `npm run test:e2e`. Run in band: the tests share one machine, its ports and the stand-ins' clocks.
 */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json', diagnostics: false }] },
	globalSetup: '<rootDir>/test/e2e/global-setup.js',
	globalTeardown: '<rootDir>/test/e2e/global-teardown.js',
	testTimeout: 15 * 60_000,
	slowTestThreshold: 60,
	maxWorkers: 1,
	verbose: true,
};
