'use strict';
/**
 * The environment one n8n runs with: its own user folder, ports on 127.0.0.1, no telemetry, community
 * packages on, the public API on, and nothing inherited from the caller's env but PATH (so no
 * proxies, no internet). E2E_N8N_ENV (JSON) adds settings; the instance's own env wins over both.
 */

const path = require('node:path');
const { ENCRYPTION_KEY } = require('./basics.js');

/**
 * @param {object} o
 * @param {object} o.n8n          ensureN8n()'s answer
 * @param {string} o.userFolder   N8N_USER_FOLDER
 * @param {number} o.port         n8n's HTTP port
 * @param {number} o.brokerPort   the task runners' broker port
 * @param {object} [o.extraEnv]   the instance's own additions
 */
function n8nEnv({ n8n, userFolder, port, brokerPort, extraEnv = {} }) {
	const base = {
		PATH: `${path.dirname(n8n.nodeBin)}:${process.env.PATH}`,
		HOME: userFolder,
		TZ: 'UTC',
		GENERIC_TIMEZONE: 'UTC',
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}`,
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_PUBLIC_API_DISABLED: 'false',
		N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'true',
		DB_SQLITE_POOL_SIZE: '2',
		N8N_LOG_LEVEL: process.env.E2E_N8N_LOG_LEVEL || 'debug',
		N8N_LOG_OUTPUT: 'console',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		EXECUTIONS_DATA_PRUNE: 'false',
		N8N_GIT_NODE_DISABLE_BARE_REPOS: 'true',
		NODE_OPTIONS: '--max-old-space-size=2048',
		NO_COLOR: '1',
		FORCE_COLOR: '0',
	};
	if (n8n.major >= 2) {
		base.N8N_WEBHOOK_URL = `http://127.0.0.1:${port}/`;
		// Refreshes a catalogue from the internet at start; there is none here.
		base.N8N_DISABLED_MODULES = 'mcp-registry';
	} else {
		base.WEBHOOK_URL = `http://127.0.0.1:${port}/`;
		// 1.x: task runners are opt-in; turn them on so a Code node runs the same way as in 2.x.
		base.N8N_RUNNERS_ENABLED = 'true';
		base.N8N_RUNNERS_MODE = 'internal';
		// 1.123's default expression engine ('vm') needs isolated-vm 6, which needs Node >= 22 and
		// does not build on the Node 20 that 1.x runs on here: every command then exits at start.
		base.N8N_EXPRESSION_ENGINE = 'legacy';
	}
	// E2E_N8N_ENV='{"N8N_SCHEDULER_ENABLED":"true",…}' runs the same tests with other n8n settings.
	const fromCaller = process.env.E2E_N8N_ENV ? JSON.parse(process.env.E2E_N8N_ENV) : {};
	// Keep n8n away from the internet: no proxies inherited, nothing else from the caller's env.
	return { ...base, ...fromCaller, ...extraEnv };
}

module.exports = { n8nEnv };
