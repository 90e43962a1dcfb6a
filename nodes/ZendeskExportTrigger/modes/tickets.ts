/** Ticket Created or Updated: the incremental ticket export, one item per ticket version. */
import type { IPollFunctions } from 'n8n-workflow';
import { readListOption, ticketsKind, type TriggerEvent } from '../engine';
import { DEFAULT_MAX_ITEMS_PER_POLL } from '../engine/settings';
import { invalid, readCollection, readEnum, readMaxItems, readScope, showFor } from './checks';
import { SUPPORT_TYPE_SCOPE } from './shared-properties';
import type { ItemShape } from '../engine/item-shape';
import type { ModeDefinition, ModeSetup } from './types';

const SIMPLIFY_SIDELOADS = ['users', 'groups', 'organizations'];

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

const EVENTS: readonly TriggerEvent[] = ['createdOrUpdated', 'created', 'updated'];
const show = showFor('tickets');

export const ticketsMode: ModeDefinition = {
	// Saved workflows from before Trigger On have no value for it: 'tickets' is its default.
	value: 'tickets',
	name: 'Ticket Created or Updated',
	description:
		'One item per ticket change; a ticket changed several times between polls arrives once, in its latest version',
	sampleHint: 'Create or update a ticket in Zendesk, or loosen the Event and Statuses options',
	filterProperties: [
		{
			displayName: 'Event',
			name: 'event',
			displayOptions: show,
			type: 'options',
			options: [
				{
					name: 'Ticket Created',
					value: 'created',
					description:
						'Tickets whose created_at is at or after the start of the window the trigger is reading',
				},
				{
					name: 'Ticket Created or Updated',
					value: 'createdOrUpdated',
					description: 'Every change to every ticket',
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
	],
	optionProperties: [
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			displayOptions: show,
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
	],
	read: readTickets,
};

function readTickets(ctx: IPollFunctions, shape: ItemShape): ModeSetup {
	const options = readCollection(ctx, 'options');
	const event = readEnum(ctx, ctx.getNodeParameter('event', 'createdOrUpdated'), EVENTS, 'Event');
	const statuses = readListOption(options.statuses, TICKET_STATUSES, 'Statuses');
	if (!statuses.ok) throw invalid(ctx, statuses.problem);
	const include = readListOption(options.include, INCLUDE_VALUES, 'Include Related Records');
	if (!include.ok) throw invalid(ctx, include.problem);
	return {
		exportName: 'tickets',
		kind: ticketsKind(
			{
				event,
				statuses: statuses.values,
				ignoreSystemUpdates: options.ignoreSystemUpdates === true,
			},
			shape,
		),
		query: {
			// Simplify names the requester, assignee, group and organization from the page's own
			// sideloads: the same request, no lookup.
			include: shape.simplify
				? [...new Set([...include.values, ...SIMPLIFY_SIDELOADS])]
				: include.values,
			excludeDeleted: options.excludeDeleted === true,
			supportTypeScope: readScope(ctx, options),
		},
		maxItemsPerPoll: readMaxItems(ctx, options.maxTicketsPerPoll, 'Max Tickets per Poll'),
	};
}
