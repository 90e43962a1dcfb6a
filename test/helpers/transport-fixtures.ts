/** Fixtures for the transport and credential tests: credentials, pages, a fake clock. */
import nock from 'nock';
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import type { Ticket } from '../../nodes/ZendeskExportTrigger/engine/types';

export const ORIGIN = 'https://acme.zendesk.com';

/** Distinct, searchable values: a test fails if any of them shows up where it must not. */
export const SECRETS = {
	apiToken: 'api-token-6f1c9e0b7d',
	clientSecret: 'client-secret-8a2d4e6f',
	accessToken: 'access-token-3b5c7d9e',
	refreshToken: 'refresh-token-1a3c5e7g',
	newAccessToken: 'access-token-new-2468',
	newRefreshToken: 'refresh-token-new-1357',
} as const;

export const EMAIL = 'admin@acme.example';

export function apiTokenCredentials(
	overrides: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return { subdomain: 'acme', email: EMAIL, apiToken: SECRETS.apiToken, baseUrl: '', ...overrides };
}

export function oauth2Credentials(
	overrides: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return {
		subdomain: 'acme',
		grantType: 'authorizationCode',
		clientId: 'n8n-export',
		clientSecret: SECRETS.clientSecret,
		baseUrl: '',
		oauthTokenData: {
			access_token: SECRETS.accessToken,
			refresh_token: SECRETS.refreshToken,
			token_type: 'bearer',
			scope: 'read',
		},
		...overrides,
	};
}

export function createTicket(partial: Partial<Ticket> = {}): Ticket {
	return {
		id: 1,
		generated_timestamp: 1_700_000_000,
		created_at: '2023-11-14T22:13:20Z',
		updated_at: '2023-11-14T22:13:20Z',
		status: 'open',
		subject: 'Printer on fire',
		...partial,
	};
}

export function timePageBody(partial: IDataObject = {}): IDataObject {
	return {
		tickets: [createTicket()],
		count: 1,
		end_time: 1_700_000_000,
		end_of_stream: true,
		next_page: `${ORIGIN}/api/v2/incremental/tickets.json?start_time=1700000000`,
		...partial,
	};
}

export function cursorPageBody(partial: IDataObject = {}): IDataObject {
	return {
		tickets: [createTicket()],
		after_cursor: 'MTcwMDAwMDAwMC4wfHwxfA==',
		after_url: `${ORIGIN}/api/v2/incremental/tickets/cursor.json?cursor=MTcwMDAwMDAwMC4wfHwxfA%3D%3D`,
		before_cursor: null,
		before_url: null,
		end_of_stream: true,
		...partial,
	};
}

/** A clock that only moves when the code under test sleeps. */
export function fakeClock(startMs = 1_700_000_000_000) {
	let now = startMs;
	const sleeps: number[] = [];
	return {
		sleeps,
		nowMs: () => now,
		sleep: async (ms: number) => {
			sleeps.push(ms);
			now += ms;
		},
		advance: (ms: number) => {
			now += ms;
		},
	};
}

/**
 * Makes a nock test file fail on any request no interceptor matched, even when the code under
 * test catches the error nock raises (the transport would call it a network failure and retry).
 * No request leaves this machine; `afterEach` asserts that none went unmatched, then clears the
 * interceptors; `afterAll` restores http for the next file in the same jest worker.
 */
export function guardNock(): { unmatched: string[] } {
	const unmatched: string[] = [];
	const record = (request: { method?: string; href?: string; path?: string; host?: string }) => {
		unmatched.push(
			`${request.method ?? 'GET'} ${request.href ?? `${request.host ?? ''}${request.path ?? ''}`}`,
		);
	};
	beforeAll(() => {
		if (!nock.isActive()) nock.activate();
		nock.disableNetConnect();
		nock.emitter.on('no match', record);
	});
	afterEach(() => {
		const seen = unmatched.splice(0);
		nock.cleanAll();
		expect(seen).toEqual([]);
	});
	afterAll(() => {
		nock.emitter.removeListener('no match', record);
		nock.enableNetConnect();
		nock.restore();
	});
	return { unmatched };
}
