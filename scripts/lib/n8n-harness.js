'use strict';
/**
 * Runs a real n8n with this package installed, for the e2e tests (test/e2e/) and `npm run demo`.
 * Plain CommonJS, no dependencies beyond Node itself. This file is the entry every caller requires;
 * the work is split by concern under harness/:
 *
 *   basics.js            constants, log, run, freePort, sleep, tail; children ended on exit
 *   install.js           ensureN8n(major): install (once, into .cache/) or reuse the pinned n8n and
 *                        its Node; buildAndPack(stateDir), installPackage(): what the panel installs
 *   n8n-env.js           the environment one n8n runs with
 *   n8n-process.js       one n8n process: user folder, CLI import/publish, start, stop/kill by PID
 *   n8n-client.js        N8nInstance: that process plus its REST/public-API client
 *   stand-in-control.js  the Zendesk stand-in's /__control API
 *   documents.js         credential and workflow documents; the items and error of an execution
 *
 * Every process it starts is a process-group leader (detached), so stop()/kill() end the whole
 * group (n8n and its task runner) by that PID, and nothing else.
 */

const basics = require('./harness/basics.js');
const install = require('./harness/install.js');
const { N8nInstance } = require('./harness/n8n-client.js');
const { standInControl } = require('./harness/stand-in-control.js');
const documents = require('./harness/documents.js');

module.exports = {
	REPO_ROOT: basics.REPO_ROOT,
	PACKAGE_NAME: basics.PACKAGE_NAME,
	NODE_TYPE: basics.NODE_TYPE,
	VERSIONS: basics.VERSIONS,
	OWNER: basics.OWNER,
	ENCRYPTION_KEY: basics.ENCRYPTION_KEY,
	sleep: basics.sleep,
	log: basics.log,
	run: basics.run,
	freePort: basics.freePort,
	selectMajor: install.selectMajor,
	ensureN8n: install.ensureN8n,
	buildAndPack: install.buildAndPack,
	installPackage: install.installPackage,
	N8nInstance,
	standInControl,
	triggerItems: documents.triggerItems,
	executionError: documents.executionError,
	makeId: documents.makeId,
	uuid: documents.uuid,
	apiTokenCredential: documents.apiTokenCredential,
	oauth2Credential: documents.oauth2Credential,
	triggerWorkflow: documents.triggerWorkflow,
	cronAtSecond: documents.cronAtSecond,
	tail: basics.tail,
};
