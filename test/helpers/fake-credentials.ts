/**
 * The credential side of the fake poll context (fake-poll-context.ts), following n8n's
 * CredentialsHelper (packages/cli/src/credentials-helper.ts, 2.41): `getCredentials` data has the
 * credential type's defaults applied and its expressions (`$self`) resolved with n8n-workflow's
 * expression engine, dropping stored hidden fields as n8n does for the OAuth ones; `authenticate`
 * runs the type's function or resolves its generic form; the credential store is an object in
 * memory, and token refreshes are recorded in it.
 */
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
} from 'n8n-workflow';

import { ZendeskExportApi } from '../../credentials/ZendeskExportApi.credentials';
import { ZendeskExportOAuth2Api } from '../../credentials/ZendeskExportOAuth2Api.credentials';

export type FakeCredentialType = 'zendeskExportOAuth2Api' | 'zendeskExportApi';

export interface CredentialStore {
	/** The stored data; a token refresh replaces `oauthTokenData` here, as n8n's database would. */
	data: ICredentialDataDecryptedObject;
	/** Every `oauthTokenData` n8n asked to save, in order. */
	oauthTokenUpdates: IDataObject[];
}

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

export const mockNodeTypes: INodeTypes = {
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
