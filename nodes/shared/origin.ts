/**
 * Where a Zendesk credential's requests go: the subdomain (as typed or pasted) and the optional
 * API Base URL, validated and normalised into one origin such as `https://acme.zendesk.com`.
 *
 * Pure: no n8n import, no HTTP. Shared by the node's transport and the credentials, which use the
 * same rules through `zendeskOriginExpression()`, because their hidden OAuth URLs and test request
 * are n8n expressions, which cannot call this module. A test evaluates that expression with n8n's own
 * expression engine over the same table as these functions, so the two cannot drift apart.
 */

export type OriginResult =
	| { ok: true; origin: string; subdomain: string }
	| { ok: false; field: 'subdomain' | 'baseUrl'; message: string };

/** A DNS label: letters, digits and inner hyphens, at most 63 characters. */
const SUBDOMAIN_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** `scheme://host[:port]` with an optional trailing slash and nothing else. */
const BASE_URL_PATTERN = /^(https?):\/\/([^/?#]*)\/?$/i;

/** A host name (labels joined by dots) or a bracketed IPv6 address, then an optional port. */
const HOST_PORT_PATTERN =
	/^([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/;

const MAX_PORT = 65535;

/**
 * What the credential expressions produce when the subdomain or base URL is invalid. The
 * `invalid:` scheme cannot be fetched, so nothing (and no secret) leaves n8n; the node itself
 * reports the real reason through `resolveZendeskOrigin()` before it sends anything.
 */
export const INVALID_ORIGIN = 'invalid://check-the-zendesk-subdomain-and-api-base-url';

const SUBDOMAIN_HELP =
	'Enter the part before .zendesk.com, e.g. "acme" for https://acme.zendesk.com ' +
	'(acme.zendesk.com and https://acme.zendesk.com/ are accepted too).';

function asText(value: unknown): string {
	if (value === undefined || value === null) return '';
	return typeof value === 'string' ? value : String(value);
}

/** Says what is wrong without repeating the input, which may hold something private. */
function subdomainProblem(candidate: string): string {
	if (candidate === '') return 'is empty';
	if (/\s/.test(candidate)) return 'contains spaces';
	if (candidate.includes('@')) return 'contains "@"';
	if (candidate.includes('/')) return 'contains a path after the host';
	if (candidate.includes(':')) return 'contains a port or a colon';
	if (candidate.includes('.')) {
		return 'has dots beyond .zendesk.com (host-mapped domains do not serve the API)';
	}
	return 'may only contain letters, digits and hyphens (not at the start or end)';
}

/** `Acme`, `acme.zendesk.com` and `https://acme.zendesk.com/` all become `acme`. */
export function normalizeSubdomain(
	input: unknown,
): { ok: true; subdomain: string } | { ok: false; message: string } {
	const candidate = asText(input)
		.trim()
		.toLowerCase()
		.replace(/^https?:\/\//, '')
		.replace(/\/$/, '')
		.replace(/\.zendesk\.com$/, '');
	if (SUBDOMAIN_PATTERN.test(candidate)) return { ok: true, subdomain: candidate };
	return {
		ok: false,
		message: `The Zendesk subdomain ${subdomainProblem(candidate)}. ${SUBDOMAIN_HELP}`,
	};
}

/**
 * An empty base URL means "use Zendesk"; otherwise `http(s)://host[:port]` only, normalised to
 * lower case without a default port or trailing slash.
 */
export function normalizeBaseUrl(
	input: unknown,
): { ok: true; origin: string | null } | { ok: false; message: string } {
	const candidate = asText(input).trim();
	if (candidate === '') return { ok: true, origin: null };
	const example = 'e.g. https://acme.zendesk.com or http://127.0.0.1:4567';
	const url = BASE_URL_PATTERN.exec(candidate);
	if (!url) {
		const problem = /^https?:\/\//i.test(candidate)
			? 'may only hold the scheme, host and port, without a path, query or fragment'
			: 'must start with http:// or https://';
		return { ok: false, message: `The API Base URL ${problem} (${example}).` };
	}
	const scheme = url[1].toLowerCase();
	const hostPort = HOST_PORT_PATTERN.exec(url[2].toLowerCase());
	if (!hostPort) {
		const problem = url[2].includes('@')
			? 'must not contain a user name or password'
			: 'does not hold a valid host name';
		return { ok: false, message: `The API Base URL ${problem} (${example}).` };
	}
	let port = hostPort[2] === undefined ? null : Number(hostPort[2]);
	if (port !== null && (port < 1 || port > MAX_PORT)) {
		return { ok: false, message: `The API Base URL has an invalid port (${example}).` };
	}
	if ((scheme === 'https' && port === 443) || (scheme === 'http' && port === 80)) port = null;
	return { ok: true, origin: `${scheme}://${hostPort[1]}${port === null ? '' : `:${port}`}` };
}

/** The origin every request of this credential goes to, or why there is none. */
export function resolveZendeskOrigin(credential: {
	subdomain?: unknown;
	baseUrl?: unknown;
}): OriginResult {
	const subdomain = normalizeSubdomain(credential.subdomain);
	if (!subdomain.ok) return { ok: false, field: 'subdomain', message: subdomain.message };
	const baseUrl = normalizeBaseUrl(credential.baseUrl);
	if (!baseUrl.ok) return { ok: false, field: 'baseUrl', message: baseUrl.message };
	return {
		ok: true,
		origin: baseUrl.origin ?? `https://${subdomain.subdomain}.zendesk.com`,
		subdomain: subdomain.subdomain,
	};
}

/**
 * The origin of an absolute URL, lower-cased and without a default port, or null when the text
 * is not an absolute http(s) URL. Used to keep credentials on the credential's own origin.
 */
export function originOf(url: string): string | null {
	const match = /^(https?):\/\/([^/?#]*)/i.exec(url.trim());
	if (!match) return null;
	const parsed = normalizeBaseUrl(`${match[1]}://${match[2]}`);
	return parsed.ok ? parsed.origin : null;
}

/**
 * The same rules as `resolveZendeskOrigin()`, written as the JavaScript of an n8n expression over
 * the credential object (`$self` inside a credential's own fields, `$credentials` in its test
 * request). Invalid input yields `INVALID_ORIGIN`, because n8n's expression engine swallows
 * errors thrown inside an expression instead of showing them.
 */
export function zendeskOriginExpression(credential: '$self' | '$credentials'): string {
	const regex = (pattern: RegExp) => pattern.toString();
	const invalid = JSON.stringify(INVALID_ORIGIN);
	return [
		'((c) => {',
		'const text = (v) => (v === undefined || v === null ? "" : String(v));',
		'const sub = text(c.subdomain).trim().toLowerCase()',
		'.replace(/^https?:\\/\\//, "").replace(/\\/$/, "").replace(/\\.zendesk\\.com$/, "");',
		`if (!${regex(SUBDOMAIN_PATTERN)}.test(sub)) return ${invalid};`,
		'const base = text(c.baseUrl).trim();',
		'if (base === "") return "https://" + sub + ".zendesk.com";',
		`const url = ${regex(BASE_URL_PATTERN)}.exec(base);`,
		`if (!url) return ${invalid};`,
		'const scheme = url[1].toLowerCase();',
		`const hp = ${regex(HOST_PORT_PATTERN)}.exec(url[2].toLowerCase());`,
		`if (!hp) return ${invalid};`,
		'let port = hp[2] === undefined ? null : Number(hp[2]);',
		`if (port !== null && (port < 1 || port > ${MAX_PORT})) return ${invalid};`,
		'if ((scheme === "https" && port === 443) || (scheme === "http" && port === 80)) port = null;',
		'return scheme + "://" + hp[1] + (port === null ? "" : ":" + port);',
		`})(${credential})`,
	].join(' ');
}
