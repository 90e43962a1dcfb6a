import type { INodeProperties } from 'n8n-workflow';
import { DEFAULT_MAX_ITEMS_PER_POLL } from './engine/settings';
import { eventModeOptions, eventModeProperties, SUPPORT_TYPE_SCOPE } from './event-description';

export const TICKET_STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed', 'deleted'];

const INCLUDE_OPTIONS = [
	{ name: 'Groups', value: 'groups', description: 'Adds group' },
	{ name: 'Metric Sets', value: 'metric_sets', description: 'Adds metric_set' },
	{ name: 'Organizations', value: 'organizations', description: 'Adds organization' },
	{ name: 'Ticket Forms', value: 'ticket_forms', description: 'Adds ticket_form' },
	{ name: 'Users', value: 'users', description: 'Adds requester, submitter and assignee' },
];

/**
 * What an expression may give for Include: the list's values, plus the other sideloads Zendesk
 * documents for the ticket export (written into each ticket, or sent beside the tickets).
 */
export const INCLUDE_VALUES = [
	...INCLUDE_OPTIONS.map((option) => option.value),
	'dates',
	'comment_count',
	'incident_counts',
	'sharing_agreements',
];

export const zendeskExportTriggerProperties: INodeProperties[] = [
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{ name: 'OAuth2 (Recommended)', value: 'oAuth2' },
			{ name: 'API Token (Legacy, Ends 2027-04-30)', value: 'apiToken' },
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
	{
		displayName: 'Trigger On',
		name: 'triggerOn',
		type: 'options',
		// Saved workflows from before this parameter have no value for it: the default keeps them
		// reading tickets exactly as before.
		default: 'tickets',
		options: [
			{
				name: 'New Comment',
				value: 'comments',
				description: 'One item per comment: replies and internal notes',
			},
			{
				name: 'Organization Created or Updated',
				value: 'organizations',
				description: 'One item per organization version',
			},
			{
				name: 'Ticket Created or Updated',
				value: 'tickets',
				description:
					'One item per ticket change; a ticket changed several times between polls arrives once, in its latest version',
			},
			{
				name: 'Ticket Field Changed',
				value: 'fieldChanges',
				description:
					'One item per changed field: status, priority, assignee, tags, custom fields, …',
			},
			{
				name: 'User Created or Updated',
				value: 'users',
				description: 'One item per user version',
			},
		],
	},
	...eventModeProperties,
	{
		displayName: 'Event',
		name: 'event',
		displayOptions: { show: { triggerOn: ['tickets'] } },
		type: 'options',
		options: [
			{
				name: 'Ticket Created or Updated',
				value: 'createdOrUpdated',
				description: 'Every change to every ticket',
			},
			{
				name: 'Ticket Created',
				value: 'created',
				description:
					'Tickets whose created_at is at or after the start of the window the trigger is reading',
			},
			{
				name: 'Ticket Updated',
				value: 'updated',
				description:
					'Changes to tickets that were created before the window the trigger is reading',
			},
		],
		default: 'createdOrUpdated',
	},
	{
		displayName: 'Start From',
		name: 'startFrom',
		type: 'options',
		description: 'Where the first activation starts reading. Changing it starts over.',
		options: [
			{ name: 'Now', value: 'now', description: 'Only changes made from activation on' },
			{
				name: 'A Date (Backfill)',
				value: 'date',
				description: 'Every change since the date, oldest first',
			},
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
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: { triggerOn: ['tickets'] } },
		options: [
			{
				displayName: 'Exclude Deleted Tickets',
				name: 'excludeDeleted',
				type: 'boolean',
				default: false,
				description:
					'Whether to leave deleted tickets out. When off, a deleted ticket arrives with status "deleted".',
			},
			{
				displayName: 'Ignore System Updates',
				name: 'ignoreSystemUpdates',
				type: 'boolean',
				default: false,
				description:
					'Whether to skip tickets whose only change was made by Zendesk itself (their updated_at did not move)',
			},
			{
				displayName: 'Include Related Records',
				name: 'include',
				type: 'multiOptions',
				default: [],
				description:
					'Put related records on each ticket, so a workflow maps requester.email directly. Fetched once per page.',
				options: INCLUDE_OPTIONS,
			},
			{
				displayName: 'Max Tickets per Poll',
				name: 'maxTicketsPerPoll',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_MAX_ITEMS_PER_POLL,
				description:
					'The most tickets one poll emits; the rest waits for the next poll, and nothing is lost or repeated. A higher number backfills faster and costs n8n more memory.',
			},
			{
				displayName: 'Statuses',
				name: 'statuses',
				type: 'multiOptions',
				default: [],
				description: 'Emit only tickets in these statuses. Empty means every status.',
				options: TICKET_STATUSES.map((status) => ({
					name: status[0].toUpperCase() + status.slice(1),
					value: status,
				})),
			},
			SUPPORT_TYPE_SCOPE,
		],
	},
	...eventModeOptions,
];
