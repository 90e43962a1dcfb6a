/**
 * A poll context for tests that sends REAL HTTP through n8n-core's own request helpers, so nock
 * sees exactly what n8n would send and the errors are exactly what n8n would throw.
 *
 * Real (n8n-core 2.41, `getRequestHelperFunctions`): `httpRequestWithAuthentication`,
 * `requestOAuth2` (bearer signing, refresh on 401, saving the new token pair), the outbound
 * axios client, and the `NodeApiError` wrapping of failures.
 *
 * Faked, following n8n's CredentialsHelper (packages/cli/src/credentials-helper.ts, 2.41):
 * `getCredentials` applies the credential type's defaults and resolves its expressions (`$self`)
 * with n8n-workflow's expression engine, dropping stored hidden fields as n8n does for the OAuth
 * ones; `authenticate` runs the type's function or resolves its generic form; the credential
 * store is an object in memory, and token refreshes are recorded in `credentialStore`.
 */
import { returnJsonArray } from 'n8n-core';
// Not re-exported from n8n-core's root in 2.41; the package has no "exports" map, so the deep path
// is reachable. It is the factory PollContext itself uses for `this.helpers`.
import { getRequestHelperFunctions } from 'n8n-core/dist/execution-engine/node-execution-context/utils/request-helper-functions';
import { NodeHelpers, Workflow } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IPollFunctions,
	IWorkflowExecuteAdditionalData,
	Logger,
	WorkflowActivateMode,
} from 'n8n-workflow';

import { ZendeskExportApi } from '../../credentials/ZendeskExportApi.credentials';
import { ZendeskExportOAuth2Api } from '../../credentials/ZendeskExportOAuth2Api.credentials';

export type FakeCredentialType = 'zendeskExportOAuth2Api' | 'zendeskExportApi';

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

export interface CredentialStore {
	/** The stored data; a token refresh replaces `oauthTokenData` here, as n8n's database would. */
	data: ICredentialDataDecryptedObject;
	/** Every `oauthTokenData` n8n asked to save, in order. */
	oauthTokenUpdates: IDataObject[];
}

export type FakePollContext = IPollFunctions & {
	logger: RecordingLogger;
	credentialStore: CredentialStore;
};

export const CREDENTIAL_TYPES: Record<FakeCredentialType, ICredentialType> = {
	zendeskExportApi: new ZendeskExportApi(),
	zendeskExportOAuth2Api: new ZendeskExportOAuth2Api(),
};

/**
 * The properties of n8n-nodes-base's `oAuth2Api` (2.41) that n8n-core reads, which a child
 * credential inherits unless it redefines them.
 */
const OAUTH2_API_PROPERTIES: INodeProperties[] = [
	{
		displayName: 'Use Dynamic Client Registration',
		name: 'useDynamicClientRegistration',
		type: 'hidden',
		default: false,
	},
	{
		displayName: 'Grant Type',
		name: 'grantType',
		type: 'options',
		options: [
			{ name: 'Authorization Code', value: 'authorizationCode' },
			{ name: 'Client Credentials', value: 'clientCredentials' },
			{ name: 'PKCE', value: 'pkce' },
		],
		default: 'authorizationCode',
	},
	{ displayName: 'Authorization URL', name: 'authUrl', type: 'string', default: '' },
	{ displayName: 'Access Token URL', name: 'accessTokenUrl', type: 'string', default: '' },
	{ displayName: 'Client ID', name: 'clientId', type: 'string', default: '' },
	{
		displayName: 'Client Secret',
		name: 'clientSecret',
		type: 'string',
		typeOptions: { password: true },
		default: '',
	},
	{ displayName: 'Scope', name: 'scope', type: 'string', default: '' },
	{
		displayName: 'Auth URI Query Parameters',
		name: 'authQueryParameters',
		type: 'string',
		default: '',
	},
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{ name: 'Body', value: 'body' },
			{ name: 'Header', value: 'header' },
		],
		default: 'header',
	},
];

export function credentialProperties(type: FakeCredentialType): INodeProperties[] {
	const credentialType = CREDENTIAL_TYPES[type];
	if (!credentialType.extends?.includes('oAuth2Api')) return credentialType.properties;
	const merged: INodeProperties[] = [];
	NodeHelpers.mergeNodeProperties(merged, OAUTH2_API_PROPERTIES);
	NodeHelpers.mergeNodeProperties(merged, credentialType.properties);
	return merged;
}

