/** Shared by the credential tests: the two credential types and what their tests ask of them. */
import { join } from 'node:path';

import type { ICredentialType, INodeProperties } from 'n8n-workflow';

import { ZendeskExportApi } from '../../credentials/ZendeskExportApi.credentials';
import { ZendeskExportOAuth2Api } from '../../credentials/ZendeskExportOAuth2Api.credentials';
import type { createFakePollContext } from '../helpers/fake-poll-context';

export const ROOT = join(__dirname, '..', '..');
export const ME_PATH = '/api/v2/users/me.json';
export const STAND_IN = 'http://127.0.0.1:4567';

export const oauth2 = new ZendeskExportOAuth2Api();
export const apiToken = new ZendeskExportApi();

export function property(credential: ICredentialType, name: string): INodeProperties {
	const found = credential.properties.find((candidate) => candidate.name === name);
	if (found === undefined) throw new Error(`${credential.name} has no property ${name}`);
	return found;
}

/** A GET through n8n's httpRequestWithAuthentication, as the node sends it. */
export async function get(
	ctx: ReturnType<typeof createFakePollContext>,
	type: string,
	url: string,
) {
	return await ctx.helpers.httpRequestWithAuthentication.call(ctx, type, {
		method: 'GET',
		url,
		json: true,
	});
}
