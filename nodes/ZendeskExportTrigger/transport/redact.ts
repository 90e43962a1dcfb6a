/**
 * Keeps secrets out of every text built from a response (error messages, descriptions, log lines).
 * A server may echo what it was sent: a 401 body quoting the API token, a proxy repeating the
 * Authorization header, an OAuth error holding `{"access_token":"…"}`. Two layers:
 * - the secret values the node knows, read from the credential, wherever they appear;
 * - patterns that look like a secret whatever the value (`Bearer …`, `"refresh_token":"…"`, …),
 *   for tokens the node has never seen (an old pair that n8n already replaced, say).
 */
import type { ICredentialDataDecryptedObject, IPollFunctions } from 'n8n-workflow';

import { isRecord } from './body';

const REDACTED = '[redacted]';

/**
 * Shorter values are not redacted: replacing a two-letter "secret" everywhere would garble every
 * sentence, and Zendesk's tokens and secrets are far longer.
 */
const MIN_SECRET_LENGTH = 4;

/** Field names whose value is a secret, in snake or camel case. */
const SECRET_KEY = String.raw`(?:access_?token|refresh_?token|client_?secret|api_?token|password)`;

const PATTERNS: Array<[RegExp, string]> = [
	// "access_token":"…" and 'password': '…', also inside JSON quoted as a string (\"…\").
	[
		new RegExp(
			String.raw`(\\?["'])(${SECRET_KEY})\1(\s*:\s*)(?:\\"(?:[^\\]|\\[^"])*?\\"|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s,;}\]]+)`,
			'gi',
		),
		`$1$2$1$3"${REDACTED}"`,
	],
	// access_token=… in a query string, a form body or a log line.
	[new RegExp(String.raw`\b(${SECRET_KEY})=[^\s&"',;]+`, 'gi'), `$1=${REDACTED}`],
	// An Authorization header value.
	[/\b(Bearer|Basic)\s+[^\s"',;()<>[\]{}]+/gi, `$1 ${REDACTED}`],
];

function text(value: unknown): string {
	return typeof value === 'string' ? value : '';
}

/** Every secret a Zendesk Export credential holds, as stored and as it may be echoed. */
export function secretsOf(credentials: ICredentialDataDecryptedObject): string[] {
	const tokenData = isRecord(credentials.oauthTokenData) ? credentials.oauthTokenData : {};
	const apiToken = text(credentials.apiToken);
	const values = [
		apiToken,
		text(credentials.password),
		text(credentials.clientSecret),
		text(tokenData.access_token),
		text(tokenData.refresh_token),
	];
	const email = text(credentials.email).trim();
	// What the Basic header carries for the API token credential.
	if (apiToken !== '') values.push(Buffer.from(`${email}/token:${apiToken}`).toString('base64'));
	const forms = values.flatMap((value) => [
		value,
		encodeURIComponent(value),
		JSON.stringify(value).slice(1, -1),
	]);
	return [...new Set(forms)].filter((value) => value.length >= MIN_SECRET_LENGTH);
}

/** `text` with every known secret and every secret-looking value replaced by `[redacted]`. */
export function redactSecrets(input: string, secrets: Iterable<string>): string {
	// Longest first, so a secret that contains another is not left half visible.
	const known = [...secrets].sort((a, b) => b.length - a.length);
	let output = input;
	for (const secret of known) output = output.split(secret).join(REDACTED);
	for (const [pattern, replacement] of PATTERNS) output = output.replace(pattern, replacement);
	return output;
}

export interface SecretKeeper {
	/**
	 * Reads the credential again. n8n may have refreshed the OAuth token since the last read, and
	 * the old pair is kept too: a server may still quote it.
	 */
	refresh(): Promise<void>;
	redact(text: string): string;
	redact(text: string | undefined): string | undefined;
}

export function createSecretKeeper(
	ctx: Pick<IPollFunctions, 'getCredentials'>,
	credentialType: string,
): SecretKeeper {
	const known = new Set<string>();
	function redact(text: string): string;
	function redact(text: string | undefined): string | undefined;
	function redact(text: string | undefined): string | undefined {
		return text === undefined ? undefined : redactSecrets(text, known);
	}
	return {
		async refresh() {
			try {
				const credentials = await ctx.getCredentials(credentialType);
				for (const secret of secretsOf(credentials)) known.add(secret);
			} catch {
				// The credential could not be read now; the values read before still apply, and the
				// patterns catch the usual shapes.
			}
		},
		redact,
	};
}
