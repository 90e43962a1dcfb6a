/**
 * The view picker of Ticket Entered View (`methods.listSearch`): the account's active views the
 * connected user can see, filtered by what the user types, each with its agent link.
 */
import {
	NodeOperationError,
	type ILoadOptionsFunctions,
	type INodeListSearchResult,
} from 'n8n-workflow';
import { resolveZendeskOrigin } from '../shared/origin';
import type { ZendeskCredentialType } from './transport';
import { listViews } from './transport/lists';

export async function searchViews(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const credentialType: ZendeskCredentialType =
		this.getNodeParameter('authentication', 'oAuth2') === 'apiToken'
			? 'zendeskExportApi'
			: 'zendeskExportOAuth2Api';
	const resolved = resolveZendeskOrigin(await this.getCredentials(credentialType));
	if (!resolved.ok) throw new NodeOperationError(this.getNode(), resolved.message);
	const { origin } = resolved;
	const views = await listViews(this, { credentialType, origin }, filter);
	return {
		results: views.map((view) => ({
			name: view.title,
			value: String(view.id),
			url: `${origin}/agent/filters/${view.id}`,
		})),
	};
}
