import {
	NodeConnectionTypes,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';
import { zendeskExportTriggerProperties } from './description';
import { SUBTITLE_BY_MODE } from './modes';
import { pollZendeskExport } from './trigger';
import { searchViews } from './view-search';

export class ZendeskExportTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Zendesk Export Trigger',
		name: 'zendeskExportTrigger',
		icon: { light: 'file:zendesk.svg', dark: 'file:zendesk.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: `={{ ${JSON.stringify(SUBTITLE_BY_MODE)}[$parameter["triggerOn"]] || {"createdOrUpdated": "Ticket created or updated", "created": "Ticket created", "updated": "Ticket updated"}[$parameter["event"]] }}`,
		description:
			'Starts the workflow for every Zendesk ticket change, comment, field change, user or organization, read from the incremental exports (no webhook, no public URL)',
		defaults: { name: 'Zendesk Export Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'zendeskExportOAuth2Api',
				required: true,
				displayOptions: { show: { authentication: ['oAuth2'] } },
			},
			{
				name: 'zendeskExportApi',
				required: true,
				displayOptions: { show: { authentication: ['apiToken'] } },
			},
		],
		properties: zendeskExportTriggerProperties,
	};

	methods = { listSearch: { searchViews } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollZendeskExport(this);
	}
}
