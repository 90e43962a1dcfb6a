import nock from 'nock';

import { isRetriableError } from '../../nodes/ZendeskExportTrigger/transport';
import { EMAIL, guardNock, ORIGIN, SECRETS } from '../helpers/transport-fixtures';
import {
	basicHeader,
	expectNoSecrets,
	expectScriptDone,
	rejectionOf,
	setup,
	TIME_PATH,
} from '../helpers/transport-source';

guardNock();

describe('createExportSource: secrets', () => {
	it('should keep the API token out of errors and logs', async () => {
		const { source, ctx, deadline } = setup({ random: () => 0 });
		nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.reply(503, { error: 'Unavailable' })
			.get(TIME_PATH)
			.query(true)
			.times(2)
			.reply(401, { error: "Couldn't authenticate you" });
		const error = await rejectionOf(source.timePage(1, deadline()));
		expect(error.message).toBe('Zendesk rejected the credentials (401)');
		expect(ctx.logger.lines.length).toBeGreaterThan(0);
		expectNoSecrets(error, ctx);
		expectScriptDone();
	});

	it('should keep the OAuth tokens and client secret out of errors and logs after a refresh', async () => {
		const { source, ctx, deadline } = setup({
			credentialType: 'zendeskExportOAuth2Api',
			random: () => 0,
		});
		nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.reply(401, { error: 'invalid_token' })
			.post('/oauth/tokens')
			.reply(200, { access_token: SECRETS.newAccessToken, refresh_token: SECRETS.newRefreshToken })
			.get(TIME_PATH)
			.query(true)
			.times(2)
			.reply(503, '<html>down</html>');
		const error = await rejectionOf(source.timePage(1, deadline(1_800)));
		expect(isRetriableError(error)).toBe(true);
		expectNoSecrets(error, ctx);
		expectScriptDone();
	});

	it('should keep secrets out of a network error', async () => {
		const { source, ctx, deadline } = setup({ random: () => 0 });
		nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.times(2)
			.replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
		const error = await rejectionOf(source.timePage(1, deadline(1_800)));
		expect(error.message).toBe(
			'Gave up on Zendesk after trying for 1 s (2 attempts): Could not reach Zendesk: the connection to Zendesk was reset',
		);
		expectNoSecrets(error, ctx);
		expectScriptDone();
	});
});

describe('createExportSource: secrets a server echoes back', () => {
	it('should redact the raw API token a 401 body quotes', async () => {
		const { source, ctx, deadline } = setup();
		// n8n-core sends the request a second time after a 401.
		nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.times(2)
			.reply(401, {
				error: "Couldn't authenticate you",
				description: `The token ${SECRETS.apiToken} for ${EMAIL}/token is not valid`,
			});
		const error = await rejectionOf(source.timePage(1, deadline()));
		expect(error.message).toBe('Zendesk rejected the credentials (401)');
		expect(error.description).toContain('The token [redacted] for');
		expectNoSecrets(error, ctx);
		expectScriptDone();
	});

	it('should redact the Basic header value a 401 body quotes', async () => {
		const { source, ctx, deadline } = setup();
		nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.times(2)
			.reply(401, { error: `Rejected credentials ${basicHeader}` });
		const error = await rejectionOf(source.timePage(1, deadline()));
		expectNoSecrets(error, ctx);
		expectScriptDone();
	});

	it('should redact the refreshed bearer token a 401 quotes after n8n replaced the old one', async () => {
		const { source, ctx, deadline } = setup({ credentialType: 'zendeskExportOAuth2Api' });
		nock(ORIGIN)
			// A first failure, so the secrets are read while the old token pair is still current.
			.get(TIME_PATH)
			.query(true)
			.reply(503, { error: 'Unavailable' })
			.get(TIME_PATH)
			.query(true)
			.reply(401, { error: 'invalid_token' })
			.post('/oauth/tokens')
			.reply(200, { access_token: SECRETS.newAccessToken, refresh_token: SECRETS.newRefreshToken })
			.get(TIME_PATH)
			.query(true)
			.reply(401, {
				error: 'invalid_token',
				// Without "Bearer " in front, so only the value read after the refresh can catch it.
				error_description: `The access token ${SECRETS.newAccessToken} has expired (refresh ${SECRETS.newRefreshToken})`,
			});
		const error = await rejectionOf(source.timePage(1, deadline()));
		expect(error.description).toContain('The access token [redacted] has expired');
		expectNoSecrets(error, ctx);
		expectScriptDone();
	});

	it('should redact a bearer header a 401 body quotes', async () => {
		const { source, ctx, deadline } = setup({ credentialType: 'zendeskExportOAuth2Api' });
		nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.reply(401, { error: 'invalid_token' })
			.post('/oauth/tokens')
			.reply(200, { access_token: SECRETS.newAccessToken, refresh_token: SECRETS.newRefreshToken })
			.get(TIME_PATH)
			.query(true)
			.reply(401, {
				error: 'invalid_token',
				error_description: `Sent Bearer ${SECRETS.newAccessToken} (was Bearer ${SECRETS.accessToken})`,
			});
		const error = await rejectionOf(source.timePage(1, deadline()));
		expectNoSecrets(error, ctx);
		expectScriptDone();
	});

	it('should redact an {"access_token": …} a 401 body holds, whatever its value', async () => {
		const unknownToken = 'token-n8n-never-saw-5f5f';
		const { source, ctx, deadline } = setup();
		nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.times(2)
			.reply(401, {
				error: 'invalid_token',
				description: JSON.stringify({
					access_token: unknownToken,
					refresh_token: SECRETS.refreshToken,
					client_secret: SECRETS.clientSecret,
				}),
			});
		const error = await rejectionOf(source.timePage(1, deadline()));
		expect(error.description).toContain('[redacted]');
		expectNoSecrets(error, ctx, [unknownToken]);
		expectScriptDone();
	});

	it('should redact secrets an error body quotes on a retried 5xx and in every log line', async () => {
		const { source, ctx, deadline } = setup({ random: () => 0 });
		nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.times(2)
			.reply(503, {
				error: 'Unavailable',
				description: `upstream got api_token ${SECRETS.apiToken}`,
			});
		const error = await rejectionOf(source.timePage(1, deadline(1_800)));
		expect(isRetriableError(error)).toBe(true);
		expect(error.description).toContain('upstream got api_token [redacted]');
		expect(ctx.logger.lines.length).toBeGreaterThan(0);
		expectNoSecrets(error, ctx);
		expectScriptDone();
	});

	it('should redact secrets a 400 body quotes in a request Zendesk rejected', async () => {
		const { source, ctx, deadline } = setup({ credentialType: 'zendeskExportOAuth2Api' });
		nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.reply(400, {
				error: 'InvalidValue',
				description: `client_secret=${SECRETS.clientSecret} ${SECRETS.refreshToken}`,
			});
		const error = await rejectionOf(source.timePage(1, deadline()));
		expect(error.message).toBe('Zendesk rejected the request (400)');
		expectNoSecrets(error, ctx);
		expectScriptDone();
	});
});

describe('createExportSource: quoting a long body', () => {
	it('should redact a token that the 300-character quote would cut in half', async () => {
		const { source, ctx, deadline } = setup();
		nock(ORIGIN)
			.get(TIME_PATH)
			.query(true)
			.times(2)
			.reply(401, { error: `${'x'.repeat(292)} ${SECRETS.apiToken} tail` });
		const error = await rejectionOf(source.timePage(1, deadline()));
		expect(error.description).not.toContain(SECRETS.apiToken.slice(0, 6));
		expectNoSecrets(error, ctx);
		expectScriptDone();
	});
});
