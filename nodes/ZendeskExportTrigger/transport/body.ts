/**
 * Reading a response body, whatever shape n8n-core hands it over in. Pure.
 *
 * With `json: true`, n8n-core 2.41 gives a parsed object for JSON and the raw string for anything
 * else (axios parses leniently: a text/plain 400 arrives as a string, even when labelled JSON).
 * A Buffer only comes with a binary response type, which this node does not ask for; it is read
 * as UTF-8 anyway so a change there cannot make an error body unreadable.
 */

const MAX_QUOTED_LENGTH = 300;

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isBytes(value: unknown): value is Uint8Array | ArrayBuffer {
	return value instanceof Uint8Array || value instanceof ArrayBuffer;
}

/** A body as text: strings as they are, bytes as UTF-8, anything else as JSON. */
export function bodyText(body: unknown): string {
	if (typeof body === 'string') return body;
	if (isBytes(body)) return Buffer.from(body as Uint8Array).toString('utf8');
	try {
		return JSON.stringify(body) ?? '';
	} catch {
		return '';
	}
}

/** The JSON a body holds: parsed already, or text (or bytes) that parses; `undefined` otherwise. */
export function parseJsonBody(body: unknown): unknown {
	if (typeof body !== 'string' && !isBytes(body)) return body;
	try {
		return JSON.parse(bodyText(body)) as unknown;
	} catch {
		return undefined;
	}
}

/** True for text (or bytes) that is not JSON: an HTML page, plain text, a cut-off answer. */
export function isNonJsonText(body: unknown): boolean {
	return (typeof body === 'string' || isBytes(body)) && parseJsonBody(body) === undefined;
}

/** Names what a body that is not JSON looks like, without quoting it. */
export function describeNonJson(body: unknown): string {
	const text = typeof body === 'string' || isBytes(body) ? bodyText(body).trim() : '';
	if (text === '') return 'an empty body';
	if (text.startsWith('<')) return 'an HTML page';
	if (text.startsWith('{') || text.startsWith('[')) {
		return 'JSON that breaks off or is malformed (a truncated response)';
	}
	return 'text that is not JSON';
}

/** One line of at most 300 characters, for quoting. Redact before this: a cut can halve a secret. */
export function shorten(text: string): string {
	const line = text.replace(/\s+/g, ' ').trim();
	return line.length > MAX_QUOTED_LENGTH ? `${line.slice(0, MAX_QUOTED_LENGTH)}…` : line;
}

/**
 * Zendesk's own words from an error body, unredacted and unshortened. Shapes seen in the wild:
 * `{"error":"Couldn't authenticate you"}`, `{"error":"invalid_token","error_description":…}`,
 * `{"error":{"title":"Forbidden","message":"You do not have access to this page"}}`,
 * `{"error":"Forbidden","description":"You are missing the following required scopes: read"}`.
 */
export function zendeskErrorText(body: unknown): string | undefined {
	const parsed = parseJsonBody(body);
	if (!isRecord(parsed)) return undefined;
	const parts: string[] = [];
	const add = (value: unknown) => {
		if (typeof value === 'string' && value.trim() !== '' && !parts.includes(value.trim())) {
			parts.push(value.trim());
		}
	};
	if (isRecord(parsed.error)) {
		add(parsed.error.title);
		add(parsed.error.message);
	} else {
		add(parsed.error);
	}
	add(parsed.description);
	add(parsed.error_description);
	add(parsed.message);
	return parts.length === 0 ? undefined : parts.join(': ');
}

const TOO_RECENT_CODE = /StartTimeTooRecent/i;
const TOO_RECENT_WORDS = /too recent|older than (?:1|one) minute|more than a minute ago/i;
const START_TIME = /start[_ ]?time/i;

/**
 * Zendesk's "start time too recent" in any of its forms: the `StartTimeTooRecent` code, or words
 * saying so next to `start_time` (in the text, a description, or a `details.start_time` entry).
 */
export function saysStartTimeTooRecent(body: unknown): boolean {
	const text = bodyText(body);
	return TOO_RECENT_CODE.test(text) || (TOO_RECENT_WORDS.test(text) && START_TIME.test(text));
}