const mockNodeTypes: INodeTypes = {
	getKnownTypes: () => ({}),
	getByName: () => ({ description: { properties: [] } }) as unknown as INodeType,
	getByNameAndVersion: () => ({ description: { properties: [] } }) as unknown as INodeType,
};

/** A workflow used only to evaluate expressions with n8n's own engine. */
export function expressionWorkflow(): Workflow {
	const node: INode = {
		id: 'expression-node',
		name: 'Expression',
		type: 'mock',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	return new Workflow({
		id: 'expressions',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: mockNodeTypes,
	});
}

/**
 * What n8n hands to a node for stored credential data: defaults filled in, stored hidden fields
 * replaced by the type's, expressions (`$self`) resolved. See `applyDefaultsAndOverwrites`.
 */
export function resolveCredentialData(
	type: FakeCredentialType,
	stored: ICredentialDataDecryptedObject,
): ICredentialDataDecryptedObject {
	const workflow = expressionWorkflow();
	const properties = credentialProperties(type);
	const kept = { ...stored };
	for (const property of properties) {
		if (property.type === 'hidden') delete kept[property.name];
	}
	const withDefaults = NodeHelpers.getNodeParameters(
		properties,
		kept as INodeParameters,
		true,
		false,
		null,
		null,
	) as ICredentialDataDecryptedObject;
	if (stored.oauthTokenData !== undefined) withDefaults.oauthTokenData = stored.oauthTokenData;
	const mockNode = workflow.getNode('Expression') as INode;
	return workflow.expression.getComplexParameterValue(
		mockNode,
		withDefaults as INodeParameters,
		'internal',
		{},
		undefined,
		undefined,
		withDefaults,
	) as ICredentialDataDecryptedObject;
}

/** `authenticate` as n8n's CredentialsHelper applies it. */
export async function applyAuthenticate(
	type: FakeCredentialType,
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const workflow = expressionWorkflow();
	const { authenticate } = CREDENTIAL_TYPES[type];
	if (authenticate === undefined) return requestOptions;
	if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
	const node = workflow.getNode('Expression') as INode;
	const resolve = (value: string) =>
		String(
			workflow.expression.getSimpleParameterValue(
				node,
				value,
				'internal',
				{ $credentials: credentials },
				undefined,
				'',
			) ?? '',
		);
	const options = requestOptions as unknown as Record<string, Record<string, string>>;
	for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
		options[outerKey] = options[outerKey] ?? {};
		for (const [key, value] of Object.entries(outerValue as Record<string, string>)) {
			options[outerKey][resolve(key)] = resolve(value);
		}
	}
	return requestOptions;
}

/** The part of n8n's ICredentialsHelper that n8n-core's request helpers call. */
export function createFakeCredentialsHelper(credentialStore: CredentialStore) {
	return {
		getParentTypes: (name: string) => CREDENTIAL_TYPES[name as FakeCredentialType]?.extends ?? [],
		isCredentialUsableByNode: () => true,
		getCredentialsProperties: (type: string) => credentialProperties(type as FakeCredentialType),
		authenticate: async (
			credentials: ICredentialDataDecryptedObject,
			typeName: string,
			requestOptions: IHttpRequestOptions,
		) => await applyAuthenticate(typeName as FakeCredentialType, credentials, requestOptions),
		// Neither credential declares an expirable property or a preAuthentication hook.
		preAuthentication: async () => undefined,
		runPreAuthentication: async () => undefined,
		getDecrypted: async (
			_additionalData: unknown,
			_nodeCredentials: INodeCredentialsDetails,
			type: string,
			_mode: unknown,
			_executeData: unknown,
			raw?: boolean,
		) =>
			raw === true
				? { ...credentialStore.data }
				: resolveCredentialData(type as FakeCredentialType, credentialStore.data),
		updateCredentialsOauthTokenData: async (
			_nodeCredentials: INodeCredentialsDetails,
			_type: string,
			data: ICredentialDataDecryptedObject,
		) => {
			const tokenData = data.oauthTokenData as IDataObject;
			credentialStore.oauthTokenUpdates.push(tokenData);
			credentialStore.data = { ...credentialStore.data, oauthTokenData: tokenData };
		},
		updateCredentials: async () => {
			throw new Error('updateCredentials is not part of this fake');
		},
		getCredentials: async () => {
			throw new Error('getCredentials is not part of this fake');
		},
	};
}

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
