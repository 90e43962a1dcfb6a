/**
 * The credentials trigger-activation.e2e.test.ts runs n8n's credential test on, all against one
 * stand-in: an admin token (also with a pasted subdomain URL) and the ways a token or an OAuth2
 * connection can be wrong. Token pairs are issued by the stand-in, so they are real to it.
 */
import { harness } from './support';
import { tokenData } from './trigger-support';

export async function credentialsToTest(baseUrl: string, control: harness.StandInControl) {
	const m = baseUrl;
	return {
		admin: harness.apiTokenCredential({ name: 'admin token', baseUrl: m }),
		wrongToken: harness.apiTokenCredential({
			name: 'wrong token',
			baseUrl: m,
			apiToken: 'not-the-token',
		}),
		agent: harness.apiTokenCredential({
			name: 'agent token',
			baseUrl: m,
			email: 'agent@example.com',
			apiToken: 'agent-api-token',
		}),
		unknownEmail: harness.apiTokenCredential({
			name: 'unknown email',
			baseUrl: m,
			email: 'nobody@example.com',
		}),
		pastedSubdomain: harness.apiTokenCredential({
			name: 'pasted subdomain',
			baseUrl: m,
			subdomain: 'https://Acme.zendesk.com/',
		}),
		badSubdomain: harness.apiTokenCredential({
			name: 'bad subdomain',
			baseUrl: '',
			subdomain: 'help.acme.com',
		}),
		oauthGood: harness.oauth2Credential({
			name: 'oauth good',
			baseUrl: m,
			tokenData: tokenData(await control.issueOAuthTokens({ expiresInSeconds: 3600 })),
		}),
		oauthExpired: harness.oauth2Credential({
			name: 'oauth expired',
			baseUrl: m,
			tokenData: tokenData(await control.issueOAuthTokens({ expiresInSeconds: -10 })),
		}),
		oauthNoScope: harness.oauth2Credential({
			name: 'oauth no read scope',
			baseUrl: m,
			tokenData: tokenData(
				await control.issueOAuthTokens({ expiresInSeconds: 3600, scope: 'write' }),
			),
		}),
		oauthAgent: harness.oauth2Credential({
			name: 'oauth agent',
			baseUrl: m,
			tokenData: tokenData(
				await control.issueOAuthTokens({
					expiresInSeconds: 3600,
					email: 'agent@example.com',
				}),
			),
		}),
		oauthNotConnected: harness.oauth2Credential({ name: 'oauth not connected', baseUrl: m }),
		clientCredentials: harness.oauth2Credential({
			name: 'client credentials',
			baseUrl: m,
			grantType: 'clientCredentials',
		}),
		clientCredentialsBadSecret: harness.oauth2Credential({
			name: 'client credentials bad secret',
			baseUrl: m,
			grantType: 'clientCredentials',
			clientSecret: 'wrong',
		}),
	};
}
