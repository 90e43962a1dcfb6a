import type { ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import {
	baseUrlProperty,
	subdomainProperty,
	zendeskCredentialTest,
} from '../nodes/shared/credential-fields';
import { zendeskOriginExpression } from '../nodes/shared/origin';

/** `https://{subdomain}.zendesk.com`, or the API Base URL, with the same checks as the node. */
const origin = `{{${zendeskOriginExpression('$self')}}}`;

/**
 * The default way to connect. n8n itself fetches the token, refreshes it on a 401 and saves the
 * new token pair; Zendesk rotates the refresh token on every refresh.
 */
export class ZendeskExportOAuth2Api implements ICredentialType {
	name = 'zendeskExportOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Zendesk Export OAuth2 API';

	icon: Icon = { light: 'file:zendesk.svg', dark: 'file:zendesk.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-zendesk-export/n8n-nodes-zendesk-export#credentials';

	properties: INodeProperties[] = [
		subdomainProperty,
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'options',
			options: [
				{
					name: 'Authorization Code',
					value: 'authorizationCode',
					description: 'Sign in to Zendesk in a pop-up window (an admin)',
				},
				{
					name: 'Client Credentials',
					value: 'clientCredentials',
					description: 'Server to server, with the OAuth client of an admin',
				},
			],
			default: 'authorizationCode',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description:
				'The unique identifier of the OAuth client created in Zendesk Admin Center (Apps and integrations > APIs > OAuth clients)',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		baseUrlProperty,
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: `=${origin}/oauth/authorizations/new`,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: `=${origin}/oauth/tokens`,
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: 'read',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
	];

	test: ICredentialTestRequest = zendeskCredentialTest('oauth2');
}
