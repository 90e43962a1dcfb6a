/**
 * The two credential types as n8n reads them: their fields, the OAuth2 grant and scope, and how
 * the API token authenticates a request (and refuses another origin or a wrong subdomain).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import nock from 'nock';
import type { ICredentialType, INodePropertyOptions } from 'n8n-workflow';

import { INVALID_ORIGIN } from '../../nodes/shared/origin';
import {
	applyAuthenticate,
	createFakePollContext,
	resolveCredentialData,
} from '../helpers/fake-poll-context';
import { expectScriptDone } from '../helpers/transport-source';
import {
	apiTokenCredentials,
	EMAIL,
	guardNock,
	oauth2Credentials,
	ORIGIN,
	SECRETS,
} from '../helpers/transport-fixtures';
import { ME_PATH, ROOT, STAND_IN, apiToken, get, oauth2, property } from './credentials-support';

guardNock();

describe('both credentials', () => {
	it.each([oauth2, apiToken])(
		"should not clash with n8n's built-in Zendesk credentials ($name)",
		(credential) => {
			expect(['zendeskApi', 'zendeskOAuth2Api']).not.toContain(credential.name);
		},
	);

	it.each([oauth2, apiToken])(
		'should show the Zendesk icon in light and dark themes and link to documentation ($name)',
		(credential) => {
			expect(credential.icon).toEqual({ light: 'file:zendesk.svg', dark: 'file:zendesk.dark.svg' });
			for (const file of ['zendesk.svg', 'zendesk.dark.svg']) {
				expect(readFileSync(join(ROOT, 'nodes', 'ZendeskExportTrigger', file), 'utf8')).toBe(
					readFileSync(join(ROOT, 'credentials', file), 'utf8'),
				);
			}
			expect(credential.documentationUrl).toMatch(/^https:\/\//);
		},
	);

	it.each([oauth2, apiToken])('should offer an optional API Base URL ($name)', (credential) => {
		expect(property(credential, 'baseUrl')).toMatchObject({
			displayName: 'API Base URL',
			type: 'string',
			default: '',
		});
		expect(property(credential, 'baseUrl').required).toBeFalsy();
		expect(property(credential, 'subdomain')).toMatchObject({ type: 'string', required: true });
	});
});

describe('zendeskExportOAuth2Api', () => {
	it('should be the OAuth2 credential n8n manages', () => {
		expect(oauth2.name).toBe('zendeskExportOAuth2Api');
		expect(oauth2.displayName).toBe('Zendesk Export OAuth2 API');
		expect(oauth2.extends).toEqual(['oAuth2Api']);
	});

	it('should offer the authorization code grant by default and client credentials', () => {
		const grantType = property(oauth2, 'grantType');
		expect(grantType.default).toBe('authorizationCode');
		expect((grantType.options as INodePropertyOptions[]).map((option) => option.value)).toEqual([
			'authorizationCode',
			'clientCredentials',
		]);
	});

	it('should keep the client secret in a password field', () => {
		expect(property(oauth2, 'clientId')).toMatchObject({ type: 'string', required: true });
		expect(property(oauth2, 'clientSecret')).toMatchObject({
			type: 'string',
			typeOptions: { password: true },
		});
	});

	it('should ask Zendesk for the read scope and send the client credentials in the body', () => {
		const data = resolveCredentialData('zendeskExportOAuth2Api', oauth2Credentials());
		expect(data).toMatchObject({ scope: 'read', authentication: 'body', authQueryParameters: '' });
	});

	it.each([
		['a plain subdomain', { subdomain: 'acme' }, ORIGIN],
		['a pasted URL', { subdomain: 'https://Acme.zendesk.com/' }, ORIGIN],
		['a host name', { subdomain: 'acme.zendesk.com' }, ORIGIN],
		['an API Base URL', { subdomain: 'acme', baseUrl: `${STAND_IN}/` }, STAND_IN],
	])('should derive the OAuth URLs from %s', (_label, fields, origin) => {
		const data = resolveCredentialData('zendeskExportOAuth2Api', oauth2Credentials(fields));
		expect(data.authUrl).toBe(`${origin}/oauth/authorizations/new`);
		expect(data.accessTokenUrl).toBe(`${origin}/oauth/tokens`);
	});

	it('should ignore stored OAuth URLs and use its own, as n8n does for hidden fields', () => {
		const data = resolveCredentialData(
			'zendeskExportOAuth2Api',
			oauth2Credentials({ accessTokenUrl: 'https://evil.example/oauth/tokens' }),
		);
		expect(data.accessTokenUrl).toBe(`${ORIGIN}/oauth/tokens`);
	});

	it.each([
		['a bad subdomain', { subdomain: 'support.acme.com' }],
		['a base URL that is not http(s)', { baseUrl: 'ftp://files.example.com' }],
	])('should give OAuth URLs that cannot be fetched for %s', (_label, fields) => {
		const data = resolveCredentialData('zendeskExportOAuth2Api', oauth2Credentials(fields));
		expect(data.authUrl).toBe(`${INVALID_ORIGIN}/oauth/authorizations/new`);
		expect(data.accessTokenUrl).toBe(`${INVALID_ORIGIN}/oauth/tokens`);
	});
});

describe('zendeskExportApi', () => {
	it('should be the legacy API token credential', () => {
		expect(apiToken.name).toBe('zendeskExportApi');
		expect(apiToken.displayName).toBe('Zendesk Export Legacy Token API');
		expect((apiToken as ICredentialType).extends).toBeUndefined();
		expect(property(apiToken, 'email')).toMatchObject({ type: 'string', required: true });
		expect(property(apiToken, 'apiToken')).toMatchObject({
			type: 'string',
			typeOptions: { password: true },
		});
	});

	it('should warn that Zendesk stops accepting API tokens on 2027-04-30 and point to OAuth', () => {
		const notice = property(apiToken, 'deprecationNotice');
		expect(notice.type).toBe('notice');
		expect(notice.displayName).toContain('2027-04-30');
		expect(notice.displayName).toContain('Zendesk Export OAuth2 API');
	});

	it('should authenticate with HTTP Basic as {email}/token and the API token', async () => {
		const ctx = createFakePollContext({
			credentialType: 'zendeskExportApi',
			credentials: apiTokenCredentials(),
			mode: 'trigger',
		});
		nock(ORIGIN)
			.get(ME_PATH)
			.basicAuth({ user: `${EMAIL}/token`, pass: SECRETS.apiToken })
			.reply(200, { user: { id: 1, role: 'admin' } });
		await expect(get(ctx, 'zendeskExportApi', `${ORIGIN}${ME_PATH}`)).resolves.toEqual({
			user: { id: 1, role: 'admin' },
		});
		expectScriptDone();
	});

	it('should authenticate requests to the API Base URL', async () => {
		const ctx = createFakePollContext({
			credentialType: 'zendeskExportApi',
			credentials: apiTokenCredentials({ baseUrl: STAND_IN }),
			mode: 'trigger',
		});
		nock(STAND_IN)
			.get(ME_PATH)
			.basicAuth({ user: `${EMAIL}/token`, pass: SECRETS.apiToken })
			.reply(200, { user: { id: 1, role: 'admin' } });
		await get(ctx, 'zendeskExportApi', `${STAND_IN}${ME_PATH}`);
		expectScriptDone();
	});

	it('should refuse to attach the API token to a request for another origin', async () => {
		const data = resolveCredentialData('zendeskExportApi', apiTokenCredentials());
		await expect(
			applyAuthenticate('zendeskExportApi', data, {
				url: 'https://evil.example/api/v2/users/me.json',
			}),
		).rejects.toThrow(
			`The Zendesk API token is only sent to ${ORIGIN}; this request goes elsewhere.`,
		);
	});

	it('should fail with the reason before sending anything when the subdomain is wrong', async () => {
		const ctx = createFakePollContext({
			credentialType: 'zendeskExportApi',
			credentials: apiTokenCredentials({ subdomain: 'acme@example' }),
			mode: 'trigger',
		});
		await expect(get(ctx, 'zendeskExportApi', `${ORIGIN}${ME_PATH}`)).rejects.toThrow(
			/The Zendesk subdomain contains "@"/,
		);
		expect(nock.pendingMocks()).toEqual([]);
	});
});
