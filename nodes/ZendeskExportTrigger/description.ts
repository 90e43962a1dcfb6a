import type { INodeProperties } from 'n8n-workflow';
import {
	modeFilterProperties,
	modeOptionProperties,
	simplifyProperty,
	triggerOnProperty,
} from './modes';

export const zendeskExportTriggerProperties: INodeProperties[] = [
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{ name: 'API Token (Legacy, Ends 2027-04-30)', value: 'apiToken' },
			{ name: 'OAuth2 (Recommended)', value: 'oAuth2' },
		],
		default: 'oAuth2',
	},
	{
		displayName:
			'Only Zendesk admins can read the incremental exports. Changes arrive one to two minutes after they happen (Zendesk holds back the last minute).',
		name: 'adminNotice',
		type: 'notice',
		default: '',
	},
	triggerOnProperty,
	...modeFilterProperties,
	{
		displayName: 'Start From',
		name: 'startFrom',
		type: 'options',
		description: 'Where the first activation starts reading. Changing it starts over.',
		options: [
			{
				name: 'A Date (Backfill)',
				value: 'date',
				description: 'Every change since the date, oldest first',
			},
			{ name: 'Now', value: 'now', description: 'Only changes made from activation on' },
		],
		default: 'now',
	},
	{
		displayName: 'Start Date',
		name: 'startDate',
		type: 'dateTime',
		default: '',
		required: true,
		description:
			"Emit every change made at or after this time, read in the workflow's time zone unless it says otherwise. Decided at the first activation; changing what is written here starts over.",
		displayOptions: { show: { startFrom: ['date'] } },
	},
	simplifyProperty,
	...modeOptionProperties,
];
