/**
 * Pieces of examples.e2e.test.ts that do not need a running n8n: reading an example file and
 * applying what its README tells the user to set, the dummy Slack and Google credentials, the
 * check that a downstream node failed only for want of a network, and reading the Excel files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { TRIGGER, harness } from './support';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Node = { name: string; type: string; typeVersion: number; [key: string]: any };

export const EXAMPLES_DIR = path.join(harness.REPO_ROOT, 'examples');

/** What Node says when it cannot resolve a host, and n8n's wording of it. */
export const OFFLINE =
	/ENOTFOUND|EAI_AGAIN|getaddrinfo|DNS server returned an error|cannot be established/;

/**
 * Named as in the examples, with other ids: n8n's import binds the examples' credential blocks
 * (a name and a placeholder id) to these. Nothing in them is real.
 */
export const slackCredential = {
	id: harness.makeId('slack'),
	name: 'Slack account',
	type: 'slackApi',
	data: { accessToken: 'xoxb-not-a-real-token' },
};
export const sheetsCredential = {
	id: harness.makeId('gsheets'),
	name: 'Google Sheets account',
	type: 'googleSheetsOAuth2Api',
	data: {
		clientId: 'not-a-real-client',
		clientSecret: 'not-a-real-secret',
		oauthTokenData: { access_token: 'not-a-real-token', token_type: 'Bearer', expires_in: 3599 },
	},
};

/**
 * An example as the user has it after import and the README's steps: the Zendesk credential (the
 * legacy token, which the stand-in serves, so Authentication becomes API Token), plus a 6-field
 * cron instead of "every minute" so the tick lands at a known second; `edit` does the rest.
 */
export function fromExample(
	file: string,
	credential: harness.CredentialDoc,
	cron: string,
	edit: (nodes: Node[]) => void = () => undefined,
): harness.WorkflowDoc {
	const doc = JSON.parse(
		fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'),
	) as harness.WorkflowDoc;
	const nodes = doc.nodes as Node[];
	const trigger = nodes.find((n) => n.type === harness.NODE_TYPE)!;
	trigger.parameters.authentication = 'apiToken';
	trigger.credentials = { zendeskExportApi: { id: credential.id, name: credential.name } };
	trigger.parameters.pollTimes = { item: [{ mode: 'custom', cronExpression: cron }] };
	edit(nodes);
	return { ...doc, id: harness.makeId('wf') };
}

/** What a node's error says, without the node (and its parameters) that the error carries. */
export const errorText = (error: {
	message?: string;
	description?: string;
	messages?: string[];
}): string =>
	[error.message, error.description, ...(error.messages ?? [])].filter(Boolean).join(' | ');

/** The node after the trigger ran once, on the trigger's items, and failed only for want of a network. */
export function expectRanOffline(execution: harness.Execution, nodeName: string, host: string) {
	const { resultData, executionData } = execution.data;
	const runs = resultData.runData[nodeName];
	expect(runs).toHaveLength(1);
	expect(runs[0].source[0].previousNode).toBe(TRIGGER);
	// n8n keeps a failed node's input on its stack, for a retry: that is what the node was given.
	const stacked = executionData.nodeExecutionStack.find(
		(s: { node: { name: string } }) => s.node.name === nodeName,
	);
	const input = stacked.data.main[0].map((i: { json: unknown }) => i.json);
	expect(input).toEqual(harness.triggerItems(execution, TRIGGER));
	expect(execution.status).toBe('error');
	expect(resultData.lastNodeExecuted).toBe(nodeName);
	const error = runs[0].error;
	expect(error.node.name).toBe(nodeName);
	expect(errorText(error)).toMatch(OFFLINE);
	expect(errorText(error)).toContain(host);
	// Thrown by that node's own code, nowhere near ours.
	expect(error.stack).not.toContain(harness.PACKAGE_NAME);
}

/**
 * The rows of a sheet in every .xlsx file of `dir` whose name matches, read with the xlsx library
 * of the n8n under test (`@e965/xlsx` in 2.x, `xlsx` in 1.x): what wrote them reads them back.
 */
export function readXlsxRows(
	n8nDir: string,
	dir: string,
	files: string[],
	sheet: string,
): Array<Record<string, unknown>> {
	const name = ['@e965/xlsx', 'xlsx'].find((m) => {
		try {
			return Boolean(require.resolve(m, { paths: [n8nDir] }));
		} catch {
			return false;
		}
	});
	if (!name) throw new Error(`no xlsx library in ${n8nDir}`);
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const XLSX = require(require.resolve(name, { paths: [n8nDir] }));
	return files.flatMap(
		(file) => XLSX.utils.sheet_to_json(XLSX.readFile(path.join(dir, file)).Sheets[sheet]) as [],
	);
}
