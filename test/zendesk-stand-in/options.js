'use strict';
/**
 * The stand-in's options: their defaults, which may change at run time (POST /__control/config,
 * setConfig) and which are fixed at start, how a value is checked and coerced, and the CLI flags
 * that set them. README.md in this folder says what each option does.
 */

const { ADMIN } = require('./store.js');
const { EVENT_DEFAULTS, EVENT_ENUMS, EVENT_FIXED_KEYS } = require('./event-options.js');
const { METRIC_EVENT_DEFAULTS, METRIC_EVENT_ENUMS } = require('./metric-events.js');

const DEFAULTS = Object.freeze({
	port: 0,
	seedTickets: 0,
	clock: 'real',
	virtualStartMs: null,
	exportLimitPerWindow: 10,
	cursorExportLimitPerWindow: 0,
	rateWindowMs: 60000,
	sampleLimitPerWindow: 10,
	sampleWindowMs: 20 * 60000,
	accountLimitPerMinute: 700,
	rateLimitRetryAfter: 'seconds',
	perPageMax: 1000,
	accessTokenLifetimeSeconds: 7200,
	refreshTokenLifetimeSeconds: 30 * 86400,
	withheldSeconds: 60,
	descriptionBytes: 300,
	clockOffsetSeconds: 0,
	tooRecentStyle: '400',
	emptyEndTime: 'start',
	cursorOnEmptyStart: 'null',
	stuck: false,
	randomSeed: 1,
	oauthUserEmail: ADMIN.email,
	// Real-world shapes (README.md, "Real-world shapes"); all off by default.
	omitEndOfStream: false,
	generatedTimestampStyle: 'number',
	endTimeSkewSeconds: 0,
	futureEndTime: false,
	futureRowSeconds: 0,
	filterAfterPaging: false,
	// Ticket field ids the ticket fields list leaves out, as if an admin had deleted them.
	deletedTicketFieldIds: [],
	replayPreviousPage: false,
	sameTimePageForEveryStart: false,
	alternatingCursors: false,
	echoSecretsIn401: false,
	// Ticket events, users and organizations (event-options.js).
	...EVENT_DEFAULTS,
	// Ticket metric events (metric-events.js).
	...METRIC_EVENT_DEFAULTS,
});

/** Options fixed at start; POST /__control/config may change all the others. */
const FIXED_KEYS = ['port', 'seedTickets', 'clock', 'virtualStartMs', ...EVENT_FIXED_KEYS];
const RUNTIME_KEYS = Object.keys(DEFAULTS).filter((k) => !FIXED_KEYS.includes(k));
const ENUMS = {
	clock: ['real', 'virtual'],
	tooRecentStyle: ['400', '422', '400-text', '422-text'],
	emptyEndTime: ['start', 'cutoff', 'null'],
	cursorOnEmptyStart: ['null', 'position'],
	generatedTimestampStyle: ['number', 'string', 'missing'],
	rateLimitRetryAfter: ['seconds', 'none'],
	...EVENT_ENUMS,
	...METRIC_EVENT_ENUMS,
};

function normalizeOptions(options) {
	const config = { ...DEFAULTS };
	for (const [k, v] of Object.entries(options || {})) {
		if (v === undefined) continue;
		if (!(k in DEFAULTS)) throw new Error(`Unknown stand-in option: ${k}`);
		config[k] = v;
	}
	validateConfig(config);
	return config;
}

function validateConfig(config) {
	for (const [key, allowed] of Object.entries(ENUMS)) {
		config[key] = String(config[key]);
		if (!allowed.includes(config[key])) {
			throw new Error(`${key} must be one of ${allowed.join(', ')}`);
		}
	}
	for (const key of Object.keys(DEFAULTS)) {
		if (typeof DEFAULTS[key] === 'number') {
			const n = Number(config[key]);
			if (!Number.isFinite(n)) throw new Error(`${key} must be a number`);
			config[key] = n;
		} else if (typeof DEFAULTS[key] === 'boolean') {
			const v = config[key];
			if (![true, false, 'true', 'false'].includes(v)) {
				throw new Error(`${key} must be true or false`);
			}
			config[key] = v === true || v === 'true';
		}
	}
	if (config.virtualStartMs != null) {
		const n = Number(config.virtualStartMs);
		if (!Number.isFinite(n)) throw new Error('virtualStartMs must be a number');
		config.virtualStartMs = n;
	}
	config.perPageMax = Math.max(1, Math.floor(config.perPageMax));
	config.cursorExportLimitPerWindow = Math.max(0, Math.floor(config.cursorExportLimitPerWindow));
	config.usersCursorExportLimitPerWindow = Math.max(
		0,
		Math.floor(config.usersCursorExportLimitPerWindow),
	);
}

const CLI_ALIASES = {
	seed: 'seedTickets',
	'export-limit': 'exportLimitPerWindow',
	'token-lifetime-seconds': 'accessTokenLifetimeSeconds',
	'account-limit': 'accountLimitPerMinute',
	'sample-limit': 'sampleLimitPerWindow',
};

function parseArgs(argv) {
	const options = {};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (!arg.startsWith('--')) throw new Error(`Unexpected argument: ${arg}`);
		let [name, value] = arg.slice(2).split(/=(.*)/s, 2);
		if (value === undefined) {
			const next = argv[i + 1];
			if (next !== undefined && !next.startsWith('--')) {
				value = next;
				i++;
			} else value = 'true';
		}
		const key = CLI_ALIASES[name] || name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
		if (!(key in DEFAULTS)) throw new Error(`Unknown option --${name}`);
		options[key] = value;
	}
	return options;
}

module.exports = { DEFAULTS, RUNTIME_KEYS, normalizeOptions, validateConfig, parseArgs };
