/**
 * A poll context for tests that sends REAL HTTP through n8n-core's own request helpers, so nock
 * sees exactly what n8n would send and the errors are exactly what n8n would throw.
 *
 * Real (n8n-core 2.41, `getRequestHelperFunctions`): `httpRequestWithAuthentication`,
 * `requestOAuth2` (bearer signing, refresh on 401, saving the new token pair), the outbound
 * axios client, and the `NodeApiError` wrapping of failures.
 *
 * Faked: the credentials (see fake-credentials.ts, which also keeps the token refreshes in
 * `credentialStore`), the workflow around the node, and the logger, which records every line.
 */
import { returnJsonArray } from 'n8n-core';
// Not re-exported from n8n-core's root in 2.41; the package has no "exports" map, so the deep path
// is reachable. It is the factory PollContext itself uses for `this.helpers`.
import { getRequestHelperFunctions } from 'n8n-core/dist/execution-engine/node-execution-context/utils/request-helper-functions';
import { Workflow } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	IPollFunctions,
	IWorkflowExecuteAdditionalData,
	Logger,
	WorkflowActivateMode,
} from 'n8n-workflow';

import {
	createFakeCredentialsHelper,
	mockNodeTypes,
	resolveCredentialData,
	type CredentialStore,
	type FakeCredentialType,
} from './fake-credentials';

// The credential fakes were first written here; tests import them from either file.
export {
	CREDENTIAL_TYPES,
	applyAuthenticate,
	credentialProperties,
	createFakeCredentialsHelper,
	expressionWorkflow,
	resolveCredentialData,
	type CredentialStore,
	type FakeCredentialType,
} from './fake-credentials';

export interface FakePollContextOptions {
	credentialType: FakeCredentialType;
	/** The stored credential data, as n8n keeps it (hidden fields are filled from the type). */
	credentials: ICredentialDataDecryptedObject;
	/**
	 * What `getNodeParameter` returns for a name, as n8n would after evaluating an expression the
	 * parameter holds (`getNode().parameters` keeps the expression as written).
	 */
	evaluatedParameters?: Record<string, unknown> | (() => Record<string, unknown>);
	/** Parameters of the node; `getNodeParameter('a.b')` reads nested values. */
	nodeParameters?: IDataObject;
	mode: 'manual' | 'trigger';
	activationMode?: WorkflowActivateMode;
	/** The object `getWorkflowStaticData('node')` returns; pass one in to inspect it. */
	staticData?: IDataObject;
	pollBudgetMs?: number;
	/** The workflow's time zone (`getTimezone()`); UTC when not given. */
	timezone?: string;
	nodeName?: string;
	workflowId?: string;
	/** The id of the credential the node uses; 'credential-1' when not given. */
	credentialId?: string;
}

export interface LogLine {
	level: 'error' | 'warn' | 'info' | 'debug';
	message: string;
	metadata?: unknown;
}

export type RecordingLogger = Logger & { lines: LogLine[]; text(): string };

export type FakePollContext = IPollFunctions & {
	logger: RecordingLogger;
	credentialStore: CredentialStore;
};

function createRecordingLogger(): RecordingLogger {
	const lines: LogLine[] = [];
	const record =
		(level: LogLine['level']) =>
		(message: string, metadata?: unknown): void => {
			lines.push({ level, message, metadata });
		};
	return {
		lines,
		error: record('error'),
		warn: record('warn'),
		info: record('info'),
		debug: record('debug'),
		text: () =>
			lines
				.map((line) => `${line.level} ${line.message} ${JSON.stringify(line.metadata ?? null)}`)
				.join('\n'),
	};
}

function readPath(source: IDataObject, path: string): unknown {
	let value: unknown = source;
	for (const key of path.split('.')) {
		if (typeof value !== 'object' || value === null) return undefined;
		value = (value as IDataObject)[key];
	}
	return value;
}

export function createFakePollContext(options: FakePollContextOptions): FakePollContext {
	const { credentialType, mode } = options;
	// Most unit tests pin the raw record (what the engine and transport hand on); the Simplify
	// tests ask for it, and a test checks that the node itself defaults to it.
	const nodeParameters = { simplify: false, ...(options.nodeParameters ?? {}) };
	const staticData = options.staticData ?? {};
	const globalStaticData: IDataObject = {};
	const workflowId = options.workflowId ?? 'workflow-1';
	const credentialStore: CredentialStore = {
		data: { ...options.credentials },
		oauthTokenUpdates: [],
	};
	const nodeCredentials: INodeCredentialsDetails = {
		id: options.credentialId ?? 'credential-1',
		name: 'Zendesk account',
	};
	const node: INode = {
		id: 'node-1',
		name: options.nodeName ?? 'Zendesk Export Trigger',
		type: 'n8n-nodes-zendesk-export.zendeskExportTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: nodeParameters as INodeParameters,
		credentials: { [credentialType]: nodeCredentials },
	};
	const workflow = new Workflow({
		id: workflowId,
		name: 'Zendesk export test',
		nodes: [node],
		connections: {},
		active: mode === 'trigger',
		nodeTypes: mockNodeTypes,
	});
	const logger = createRecordingLogger();

	const credentialsHelper = createFakeCredentialsHelper(credentialStore);
	const additionalData = { credentialsHelper } as unknown as IWorkflowExecuteAdditionalData;

	const context = {
		// The Workflow above drops parameters of a node type it does not know; n8n keeps them as written.
		getNode: () => ({ ...node, parameters: nodeParameters as INodeParameters }),
		getWorkflow: () => ({
			id: workflowId,
			name: 'Zendesk export test',
			active: mode === 'trigger',
		}),
		getMode: () => mode,
		getActivationMode: () => options.activationMode ?? (mode === 'trigger' ? 'activate' : 'manual'),
		getTimezone: () => options.timezone ?? 'UTC',
		getPollBudgetMs: () => options.pollBudgetMs ?? 5 * 60 * 1000,
		getNodeParameter: (name: string, fallback?: unknown) => {
			const evaluated =
				typeof options.evaluatedParameters === 'function'
					? options.evaluatedParameters()
					: options.evaluatedParameters;
			if (evaluated && name in evaluated) return evaluated[name];
			const value = readPath(nodeParameters, name);
			if (value !== undefined) return value;
			if (fallback !== undefined) return fallback;
			throw new Error(`Could not get parameter "${name}"`);
		},
		getCredentials: async (type: string) => {
			if (type !== credentialType) {
				throw new Error(`Node "${node.name}" does not have any credentials of type "${type}" set`);
			}
			return resolveCredentialData(credentialType, credentialStore.data);
		},
		getWorkflowStaticData: (type: string) => (type === 'node' ? staticData : globalStaticData),
		logger,
		credentialStore,
		helpers: {
			...getRequestHelperFunctions(workflow, node, additionalData),
			returnJsonArray,
		},
	};
	return context as unknown as FakePollContext;
}
