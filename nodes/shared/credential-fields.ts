/**
 * The parts both Zendesk Export credentials share: where requests go (subdomain, API Base URL)
 * and the credential test with its human-readable failures (worded in `./messages`, which the
 * trigger's errors use too). Pure: n8n-workflow types only.
 */
import type {
	IAuthenticateRuleResponseCode,
	IAuthenticateRuleResponseSuccessBody,
	ICredentialTestRequest,
	INodeProperties,
} from 'n8n-workflow';

import {
	AGENT,
	ANONYMOUS,
	END_USER,
	NOT_ADMIN,
	NOT_FOUND,
	oneLine,
	REJECTED,
	SCOPE_HINT,
	type CredentialKind,
} from './messages';
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
	const forbidden = kind === 'oauth2' ? `${oneLine(NOT_ADMIN)} ${SCOPE_HINT}` : oneLine(NOT_ADMIN);
	// Constants only: n8n shows a rule's message as it is, so no answer can ever reach it.
	const rules: Array<IAuthenticateRuleResponseCode | IAuthenticateRuleResponseSuccessBody> = [
		{ type: 'responseCode', properties: { value: 401, message: oneLine(REJECTED[kind]) } },
		{ type: 'responseCode', properties: { value: 403, message: forbidden } },
		{ type: 'responseCode', properties: { value: 404, message: oneLine(NOT_FOUND) } },
		{
			type: 'responseSuccessBody',
			properties: { key: 'user.id', value: null, message: oneLine(ANONYMOUS[kind]) },
		},
		{
			type: 'responseSuccessBody',
			properties: { key: 'user.role', value: 'agent', message: oneLine(AGENT) },
		},
		{
			type: 'responseSuccessBody',
			properties: { key: 'user.role', value: 'end-user', message: oneLine(END_USER) },
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
