import {
	INVALID_ORIGIN,
	normalizeBaseUrl,
	normalizeSubdomain,
	originOf,
	resolveZendeskOrigin,
	zendeskOriginExpression,
} from '../../nodes/shared/origin';
import { expressionWorkflow } from '../helpers/fake-poll-context';

const ACCEPTED_SUBDOMAINS: Array<[string, string]> = [
	['acme', 'acme'],
	['Acme', 'acme'],
	['  ACME  ', 'acme'],
	['acme.zendesk.com', 'acme'],
	['Acme.Zendesk.com', 'acme'],
	['https://acme.zendesk.com/', 'acme'],
	['https://acme.zendesk.com', 'acme'],
	['http://acme.zendesk.com/', 'acme'],
	['acme-support2', 'acme-support2'],
	['d3v-acme1234', 'd3v-acme1234'],
];

const REJECTED_SUBDOMAINS: Array<[string, unknown, RegExp]> = [
	['empty', '', /is empty/],
	['blank', '   ', /is empty/],
	['missing', undefined, /is empty/],
	['a host-mapped domain', 'support.acme.com', /has dots beyond \.zendesk\.com/],
	['dots beyond .zendesk.com', 'eu.acme.zendesk.com', /has dots beyond \.zendesk\.com/],
	['another host after zendesk.com', 'acme.zendesk.com.evil.example', /has dots/],
	['a path', 'https://acme.zendesk.com/agent/tickets', /contains a path/],
	['a slash', 'acme/x', /contains a path/],
	['an @', 'user@acme', /contains "@"/],
	['credentials in a URL', 'https://user:pw@acme.zendesk.com', /contains "@"/],
	['a space', 'ac me', /contains spaces/],
	['an underscore', 'acme_1', /letters, digits and hyphens/],
	['a leading hyphen', '-acme', /letters, digits and hyphens/],
	['a port', 'acme.zendesk.com:443', /contains a port/],
];

const ACCEPTED_BASE_URLS: Array<[string, string | null]> = [
	['', null],
	['   ', null],
	['http://127.0.0.1:4567', 'http://127.0.0.1:4567'],
	['http://127.0.0.1:4567/', 'http://127.0.0.1:4567'],
	['https://acme1234.zendesk.com', 'https://acme1234.zendesk.com'],
	['HTTPS://Proxy.Example.COM/', 'https://proxy.example.com'],
	['https://proxy.example.com:443', 'https://proxy.example.com'],
	['http://localhost:80', 'http://localhost'],
	['http://[::1]:8080', 'http://[::1]:8080'],
];

