import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import nock from 'nock';
import type { ICredentialType, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { ZendeskExportApi } from '../../credentials/ZendeskExportApi.credentials';
import { ZendeskExportOAuth2Api } from '../../credentials/ZendeskExportOAuth2Api.credentials';
import { INVALID_ORIGIN } from '../../nodes/shared/origin';
import {
	applyAuthenticate,
	createFakePollContext,
	resolveCredentialData,
} from '../helpers/fake-poll-context';
import { runCredentialTest } from '../helpers/transport-credential-tester';
import { expectScriptDone } from '../helpers/transport-source';
import {
	apiTokenCredentials,
	EMAIL,
	guardNock,
	oauth2Credentials,
	ORIGIN,
	SECRETS,
} from '../helpers/transport-fixtures';

const ROOT = join(__dirname, '..', '..');
const ME_PATH = '/api/v2/users/me.json';
const STAND_IN = 'http://127.0.0.1:4567';

const oauth2 = new ZendeskExportOAuth2Api();
const apiToken = new ZendeskExportApi();

function property(credential: ICredentialType, name: string): INodeProperties {
	const found = credential.properties.find((candidate) => candidate.name === name);
	if (found === undefined) throw new Error(`${credential.name} has no property ${name}`);
	return found;
}

async function get(ctx: ReturnType<typeof createFakePollContext>, type: string, url: string) {
	return await ctx.helpers.httpRequestWithAuthentication.call(ctx, type, {
		method: 'GET',
		url,
		json: true,
	});
}

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

describe('credential test', () => {
	const cases = [
		['zendeskExportApi', apiTokenCredentials, /email address and API token/],
		['zendeskExportOAuth2Api', oauth2Credentials, /did not accept the OAuth token/],
	] as const;

	describe.each(cases)('%s', (type, credentials, anonymousMessage) => {
		it('should pass for an admin', async () => {
			nock(ORIGIN)
				.get(ME_PATH)
				.reply(200, { user: { id: 42, role: 'admin' } });
			await expect(runCredentialTest(type, credentials())).resolves.toEqual({
				status: 'OK',
				message: 'Connection successful!',
			});
			expectScriptDone();
		});

		it('should fail when Zendesk answers with its anonymous user', async () => {
			nock(ORIGIN)
				.get(ME_PATH)
				.reply(200, { user: { id: null, name: 'Anonymous user', role: 'end-user' } });
			const result = await runCredentialTest(type, credentials());
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/^Zendesk answered as an anonymous visitor/);
			expect(result.message).toMatch(anonymousMessage);
			expectScriptDone();
		});

		it.each([
			['agent', 'This Zendesk user is an agent, not an admin'],
			['end-user', 'This Zendesk user is an end user, not an admin'],
		])('should fail for a user with role %s', async (role, start) => {
			nock(ORIGIN)
				.get(ME_PATH)
				.reply(200, { user: { id: 42, role } });
			await expect(runCredentialTest(type, credentials())).resolves.toEqual({
				status: 'Error',
				message: `${start}: the incremental export is only open to Zendesk admins. Connect with an admin account.`,
			});
			expectScriptDone();
		});

		it('should say there is no Zendesk account for a 404', async () => {
			nock(ORIGIN).get(ME_PATH).reply(404, '<html>Help Center not found</html>');
			await expect(runCredentialTest(type, credentials())).resolves.toEqual({
				status: 'Error',
				message:
					'There is no Zendesk account at this subdomain. Check the subdomain of the credential, and its API Base URL if you set one.',
			});
			expectScriptDone();
		});

		it('should ask the API Base URL when one is set', async () => {
			nock(STAND_IN)
				.get(ME_PATH)
				.reply(200, { user: { id: 42, role: 'admin' } });
			await expect(
				runCredentialTest(type, credentials({ baseUrl: STAND_IN })),
			).resolves.toMatchObject({
				status: 'OK',
			});
			expectScriptDone();
		});
	});

	it('should say Zendesk rejected the credentials for a 401', async () => {
		// n8n-core sends the request a second time after a 401 (it re-runs pre-authentication).
		nock(ORIGIN).get(ME_PATH).times(2).reply(401, { error: "Couldn't authenticate you" });
		const result = await runCredentialTest('zendeskExportApi', apiTokenCredentials());
		expect(result).toEqual({
			status: 'Error',
			message: expect.stringMatching(
				/^Zendesk rejected the credentials\. Check the email address and the API token/,
			),
		});
		expectScriptDone();
	});

	it('should say the export is only open to admins for a 403', async () => {
		nock(ORIGIN)
			.get(ME_PATH)
			.reply(403, {
				error: { title: 'Forbidden', message: 'You do not have access to this page' },
			});
		const result = await runCredentialTest('zendeskExportApi', apiTokenCredentials());
		expect(result.message).toMatch(/only open to Zendesk admins/);
		expectScriptDone();
	});

	it('should explain a bad subdomain before sending anything', async () => {
		const result = await runCredentialTest(
			'zendeskExportApi',
			apiTokenCredentials({ subdomain: 'https://acme.zendesk.com/agent' }),
		);
		expect(result).toEqual({
			status: 'Error',
			message: expect.stringMatching(/^The Zendesk subdomain contains a path after the host\./),
		});
		expect(nock.pendingMocks()).toEqual([]);
	});

	it('should ask the user to reconnect when an OAuth token is refused and cannot be refreshed', async () => {
		nock(ORIGIN)
			.get(ME_PATH)
			.reply(401, { error: 'invalid_token' })
			.post('/oauth/tokens')
			.reply(400, { error: 'invalid_grant' });
		const result = await runCredentialTest('zendeskExportOAuth2Api', oauth2Credentials());
		expect(result).toEqual({
			status: 'Error',
			message: 'The credential "Zendesk account" needs to be reconnected.',
		});
		expectScriptDone();
	});
});

