/** Set-up shared by the export source's tests: a real n8n-core poll context, a fake clock. */
import nock from 'nock';
import { inspect } from 'node:util';
import type { NodeApiError } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import {
	createExportSource,
	type ExportName,
	type ExportQuery,
	type ZendeskCredentialType,
} from '../../nodes/ZendeskExportTrigger/transport';
import { createFakePollContext, type FakePollContext } from './fake-poll-context';
import {
	apiTokenCredentials,
	EMAIL,
	fakeClock,
	oauth2Credentials,
	ORIGIN,
	SECRETS,
} from './transport-fixtures';

export const TIME_PATH = '/api/v2/incremental/tickets.json';
export const CURSOR_PATH = '/api/v2/incremental/tickets/cursor.json';
export const MINUTE_MS = 60_000;

export const FULL_QUERY: ExportQuery = {
	include: ['users', 'groups', 'metric_sets'],
	excludeDeleted: true,
	supportTypeScope: 'all',
	perPage: 500,
};
export const PLAIN_QUERY: ExportQuery = {
	include: [],
	excludeDeleted: false,
	supportTypeScope: 'agent',
};

export function setup(
	options: {
		credentialType?: ZendeskCredentialType;
		query?: ExportQuery;
		random?: () => number;
		origin?: string;
		baseUrl?: string;
		credentials?: ICredentialDataDecryptedObject;
		exportName?: ExportName;
	} = {},
) {
	const credentialType = options.credentialType ?? 'zendeskExportApi';
	const extra: ICredentialDataDecryptedObject =
		options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl };
	const ctx = createFakePollContext({
		credentialType,
		credentials:
			options.credentials ??
			(credentialType === 'zendeskExportApi'
				? apiTokenCredentials(extra)
				: oauth2Credentials(extra)),
		mode: 'trigger',
	});
	const clock = fakeClock();
	const source = createExportSource(ctx, {
		credentialType,
		origin: options.origin ?? ORIGIN,
		exportName: options.exportName,
		query: options.query ?? PLAIN_QUERY,
		sleep: clock.sleep,
		nowMs: clock.nowMs,
		random: options.random ?? (() => 0.5),
	});
	return { ctx, clock, source, deadline: (ms = 10 * MINUTE_MS) => clock.nowMs() + ms };
}

export async function rejectionOf(promise: Promise<unknown>): Promise<NodeApiError> {
	try {
		await promise;
	} catch (error) {
		return error as NodeApiError;
	}
	throw new Error('expected the promise to be rejected');
}

/** Every request the test scripted was sent. */
export function expectScriptDone(): void {
	expect(nock.pendingMocks()).toEqual([]);
	expect(nock.isDone()).toBe(true);
}

export const basicHeader = Buffer.from(`${EMAIL}/token:${SECRETS.apiToken}`).toString('base64');

/** Every place a secret could leak from a thrown error or the log. */
export function expectNoSecrets(
	error: unknown,
	ctx: FakePollContext,
	extraSecrets: string[] = [],
): void {
	const error_ = error as NodeApiError;
	const places = [
		JSON.stringify(error),
		inspect(error, { showHidden: true, depth: 20 }),
		String(error_.message),
		String(error_.description),
		ctx.logger.text(),
		...ctx.logger.lines.map((line) => line.message),
	];
	for (const text of places) {
		for (const secret of [...Object.values(SECRETS), basicHeader, ...extraSecrets]) {
			expect(text).not.toContain(secret);
		}
		expect(text).not.toMatch(/Bearer (?!\[redacted\])|Basic [A-Za-z0-9+/=]{8,}|authorization/i);
	}
}
