/**
 * Errors the export source reports for a person to fix: rejected credentials, a refused refresh,
 * the admin-only export, the read scope; each with our message and no secret.
 */
import nock from 'nock';
import { NodeApiError } from 'n8n-workflow';

import { isRetriableError } from '../../nodes/ZendeskExportTrigger/transport';
import { guardNock, ORIGIN, SECRETS } from '../helpers/transport-fixtures';
import {
	CURSOR_PATH,
	expectNoSecrets,
	expectScriptDone,
	rejectionOf,
	setup,
	TIME_PATH,
} from '../helpers/transport-source';

guardNock();

describe('createExportSource: errors a person must fix', () => {
	// n8n-core re-sends a request once after a 401 (it re-runs the credential's pre-authentication).
	it.each([
		['a plain error', { error: "Couldn't authenticate you" }],
		[
			'an OAuth-style error',
			{ error: 'invalid_token', error_description: 'The access token is invalid' },
		],
	])(
		'should say Zendesk rejected the API token credentials for a 401 with %s',
		async (_label, body) => {
			const { source, clock, deadline } = setup();
			nock(ORIGIN).get(TIME_PATH).query(true).times(2).reply(401, body);
			const error = await rejectionOf(source.timePage(1, deadline()));
			expect(error).toBeInstanceOf(NodeApiError);
			expect(error.message).toBe('Zendesk rejected the credentials (401)');
			expect(error.description).toMatch(/Check the email address and the API token/);
			expect(error.httpCode).toBe('401');
			expect(isRetriableError(error)).toBe(false);
			expect(clock.sleeps).toEqual([]);
			expectScriptDone();
		},
	);

	it('should say Zendesk rejected the OAuth credentials when a 401 outlives the token refresh', async () => {
		const { source, ctx, deadline } = setup({ credentialType: 'zendeskExportOAuth2Api' });
		nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.reply(401, { error: 'invalid_token', error_description: 'The access token is invalid' })
			.post('/oauth/tokens')
			.reply(200, { access_token: SECRETS.newAccessToken, refresh_token: SECRETS.newRefreshToken })
			.get(TIME_PATH)
			.query(true)
			.reply(401, { error: 'invalid_token', error_description: 'The access token is invalid' });
		const error = await rejectionOf(source.timePage(1, deadline()));
		expect(error.message).toBe('Zendesk rejected the credentials (401)');
		expect(error.description).toMatch(/^Reconnect the Zendesk Export OAuth2 credential/);
		expect(error.description).toContain(
			'Zendesk said: "invalid_token: The access token is invalid"',
		);
		expect(isRetriableError(error)).toBe(false);
		expectNoSecrets(error, ctx);
		expectScriptDone();
	});

	it('should ask to reconnect when Zendesk refuses to refresh the OAuth token', async () => {
		const { source, deadline } = setup({ credentialType: 'zendeskExportOAuth2Api' });
		nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.reply(401, { error: 'invalid_token' })
			.post('/oauth/tokens')
			.reply(400, { error: 'invalid_grant', error_description: 'The refresh token is revoked' });
		const error = await rejectionOf(source.timePage(1, deadline()));
		expect(error.message).toMatch(/needs to be reconnected/);
		expect(isRetriableError(error)).toBe(false);
		expectScriptDone();
	});

	it('should say the export is only open to admins for a 403 with a nested error', async () => {
		const { source, deadline } = setup();
		nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.reply(403, {
				error: {
					title: 'Forbidden',
					message:
						'You do not have access to this page. Please contact the account owner of this help desk for further help.',
				},
			});
		const error = await rejectionOf(source.timePage(1, deadline()));
		expect(error.message).toBe(
			'Zendesk refused access: the incremental export is only open to Zendesk admins (403)',
		);
		expect(error.description).toMatch(/^Connect with an admin account\./);
		expect(error.description).toContain('You do not have access to this page');
		expect(isRetriableError(error)).toBe(false);
		expectScriptDone();
	});

	it('should ask for the read scope for a 403 about missing scopes', async () => {
		const { source, deadline } = setup({ credentialType: 'zendeskExportOAuth2Api' });
		nock(ORIGIN).get(TIME_PATH).query(true).reply(403, {
			error: 'Forbidden',
			description: 'You are missing the following required scopes: read',
		});
		const error = await rejectionOf(source.timePage(1, deadline()));
		expect(error.message).toBe(
			'The OAuth token lacks the "read" scope Zendesk needs for the export (403)',
		);
		expect(error.description).toMatch(
			/Add the read scope to the OAuth client .* reconnect the credential/,
		);
		expect(isRetriableError(error)).toBe(false);
		expectScriptDone();
	});

	it.each([
		['a JSON body', { error: 'RecordNotFound', description: 'Not found' }],
		['an HTML page', '<html><body><h1>Oops! This help center no longer exists</h1></body></html>'],
	])(
		'should say there is no Zendesk account at this subdomain for a 404 with %s',
		async (_label, body) => {
			const { source, deadline } = setup();
			nock(ORIGIN).get(CURSOR_PATH).query(true).reply(404, body);
			const error = await rejectionOf(source.cursorPage({ startTimeSeconds: 1 }, deadline()));
			expect(error.message).toBe('There is no Zendesk account at this subdomain (404)');
			expect(error.description).toMatch(/Check the subdomain of the credential/);
			expect(`${error.message} ${error.description}`).not.toContain('Oops');
			expect(isRetriableError(error)).toBe(false);
			expectScriptDone();
		},
	);
});
