/**
 * OAuth2 tokens through n8n-core's requestOAuth2: the rotated refresh token saved and used next,
 * the API Base URL for refreshes, and the client credentials grant.
 */

import nock from 'nock';

import { createFakePollContext } from '../helpers/fake-poll-context';
import { expectScriptDone } from '../helpers/transport-source';
import { guardNock, oauth2Credentials, ORIGIN, SECRETS } from '../helpers/transport-fixtures';
import { ME_PATH, STAND_IN, get } from './credentials-support';

guardNock();

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