const REJECTED_BASE_URLS: Array<[string, string, RegExp]> = [
	['ftp', 'ftp://files.example.com', /must start with http:\/\/ or https:\/\//],
	['javascript', 'javascript:alert(1)', /must start with http:\/\/ or https:\/\//],
	['file', 'file:///etc/passwd', /must start with http:\/\/ or https:\/\//],
	['no scheme', 'acme.zendesk.com', /must start with http:\/\/ or https:\/\//],
	['a path', 'https://proxy.example.com/zendesk', /without a path, query or fragment/],
	['a query', 'https://proxy.example.com?x=1', /without a path, query or fragment/],
	['a fragment', 'https://proxy.example.com#top', /without a path, query or fragment/],
	['a user and password', 'https://user:secret-pw@proxy.example.com', /user name or password/],
	['port 0', 'http://127.0.0.1:0', /invalid port/],
	['a port above 65535', 'http://127.0.0.1:70000', /invalid port/],
	['an empty host', 'https://', /valid host name/],
	['a host with spaces', 'https://proxy example.com', /valid host name/],
];

describe('normalizeSubdomain', () => {
	it.each(ACCEPTED_SUBDOMAINS)('should normalise %j to %j', (input, expected) => {
		expect(normalizeSubdomain(input)).toEqual({ ok: true, subdomain: expected });
	});

	it.each(REJECTED_SUBDOMAINS)('should reject %s with a clear reason', (_label, input, reason) => {
		const result = normalizeSubdomain(input);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.message).toMatch(reason);
		expect(result.message).toContain('e.g. "acme" for https://acme.zendesk.com');
	});

	it('should not repeat a rejected subdomain in its message', () => {
		const result = normalizeSubdomain('https://admin:hunter2@acme.zendesk.com');
		expect(result.ok).toBe(false);
		expect(JSON.stringify(result)).not.toContain('hunter2');
	});
});

describe('normalizeBaseUrl', () => {
	it.each(ACCEPTED_BASE_URLS)('should accept %j as %j', (input, expected) => {
		expect(normalizeBaseUrl(input)).toEqual({ ok: true, origin: expected });
	});

	it.each(REJECTED_BASE_URLS)('should reject a base URL with %s', (_label, input, reason) => {
		const result = normalizeBaseUrl(input);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.message).toMatch(reason);
	});

	it('should not repeat a password given in the base URL', () => {
		expect(
			JSON.stringify(normalizeBaseUrl('https://user:secret-pw@proxy.example.com')),
		).not.toContain('secret-pw');
	});
});

describe('resolveZendeskOrigin', () => {
	it('should use https://{subdomain}.zendesk.com when no base URL is set', () => {
		expect(resolveZendeskOrigin({ subdomain: 'https://Acme.zendesk.com/', baseUrl: '' })).toEqual({
			ok: true,
			origin: 'https://acme.zendesk.com',
			subdomain: 'acme',
		});
	});

	it('should let the base URL replace the Zendesk origin', () => {
		expect(
			resolveZendeskOrigin({ subdomain: 'acme', baseUrl: 'http://127.0.0.1:4567/' }),
		).toMatchObject({ ok: true, origin: 'http://127.0.0.1:4567' });
	});

	it('should name the subdomain field when the subdomain is wrong, even with a base URL', () => {
		expect(
			resolveZendeskOrigin({ subdomain: 'a.b', baseUrl: 'http://127.0.0.1:4567' }),
		).toMatchObject({
			ok: false,
			field: 'subdomain',
		});
	});

	it('should name the base URL field when the base URL is wrong', () => {
		expect(resolveZendeskOrigin({ subdomain: 'acme', baseUrl: 'ftp://x' })).toMatchObject({
			ok: false,
			field: 'baseUrl',
		});
	});
});

describe('originOf', () => {
	it.each([
		[
			'https://acme.zendesk.com/api/v2/incremental/tickets.json?start_time=1',
			'https://acme.zendesk.com',
		],
		['HTTPS://ACME.zendesk.com:443/x', 'https://acme.zendesk.com'],
		['http://127.0.0.1:4567/api', 'http://127.0.0.1:4567'],
		['https://evil.example/api', 'https://evil.example'],
		['/api/v2/incremental/tickets.json', null],
		['javascript:alert(1)', null],
	])('should read the origin of %j as %j', (url, expected) => {
		expect(originOf(url)).toBe(expected);
	});
});

describe('zendeskOriginExpression', () => {
	const workflow = expressionWorkflow();
	const node = workflow.getNode('Expression');
	const evaluate = (credential: Record<string, unknown>, variable: '$self' | '$credentials') =>
		variable === '$self'
			? workflow.expression.getComplexParameterValue(
					node!,
					{ value: `={{${zendeskOriginExpression('$self')}}}` },
					'internal',
					{},
					undefined,
					undefined,
					credential,
				)
			: {
					value: workflow.expression.getSimpleParameterValue(
						node!,
						`={{${zendeskOriginExpression('$credentials')}}}`,
						'internal',
						{ $credentials: credential },
						undefined,
						'',
					),
				};

	const table: Array<{ subdomain: unknown; baseUrl: unknown }> = [
		...ACCEPTED_SUBDOMAINS.map(([subdomain]) => ({ subdomain, baseUrl: '' })),
		...REJECTED_SUBDOMAINS.map(([, subdomain]) => ({ subdomain, baseUrl: '' })),
		...ACCEPTED_BASE_URLS.map(([baseUrl]) => ({ subdomain: 'acme', baseUrl })),
		...REJECTED_BASE_URLS.map(([, baseUrl]) => ({ subdomain: 'acme', baseUrl })),
		{ subdomain: 'acme', baseUrl: undefined },
	];

	it.each(table)(
		'should give the same origin in n8n expressions as in the node for %j',
		(credential) => {
			const resolved = resolveZendeskOrigin(credential);
			const expected = resolved.ok ? resolved.origin : INVALID_ORIGIN;
			expect(evaluate(credential, '$self')).toEqual({ value: expected });
			expect(evaluate(credential, '$credentials')).toEqual({ value: expected });
		},
	);
});
