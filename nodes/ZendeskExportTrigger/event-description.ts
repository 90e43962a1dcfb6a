/**
 * The parameters of the modes beyond tickets: New Comment, Ticket Field Changed, User and
 * Organization Created or Updated. Each mode has its own options collection, so a workflow saved
 * before these modes keeps its `options` exactly as it was.
 */
import type { INodeProperties } from 'n8n-workflow';
import { DEFAULT_MAX_ITEMS_PER_POLL } from './engine/settings';
import { USER_ROLES } from './engine/kinds';

/** Ticket fields a Change event names, as Zendesk spells them in the ticket events export. */
export const TRACKED_FIELDS = [
	'status',
	'priority',
	'type',
	'assignee_id',
	'group_id',
	'subject',
	'tags',
	'requester_id',
	'organization_id',
	'ticket_form_id',
	'brand_id',
	'custom_status_id',
];

const FIELD_NAMES: Record<string, string> = {
	status: 'Status',
	priority: 'Priority',
	type: 'Type',
	assignee_id: 'Assignee',
	group_id: 'Group',
	subject: 'Subject',
	tags: 'Tags',
	requester_id: 'Requester',
	organization_id: 'Organization',
	ticket_form_id: 'Ticket Form',
	brand_id: 'Brand',
	custom_status_id: 'Custom Status',
};

const show = (...modes: string[]) => ({ show: { triggerOn: modes } });

function maxItemsOption(itemsNoun: string): INodeProperties {
	return {
		displayName: 'Max Items per Poll',
		name: 'maxItemsPerPoll',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_MAX_ITEMS_PER_POLL,
		description: `The most ${itemsNoun} one poll emits; the rest waits for the next poll, and nothing is lost or repeated. One Zendesk update is never split, so a single update with more ${itemsNoun} than this goes out whole. A higher number catches up faster and costs n8n more memory.`,
	};
}

/** The tickets an export covers; the ticket and ticket events options share it. */
export const SUPPORT_TYPE_SCOPE: INodeProperties = {
	displayName: 'Support Type Scope',
	name: 'supportTypeScope',
	type: 'options',
	default: 'all',
	hint: "Zendesk's own default is Agent, which silently leaves out tickets handled by AI agents (and their events)",
	options: [
		{ name: 'All', value: 'all', description: 'Tickets handled by agents and by AI agents' },
		{ name: 'Agent', value: 'agent', description: 'Only tickets handled by human agents' },
		{ name: 'AI Agent', value: 'ai_agent', description: 'Only tickets handled by AI agents' },
	],
};

/** Shown right after Trigger On (users and organizations each have their own Event). */
export const eventModeProperties: INodeProperties[] = [
	{
		displayName: 'Event',
		name: 'changeEvent',
		type: 'options',
		displayOptions: show('users'),
		options: [
			{
				name: 'User Created',
				value: 'created',
				description:
					'Users whose created_at is at or after the start of the window the trigger is reading',
			},
			{ name: 'User Created or Updated', value: 'createdOrUpdated' },
			{
				name: 'User Updated',
				value: 'updated',
				description: 'Changes to users created before the window the trigger is reading',
			},
		],
		default: 'createdOrUpdated',
	},
	{
		displayName: 'Event',
		name: 'changeEvent',
		type: 'options',
		displayOptions: show('organizations'),
		options: [
			{
				name: 'Organization Created',
				value: 'created',
				description:
					'Organizations whose created_at is at or after the start of the window the trigger is reading',
			},
			{ name: 'Organization Created or Updated', value: 'createdOrUpdated' },
			{
				name: 'Organization Updated',
				value: 'updated',
				description: 'Changes to organizations created before the window the trigger is reading',
			},
		],
		default: 'createdOrUpdated',
	},
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'multiOptions',
		default: [],
		description: 'Emit changes to these fields only. Empty means every field.',
		options: TRACKED_FIELDS.map((field) => ({ name: FIELD_NAMES[field], value: field })),
		displayOptions: show('fieldChanges'),
	},
	{
		displayName: 'To Values',
		name: 'toValues',
		type: 'string',
		default: '',
		placeholder: 'solved, urgent',
		description:
			'Emit a change only when the field became one of these values (comma-separated, any case). For Tags: when one of these tags was added. Empty means any value.',
		displayOptions: show('fieldChanges'),
	},
];

/** Shown after Start From and Start Date. */
export const eventModeOptions: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'commentOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: show('comments'),
		options: [
			{
				displayName: 'Add Ticket and Author',
				name: 'addTicketAndAuthor',
				type: 'boolean',
				default: false,
				description:
					'Whether to put the ticket (subject, status, requester_id, …) and the author (name, email, role) on each comment. Costs two extra requests per page, outside the export limit.',
			},
			{
				displayName: 'Authors',
				name: 'authors',
				type: 'options',
				default: 'any',
				options: [
					{ name: 'Anyone', value: 'any' },
					{
						name: 'End Users Only (Customers)',
						value: 'endUsers',
						description: 'Skip comments written by agents and admins',
					},
					{
						name: 'Agents and Admins Only',
						value: 'agents',
						description: 'Skip comments written by end users',
					},
				],
				description:
					'Zendesk does not say who wrote a comment in this export, so the trigger looks the authors up (one request per page)',
			},
			maxItemsOption('comments'),
			{
				displayName: 'Skip Comments by the Requester',
				name: 'skipRequester',
				type: 'boolean',
				default: false,
				description:
					"Whether to skip comments written by the ticket's requester (looks the tickets up, one request per page)",
			},
			SUPPORT_TYPE_SCOPE,
			{
				displayName: 'Visibility',
				name: 'visibility',
				type: 'options',
				default: 'all',
				options: [
					{ name: 'All Comments', value: 'all' },
					{
						name: 'Public Replies Only',
						value: 'public',
						description: 'Comments the requester sees',
					},
					{ name: 'Internal Notes Only', value: 'internal' },
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'fieldChangeOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: show('fieldChanges'),
		options: [
			{
				displayName: 'Add Ticket and Updater',
				name: 'addTicketAndUpdater',
				type: 'boolean',
				default: false,
				description:
					'Whether to put the ticket and the user who made the change on each item. Costs two extra requests per page, outside the export limit.',
			},
			{
				displayName: 'Custom Field IDs',
				name: 'customFieldIds',
				type: 'string',
				default: '',
				placeholder: '360041597112, 360041597113',
				description:
					'Also emit changes to these custom ticket fields (comma-separated IDs). With Fields empty and this empty, every field is emitted.',
			},
			{
				displayName: 'Include Ticket Creation',
				name: 'includeCreate',
				type: 'boolean',
				default: false,
				description:
					'Whether a new ticket counts as a change of every field it was created with (Zendesk sends those as Create events)',
			},
			maxItemsOption('field changes'),
			SUPPORT_TYPE_SCOPE,
		],
	},
	{
		displayName: 'Options',
		name: 'userOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: show('users'),
		options: [
			maxItemsOption('users'),
			{
				displayName: 'Roles',
				name: 'roles',
				type: 'multiOptions',
				default: [],
				description: 'Emit only users with these roles. Empty means every role.',
				options: USER_ROLES.map((role) => ({
					name: role === 'end-user' ? 'End User' : role[0].toUpperCase() + role.slice(1),
					value: role,
				})),
			},
		],
	},
	{
		displayName: 'Options',
		name: 'organizationOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: show('organizations'),
		options: [maxItemsOption('organizations')],
	},
];
