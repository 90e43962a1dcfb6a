/**
 * n8n's credential test on both credential types: pass for an admin, our message for every way
 * Zendesk says no, and no secret a server echoes back in the message.
 */

import nock from 'nock';

import { runCredentialTest } from '../helpers/transport-credential-tester';
import { expectScriptDone } from '../helpers/transport-source';
import {
	apiTokenCredentials,
	guardNock,
	oauth2Credentials,
	ORIGIN,
	SECRETS,
} from '../helpers/transport-fixtures';
import { ME_PATH, STAND_IN, apiToken, oauth2 } from './credentials-support';

guardNock();

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
