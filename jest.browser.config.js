/**
 * The browser test: what a user clicks in n8n 2.41.1's real editor, in headless Chromium, with this
 * package installed from its tarball and the local Zendesk stand-in (`npm run test:browser`, a few
 * minutes). Plain CommonJS, like the harness it drives. The files run one after another (in band),
 * each with its own n8n, stand-in and browser (test/browser/support/session.js), so one can run
 * alone: `npm run test:browser -- next-node`.
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/browser'],
	testMatch: ['**/*.browser.test.js'],
	transform: {},
	globalSetup: '<rootDir>/test/browser/global-setup.js',
	// Each step sets its own cap; this one is for beforeAll/afterAll and anything unlisted.
	testTimeout: 5 * 60_000,
	slowTestThreshold: 60,
	maxWorkers: 1,
	verbose: true,
};
