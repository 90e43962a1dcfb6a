import { UserError } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import {
	baseUrlProperty,
	subdomainProperty,
	zendeskCredentialTest,
} from '../nodes/shared/credential-fields';
import { originOf, resolveZendeskOrigin } from '../nodes/shared/origin';

/**
 * Legacy: Zendesk stops accepting API tokens on 2027-04-30. Kept for accounts that cannot create
 * an OAuth client yet.
 */
export class ZendeskExportApi implements ICredentialType {
	name = 'zendeskExportApi';

	// n8n's rule wants the name to end in "API"; "Legacy" says it is on its way out.
	displayName = 'Zendesk Export Legacy Token API';

	icon: Icon = { light: 'file:zendesk.svg', dark: 'file:zendesk.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-zendesk-export/n8n-nodes-zendesk-export#credentials';

	properties: INodeProperties[] = [
		{
			displayName:
				'Zendesk stops accepting API tokens on 2027-04-30 (no new tokens since 2026-10-27). Connect with "Zendesk Export OAuth2 API" instead.',
			name: 'deprecationNotice',
			type: 'notice',
			default: '',
		},
		subdomainProperty,
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			required: true,
			description: 'The email address of the Zendesk admin the token belongs to',
		},
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		baseUrlProperty,
	];

	/**
	 * HTTP Basic with `{email}/token` and the token. A function rather than the generic form so a
	 * bad subdomain fails with its reason before anything is sent, and so the token is only ever
	 * attached to requests for this credential's own origin.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const resolved = resolveZendeskOrigin(credentials);
		if (!resolved.ok) throw new UserError(resolved.message);
		const target = originOf(requestOptions.url) ?? originOf(requestOptions.baseURL ?? '');
		if (target !== resolved.origin) {
			throw new UserError(
				`The Zendesk API token is only sent to ${resolved.origin}; this request goes elsewhere.`,
			);
		}
		const email = typeof credentials.email === 'string' ? credentials.email.trim() : '';
		const apiToken = typeof credentials.apiToken === 'string' ? credentials.apiToken : '';
		return { ...requestOptions, auth: { username: `${email}/token`, password: apiToken } };
	}

	test: ICredentialTestRequest = zendeskCredentialTest('apiToken');
}
