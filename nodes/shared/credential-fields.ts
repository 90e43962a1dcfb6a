/**
 * The parts both Zendesk Export credentials share: where requests go (subdomain, API Base URL)
 * and the credential test with its human-readable failures.
 */
import type {
	IAuthenticateRuleResponseCode,
	IAuthenticateRuleResponseSuccessBody,
	ICredentialTestRequest,
	INodeProperties,
} from 'n8n-workflow';

import { zendeskOriginExpression } from './origin';

export const subdomainProperty: INodeProperties = {
	displayName: 'Subdomain',
	name: 'subdomain',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'acme',
	description:
		'The part before .zendesk.com in your Zendesk address. "acme", "acme.zendesk.com" and "https://acme.zendesk.com/" all work.',
};

export const baseUrlProperty: INodeProperties = {
	displayName: 'API Base URL',
	name: 'baseUrl',
	type: 'string',
	default: '',
	placeholder: 'e.g. http://127.0.0.1:4567',
	description:
		'Leave empty to use https://{subdomain}.zendesk.com. Set it to send every request, the OAuth ones included, to another address instead: a sandbox, a proxy or a local Zendesk stand-in. Only http:// and https:// with a host and an optional port.',
};

export type CredentialKind = 'oauth2' | 'apiToken';

const REJECTED: Record<CredentialKind, string> = {
	oauth2:
		'Zendesk rejected the credentials: reconnect the credential, and check that the OAuth client (ID and secret) still exists in Zendesk Admin Center.',
	apiToken:
		'Zendesk rejected the credentials: check the email address and the API token, and that token access is turned on in Zendesk Admin Center (Apps and integrations > APIs).',
};

const ANONYMOUS: Record<CredentialKind, string> = {
	oauth2:
		'Zendesk answered as an anonymous visitor, so it did not accept the OAuth token: reconnect the credential.',
	apiToken:
		'Zendesk answered as an anonymous visitor, so it did not accept the email address and API token: check both (the email is the one you sign in to Zendesk with).',
};

const NOT_ADMIN =
	'the incremental export is only open to Zendesk admins. Connect with an admin account.';

/**
 * `GET /api/v2/users/me.json`. Zendesk answers wrong credentials with 200 and an anonymous user
 * (`id: null`), so a plain status check would pass; the rules catch that and non-admins.
 *
 * n8n's credential tester (packages/cli credentials-tester.service.ts, n8n 2.41) walks the rules
 * in order: a `responseCode` rule when the request throws with that status, a
 * `responseSuccessBody` rule when `get(body, key) === value` on a 2xx body. The rule list is one
 * mixed array there; n8n-workflow types it as one kind or the other, hence the cast.
 */
export function zendeskCredentialTest(kind: CredentialKind): ICredentialTestRequest {
	const rules: Array<IAuthenticateRuleResponseCode | IAuthenticateRuleResponseSuccessBody> = [
		{ type: 'responseCode', properties: { value: 401, message: REJECTED[kind] } },
		{
			type: 'responseCode',
			properties: {
				value: 403,
				message: `Zendesk refused access: ${NOT_ADMIN}${
					kind === 'oauth2' ? ' The OAuth client also needs the read scope.' : ''
				}`,
			},
		},
		{
			type: 'responseCode',
			properties: {
				value: 404,
				message:
					'There is no Zendesk account at this subdomain: check the subdomain, and the API Base URL if you set one.',
			},
		},
		{
			type: 'responseSuccessBody',
			properties: { key: 'user.id', value: null, message: ANONYMOUS[kind] },
		},
		{
			type: 'responseSuccessBody',
			properties: {
				key: 'user.role',
				value: 'agent',
				message: `This Zendesk user is an agent, not an admin: ${NOT_ADMIN}`,
			},
		},
		{
			type: 'responseSuccessBody',
			properties: {
				key: 'user.role',
				value: 'end-user',
				message: `This Zendesk user is an end user, not an admin: ${NOT_ADMIN}`,
			},
		},
	];
	return {
		request: {
			baseURL: `={{${zendeskOriginExpression('$credentials')}}}`,
			url: '/api/v2/users/me.json',
			method: 'GET',
			json: true,
		},
		rules: rules as ICredentialTestRequest['rules'],
	};
}
