/**
 * One wording per case: the credential test and the trigger's errors tell a 401, a 403 and a 404
 * in the same sentences, taken from nodes/shared/messages.ts.
 */
import nock from 'nock';

import {
	MISSING_SCOPE,
	NOT_ADMIN,
	NOT_FOUND,
	oneLine,
	REJECTED,
	SCOPE_HINT,
} from '../../nodes/shared/messages';
import { runCredentialTest } from '../helpers/transport-credential-tester';
import {
	apiTokenCredentials,
	guardNock,
	oauth2Credentials,
	ORIGIN,
} from '../helpers/transport-fixtures';
import { expectScriptDone, rejectionOf, setup, TIME_PATH } from '../helpers/transport-source';

const ME_PATH = '/api/v2/users/me.json';

guardNock();

describe('the message table', () => {
	it.each([
		['apiToken', 'zendeskExportApi', apiTokenCredentials, REJECTED.apiToken],
		['oauth2', 'zendeskExportOAuth2Api', oauth2Credentials, REJECTED.oauth2],
	] as const)(
		'should word a 401 (%s) the same in the credential test and in the trigger',
		async (_kind, type, credentials, words) => {
			// n8n-core sends each request twice: after refreshing the token (OAuth2), or after
			// running the pre-authentication again (API token).
			const invalid = { error: 'invalid_token' };
			nock(ORIGIN).get(ME_PATH).times(2).reply(401, invalid);
			nock(ORIGIN).get(TIME_PATH).query(true).times(2).reply(401, invalid);
			if (type === 'zendeskExportOAuth2Api') {
				nock(ORIGIN)
					.post('/oauth/tokens')
					.times(2)
					.reply(200, { access_token: 'fresh-token-aaaa' });
			}
			const result = await runCredentialTest(type, credentials());
			expect(result).toEqual({ status: 'Error', message: oneLine(words) });
			const { source, deadline } = setup({ credentialType: type });
			const error = await rejectionOf(source.timePage(1, deadline()));
			expect(error.message).toBe(`${words.summary} (401)`);
			expect(error.description).toMatch(new RegExp(`^${escape(words.advice)}`));
			expectScriptDone();
		},
	);

	it('should word a 403 from a non-admin the same in the credential test and in the trigger', async () => {
		const forbidden = { error: { title: 'Forbidden', message: 'You do not have access' } };
		nock(ORIGIN)
			.get(ME_PATH)
			.reply(403, forbidden)
			.get(TIME_PATH)
			.query(true)
			.reply(403, forbidden);
		const result = await runCredentialTest('zendeskExportApi', apiTokenCredentials());
		expect(result.message).toBe(oneLine(NOT_ADMIN));
		const { source, deadline } = setup();
		const error = await rejectionOf(source.timePage(1, deadline()));
		expect(error.message).toBe(`${NOT_ADMIN.summary} (403)`);
		expect(error.description).toMatch(new RegExp(`^${escape(NOT_ADMIN.advice)}`));
		expectScriptDone();
	});

	it('should add the scope hint to the OAuth2 credential test, which cannot tell the two 403s apart', async () => {
		const missingScope = {
			error: 'Forbidden',
			description: 'You are missing the following required scopes: read',
		};
		nock(ORIGIN)
			.get(ME_PATH)
			.reply(403, missingScope)
			.get(TIME_PATH)
			.query(true)
			.reply(403, missingScope);
		const result = await runCredentialTest('zendeskExportOAuth2Api', oauth2Credentials());
		expect(result.message).toBe(`${oneLine(NOT_ADMIN)} ${SCOPE_HINT}`);
		const { source, deadline } = setup({ credentialType: 'zendeskExportOAuth2Api' });
		const error = await rejectionOf(source.timePage(1, deadline()));
		expect(error.message).toBe(`${MISSING_SCOPE.summary} (403)`);
		expect(error.description).toMatch(new RegExp(`^${escape(MISSING_SCOPE.advice)}`));
		expectScriptDone();
	});

	it('should word a 404 the same in the credential test and in the trigger', async () => {
		nock(ORIGIN)
			.get(ME_PATH)
			.reply(404, '<html></html>')
			.get(TIME_PATH)
			.query(true)
			.reply(404, '<html></html>');
		const result = await runCredentialTest('zendeskExportApi', apiTokenCredentials());
		expect(result.message).toBe(oneLine(NOT_FOUND));
		const { source, deadline } = setup();
		const error = await rejectionOf(source.timePage(1, deadline()));
		expect(error.message).toBe(`${NOT_FOUND.summary} (404)`);
		expect(error.description).toContain(NOT_FOUND.advice);
		expectScriptDone();
	});
});

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
