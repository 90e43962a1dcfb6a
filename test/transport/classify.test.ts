import {
	classifyStatus,
	type ClassifyContext,
} from '../../nodes/ZendeskExportTrigger/transport/classify';
import { redactSecrets } from '../../nodes/ZendeskExportTrigger/transport/redact';
import { ORIGIN, SECRETS } from '../helpers/transport-fixtures';

const CONTEXT: ClassifyContext = {
	credentialType: 'zendeskExportApi',
	origin: ORIGIN,
	nowMs: 0,
	redact: (text) => redactSecrets(text, [SECRETS.apiToken]),
};

describe('classifyStatus', () => {
	it('should read a too-recent answer that arrives as bytes', () => {
		const body = Buffer.from('Too recent start_time. Use a start_time older than 1 minute');
		expect(classifyStatus(400, body, {}, CONTEXT).kind).toBe('tooRecent');
		expect(classifyStatus(422, new Uint8Array(body), {}, CONTEXT).kind).toBe('tooRecent');
	});

	it('should name a text body that arrives as bytes without quoting it', () => {
		const failure = classifyStatus(503, Buffer.from('<html>SENTINEL</html>'), {}, CONTEXT);
		expect(failure.message).toBe('Zendesk answered 503 with an HTML page instead of JSON');
		expect(JSON.stringify(failure)).not.toContain('SENTINEL');
	});

	it('should redact before shortening, so the cut cannot leave part of a secret', () => {
		// The token straddles the 300th character of the quote.
		const body = { error: `${'x'.repeat(290)} ${SECRETS.apiToken} tail` };
		const failure = classifyStatus(401, body, {}, CONTEXT);
		expect(failure.description).toContain(' [redacted');
		expect(failure.description).not.toContain(SECRETS.apiToken.slice(0, 6));
	});

	it('should keep a 400 that is not about the start time an error', () => {
		const failure = classifyStatus(400, 'Bad include', {}, CONTEXT);
		expect(failure).toMatchObject({
			kind: 'fatal',
			message: 'Zendesk rejected the request (400) with text that is not JSON instead of JSON',
		});
	});
});
