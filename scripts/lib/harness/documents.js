'use strict';
/**
 * Documents for n8n: credentials and workflows to import (the trigger first, extra nodes chained
 * after it), and what an execution holds (the trigger's items, its error).
 */

const { NODE_TYPE } = require('./basics.js');

/** The items the trigger node emitted in one execution. */
function triggerItems(execution, nodeName) {
	const runs = execution?.data?.resultData?.runData?.[nodeName];
	if (!Array.isArray(runs)) return [];
	return runs.flatMap((run) => (run?.data?.main?.[0] ?? []).map((item) => item.json));
}

function executionError(execution) {
	const error = execution?.data?.resultData?.error;
	if (!error) return null;
	return {
		message: error.message,
		description: error.description,
		httpCode: error.httpCode,
		name: error.name,
	};
}

let idCounter = 0;
/** A 16-character id like n8n's own. */
function makeId(prefix) {
	idCounter++;
	const base = `${prefix}${Date.now().toString(36)}${idCounter.toString(36)}`.replace(
		/[^a-zA-Z0-9]/g,
		'',
	);
	return (base + 'x'.repeat(16)).slice(0, 16);
}

function uuid() {
	return require('node:crypto').randomUUID();
}

function apiTokenCredential({
	id = makeId('cred'),
	name,
	baseUrl,
	email = 'admin@example.com',
	apiToken = 'admin-api-token',
	subdomain = 'acme',
}) {
	return {
		id,
		name: name ?? `Zendesk (${email})`,
		type: 'zendeskExportApi',
		data: { subdomain, email, apiToken, baseUrl },
	};
}

function oauth2Credential({
	id = makeId('cred'),
	name,
	baseUrl,
	grantType = 'authorizationCode',
	clientId = 'n8n-client',
	clientSecret = 'n8n-client-secret',
	tokenData,
	subdomain = 'acme',
}) {
	const data = { subdomain, grantType, clientId, clientSecret, baseUrl };
	if (tokenData) data.oauthTokenData = tokenData;
	return {
		id,
		name: name ?? `Zendesk OAuth2 (${grantType})`,
		type: 'zendeskExportOAuth2Api',
		data,
	};
}

/**
 * A workflow whose first node is the Zendesk Export Trigger.
 * @param {object} o
 * @param {string} [o.cron]       poll time as a cron expression (n8n's "Custom" mode)
 * @param {object} [o.parameters] trigger parameters (authentication, event, startFrom, startDate, options)
 * @param {object} o.credential   { id, name, type }
 * @param {Array}  [o.extraNodes] nodes connected in a chain after the trigger
 */
function triggerWorkflow({
	id = makeId('wf'),
	name,
	cron = '30 * * * * *',
	parameters = {},
	credential,
	extraNodes = [],
	triggerName = 'Zendesk Export Trigger',
}) {
	const authentication = credential.type === 'zendeskExportApi' ? 'apiToken' : 'oAuth2';
	const trigger = {
		id: uuid(),
		name: triggerName,
		type: NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {
			pollTimes: { item: [{ mode: 'custom', cronExpression: cron }] },
			authentication,
			event: 'createdOrUpdated',
			startFrom: 'now',
			options: {},
			...parameters,
		},
		credentials: { [credential.type]: { id: credential.id, name: credential.name } },
	};
	const nodes = [trigger];
	const connections = {};
	let previous = trigger;
	extraNodes.forEach((node, i) => {
		const full = {
			id: uuid(),
			typeVersion: 1,
			position: [260 * (i + 1), 0],
			parameters: {},
			...node,
		};
		nodes.push(full);
		connections[previous.name] = { main: [[{ node: full.name, type: 'main', index: 0 }]] };
		previous = full;
	});
	return {
		id,
		name: name ?? `Zendesk export ${id}`,
		active: false,
		nodes,
		connections,
		settings: {
			executionOrder: 'v1',
			saveManualExecutions: true,
			saveDataSuccessExecution: 'all',
			saveDataErrorExecution: 'all',
			saveExecutionProgress: false,
		},
		staticData: null,
		pinData: {},
		versionId: uuid(),
		meta: {},
		tags: [],
	};
}

/** A 6-field cron that fires once a minute at the given second (n8n accepts one fixed second). */
function cronAtSecond(second) {
	return `${((Math.round(second) % 60) + 60) % 60} * * * * *`;
}

module.exports = {
	triggerItems,
	executionError,
	makeId,
	uuid,
	apiTokenCredential,
	oauth2Credential,
	triggerWorkflow,
	cronAtSecond,
};