describe('credential test: secrets a server echoes back', () => {
	const echo = {
		error: `Couldn't authenticate you with ${SECRETS.apiToken}`,
		description: JSON.stringify({ access_token: SECRETS.accessToken, api_token: SECRETS.apiToken }),
	};

	// n8n builds the message: a matching rule's message, else the status text, else the error's
	// own message. Our rule messages are constants, so none of these can carry the body.
	it.each([
		[401, 2],
		[403, 1],
		[404, 1],
		[400, 1],
		[500, 1],
		[429, 1],
	])('should not show a secret the body of a %d quotes', async (status, times) => {
		nock(ORIGIN).get(ME_PATH).times(times).reply(status, echo);
		const result = await runCredentialTest('zendeskExportApi', apiTokenCredentials());
		expect(result.status).toBe('Error');
		for (const secret of Object.values(SECRETS)) expect(result.message).not.toContain(secret);
		expectScriptDone();
	});

	it('should not show a secret a 200 body quotes for a user who is not an admin', async () => {
		nock(ORIGIN)
			.get(ME_PATH)
			.reply(200, { user: { id: 42, role: 'agent', name: SECRETS.apiToken } });
		const result = await runCredentialTest('zendeskExportApi', apiTokenCredentials());
		expect(result.message).not.toContain(SECRETS.apiToken);
		expectScriptDone();
	});

	it('should give every rule a constant message that quotes nothing from the answer', () => {
		for (const credential of [oauth2, apiToken]) {
			for (const rule of credential.test?.rules ?? []) {
				const message = (rule.properties as { message: string }).message;
				expect(message).not.toMatch(/\{\{|\$response|\$credentials|^=/);
				expect(message).toMatch(/^[A-Z].*\.$/);
			}
		}
	});
});

describe('OAuth2 token refresh (n8n-core requestOAuth2)', () => {
	const tokenRequest = (refreshToken: string) => (body: Record<string, string>) =>
		body.grant_type === 'refresh_token' &&
		body.refresh_token === refreshToken &&
		body.client_id === 'n8n-export' &&
		body.client_secret === SECRETS.clientSecret;

	it('should save the rotated refresh token and use it for the next refresh', async () => {
		const ctx = createFakePollContext({
			credentialType: 'zendeskExportOAuth2Api',
			credentials: oauth2Credentials(),
			mode: 'trigger',
		});
		const third = { access_token: 'access-token-third', refresh_token: 'refresh-token-third' };
		nock(ORIGIN)
			// First poll: the access token has expired.
			.get(ME_PATH)
			.matchHeader('authorization', `Bearer ${SECRETS.accessToken}`)
			.reply(401, { error: 'invalid_token' })
			.post('/oauth/tokens', tokenRequest(SECRETS.refreshToken))
			.reply(200, {
				access_token: SECRETS.newAccessToken,
				refresh_token: SECRETS.newRefreshToken,
				token_type: 'bearer',
				expires_in: 7200,
			})
			.get(ME_PATH)
			.matchHeader('authorization', `Bearer ${SECRETS.newAccessToken}`)
			.reply(200, { user: { id: 42 } })
			// Second poll: Zendesk deleted the old pair, so only the rotated refresh token works.
			.get(ME_PATH)
			.matchHeader('authorization', `Bearer ${SECRETS.newAccessToken}`)
			.reply(401, { error: 'invalid_token' })
			.post('/oauth/tokens', tokenRequest(SECRETS.newRefreshToken))
			.reply(200, { ...third, token_type: 'bearer', expires_in: 7200 })
			.get(ME_PATH)
			.matchHeader('authorization', `Bearer ${third.access_token}`)
			.reply(200, { user: { id: 42 } });

		await get(ctx, 'zendeskExportOAuth2Api', `${ORIGIN}${ME_PATH}`);
		await get(ctx, 'zendeskExportOAuth2Api', `${ORIGIN}${ME_PATH}`);

		expect(ctx.credentialStore.oauthTokenUpdates.map((update) => update.refresh_token)).toEqual([
			SECRETS.newRefreshToken,
			third.refresh_token,
		]);
		expect(ctx.credentialStore.data.oauthTokenData).toMatchObject(third);
		expectScriptDone();
	});

	it('should refresh at the API Base URL when one is set', async () => {
		const ctx = createFakePollContext({
			credentialType: 'zendeskExportOAuth2Api',
			credentials: oauth2Credentials({ baseUrl: STAND_IN }),
			mode: 'trigger',
		});
		nock(STAND_IN)
			.get(ME_PATH)
			.reply(401, { error: 'invalid_token' })
			.post('/oauth/tokens', tokenRequest(SECRETS.refreshToken))
			.reply(200, { access_token: SECRETS.newAccessToken, refresh_token: SECRETS.newRefreshToken })
			.get(ME_PATH)
			.matchHeader('authorization', `Bearer ${SECRETS.newAccessToken}`)
			.reply(200, { user: { id: 42 } });
		await get(ctx, 'zendeskExportOAuth2Api', `${STAND_IN}${ME_PATH}`);
		expect(ctx.credentialStore.data.oauthTokenData).toMatchObject({
			refresh_token: SECRETS.newRefreshToken,
		});
		expectScriptDone();
	});

	it('should fetch a token with the client credentials grant, asking for the read scope', async () => {
		const withoutToken = oauth2Credentials({ grantType: 'clientCredentials' });
		delete withoutToken.oauthTokenData;
		const ctx = createFakePollContext({
			credentialType: 'zendeskExportOAuth2Api',
			credentials: withoutToken,
			mode: 'trigger',
		});
		nock(ORIGIN)
			.post(
				'/oauth/tokens',
				(body: Record<string, string>) =>
					body.grant_type === 'client_credentials' &&
					body.scope === 'read' &&
					body.client_id === 'n8n-export' &&
					body.client_secret === SECRETS.clientSecret,
			)
			.reply(200, { access_token: SECRETS.newAccessToken, token_type: 'bearer', scope: 'read' })
			.get(ME_PATH)
			.matchHeader('authorization', `Bearer ${SECRETS.newAccessToken}`)
			.reply(200, { user: { id: 42 } });
		await get(ctx, 'zendeskExportOAuth2Api', `${ORIGIN}${ME_PATH}`);
		expect(ctx.credentialStore.data.oauthTokenData).toMatchObject({
			access_token: SECRETS.newAccessToken,
		});
		expectScriptDone();
	});
});
