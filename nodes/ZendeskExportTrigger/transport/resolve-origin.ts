/**
 * The origin the node's requests go to, checked before anything is sent. The rules live in
 * `nodes/shared/origin.ts`, which the credentials use too.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IPollFunctions } from 'n8n-workflow';

import { resolveZendeskOrigin } from '../../shared/origin';
import type { ZendeskCredentialType } from './classify';

/**
 * The origin every request of the node goes to, from the credential's subdomain and API Base
 * URL. Throws before any request when either is invalid.
 */
export async function resolveOrigin(
	ctx: IPollFunctions,
	credentialType: ZendeskCredentialType,
): Promise<string> {
	const credentials = await ctx.getCredentials(credentialType);
	const resolved = resolveZendeskOrigin(credentials);
	if (resolved.ok) return resolved.origin;
	const field = resolved.field === 'subdomain' ? 'Subdomain' : 'API Base URL';
	throw new NodeOperationError(ctx.getNode(), resolved.message, {
		description: `Open the Zendesk credential and correct its ${field} field.`,
	});
}
