/**
 * Runs a credential's `test` the way n8n's credential tester does (packages/cli
 * credentials-tester.service.ts, n8n 2.41), which is not in node_modules: the request goes through
 * n8n-core's real RoutingNode and ExecuteContext (so `$credentials` expressions, authentication
 * and errors are n8n's own), then the tester's rule loop, copied below, turns the outcome into
 * `{ status, message }`.
 */
import { ExecuteContext, RoutingNode } from 'n8n-core';
import { Workflow } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	INode,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IRunExecutionData,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import {
	CREDENTIAL_TYPES,
	createFakeCredentialsHelper,
	resolveCredentialData,
	type FakeCredentialType,
} from './fake-poll-context';

function readPath(source: unknown, path: string): unknown {
	let value = source;
	for (const key of path.split('.')) {
		if (typeof value !== 'object' || value === null) return undefined;
		value = (value as Record<string, unknown>)[key];
	}
	return value;
}

export async function runCredentialTest(
	type: FakeCredentialType,
	stored: ICredentialDataDecryptedObject,
): Promise<INodeCredentialTestResult> {
	const testRequest = CREDENTIAL_TYPES[type].test;
	if (testRequest === undefined) throw new Error(`${type} has no test`);
	const credentialStore = { data: { ...stored }, oauthTokenUpdates: [] };
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: 'credential-1',
		name: 'Zendesk account',
		type,
		data: resolveCredentialData(type, stored),
	};

	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [0, 0],
		credentials: { [type]: { id: credentialsDecrypted.id, name: credentialsDecrypted.name } },
	};
	const nodeType = {
		description: {
			displayName: 'No Operation',
			name: 'n8n-nodes-base.noOp',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: {},
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: type, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testRequest.request },
					default: '',
				},
			],
		},
	} as unknown as INodeType;
	const nodeTypes: INodeTypes = {
		getKnownTypes: () => ({}),
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
	});
	const additionalData = {
		credentialsHelper: createFakeCredentialsHelper(credentialStore),
	} as unknown as IWorkflowExecuteAdditionalData;
	const runExecutionData = { resultData: { runData: {} } } as unknown as IRunExecutionData;
	const executeFunctions = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		runExecutionData,
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const routingNode = new RoutingNode(executeFunctions, nodeType, credentialsDecrypted);

	// From here on: CredentialsTester.testCredentials, n8n 2.41, unchanged in substance.
	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await routingNode.runNode();
	} catch (caught) {
		const error = caught as {
			message: string;
			cause?: { response?: { status: number; statusText?: string }; code?: string };
		};
		if (error.cause?.response) {
			const statusCode = error.cause.response.status;
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && statusCode === rule.properties.value) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			if (statusCode < 199 || statusCode > 299) {
				return {
					status: 'Error',
					message: error.cause.response.statusText || `Received HTTP status code: ${statusCode}`,
				};
			}
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code };
		}
		return { status: 'Error', message: error.message.toString() };
	}
	for (const rule of testRequest.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const responseData = response?.[0][0].json;
			if (readPath(responseData, rule.properties.key) === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}
