import { redactSecrets, secretsOf } from '../../nodes/ZendeskExportTrigger/transport/redact';
import {
	apiTokenCredentials,
	EMAIL,
	oauth2Credentials,
	SECRETS,
} from '../helpers/transport-fixtures';

describe('secretsOf', () => {
	it('should list the API token, the password and the Basic header value of a token credential', () => {
		const secrets = secretsOf(apiTokenCredentials({ password: 'pass-word-77' }));
		expect(secrets).toEqual(
			expect.arrayContaining([
				SECRETS.apiToken,
				'pass-word-77',
				Buffer.from(`${EMAIL}/token:${SECRETS.apiToken}`).toString('base64'),
			]),
		);
		expect(secrets).not.toContain(EMAIL);
	});

	it('should list the client secret and both OAuth tokens of an OAuth2 credential', () => {
		expect(secretsOf(oauth2Credentials())).toEqual(
			expect.arrayContaining([SECRETS.clientSecret, SECRETS.accessToken, SECRETS.refreshToken]),
		);
	});

	it('should list the forms a server may echo a secret in: URL-encoded and JSON-escaped', () => {
		const secrets = secretsOf(apiTokenCredentials({ apiToken: 'a/b+c"d' }));
		expect(secrets).toEqual(expect.arrayContaining(['a/b+c"d', 'a%2Fb%2Bc%22d', 'a/b+c\\"d']));
	});

	it('should leave out values too short to redact without garbling every sentence', () => {
		expect(secretsOf(apiTokenCredentials({ apiToken: 'abc', email: '' }))).not.toContain('abc');
	});
});

describe('redactSecrets', () => {
	it('should replace every known secret wherever it appears', () => {
		expect(
			redactSecrets(`token ${SECRETS.apiToken} and again:${SECRETS.apiToken}.`, [SECRETS.apiToken]),
		).toBe('token [redacted] and again:[redacted].');
	});

	it('should replace the longer of two overlapping secrets whole', () => {
		expect(redactSecrets('abcd-efgh-ijkl', ['abcd', 'abcd-efgh-ijkl'])).toBe('[redacted]');
	});

	it.each([
		'access_token',
		'refresh_token',
		'client_secret',
		'api_token',
		'password',
		'accessToken',
	])('should replace any JSON value of "%s", known or not', (key) => {
		const text = `{"${key}": "never-seen-value", "other":"kept"}`;
		const redacted = redactSecrets(text, []);
		expect(redacted).not.toContain('never-seen-value');
		expect(redacted).toContain('"other":"kept"');
	});

	it('should replace such a value inside JSON quoted as a string', () => {
		const text = JSON.stringify({ error: JSON.stringify({ access_token: 'never-seen-value' }) });
		expect(redactSecrets(text, [])).not.toContain('never-seen-value');
	});

	it('should replace such a value when it is not a string, or holds escaped quotes', () => {
		expect(redactSecrets('{"password":12345678}', [])).not.toContain('12345678');
		expect(redactSecrets('{"password":"ab\\"cd-secret"}', [])).not.toContain('cd-secret');
	});

	it('should replace key=value pairs and Authorization header values', () => {
		const redacted = redactSecrets(
			'refresh_token=never-seen-1&x=1 Authorization: Bearer never-seen-2, Basic bmV2ZXItc2Vlbg==',
			[],
		);
		expect(redacted).toBe(
			'refresh_token=[redacted]&x=1 Authorization: Bearer [redacted], Basic [redacted]',
		);
	});
});
