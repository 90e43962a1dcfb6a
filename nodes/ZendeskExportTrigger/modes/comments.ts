/**
 * New Comment, and its preset Customer Replied: the ticket events export with comment events, one
 * item per comment.
 */
import type { INodeProperties, IPollFunctions } from 'n8n-workflow';
import { commentsKind, type CommentFilters } from '../engine';
import { readCollection, readEnum, readMaxItems, readScope, showFor } from './checks';
import { maxItemsOption, SUPPORT_TYPE_SCOPE } from './shared-properties';
import type { ItemShape } from '../engine/item-shape';
import type { ModeDefinition, ModeSetup } from './types';

const VISIBILITIES = ['all', 'public', 'internal'] as const;
const AUTHORS = ['any', 'endUsers', 'agents'] as const;

const visibility = (fallback: string): INodeProperties => ({
	displayName: 'Visibility',
	name: 'visibility',
	type: 'options',
	default: fallback,
	options: [
		{ name: 'All Comments', value: 'all' },
		{ name: 'Internal Notes Only', value: 'internal' },
		{ name: 'Public Replies Only', value: 'public', description: 'Comments the requester sees' },
	],
});

const authors = (fallback: string): INodeProperties => ({
	displayName: 'Authors',
	name: 'authors',
	type: 'options',
	default: fallback,
	options: [
		{
			name: 'Agents and Admins Only',
			value: 'agents',
			description: 'Skip comments written by end users',
		},
		{ name: 'Anyone', value: 'any' },
		{
			name: 'End Users Only (Customers)',
			value: 'endUsers',
			description: 'Skip comments written by agents and admins',
		},
	],
	description:
		'Zendesk does not say who wrote a comment in this export, so the trigger looks the authors up (one request per page)',
});

/** The options both comment modes share; New Comment adds its Authors and Visibility. */
function commentOptions(modes: string[], extra: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'commentOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: showFor(...modes),
		options: (
			[
				{
					displayName: 'Add Ticket and Author',
					name: 'addTicketAndAuthor',
					type: 'boolean',
					default: false,
					description:
						'Whether to put the ticket (subject, status, requester_id, …) and the author (name, email, role) on each comment. Costs two extra requests per page, outside the export limit.',
				},
				...extra,
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
			] as INodeProperties[]
		).sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

export const commentsMode: ModeDefinition = {
	value: 'comments',
	name: 'New Comment',
	description: 'One item per comment: replies and internal notes',
	sampleHint: 'Add a comment to a ticket in Zendesk, or loosen the Visibility and Authors options',
	filterProperties: [],
	optionProperties: [commentOptions(['comments'], [authors('any'), visibility('all')])],
	read: (ctx, shape) => {
		const options = readCollection(ctx, 'commentOptions');
		return readCommentMode(ctx, shape, options, {
			visibility: readEnum(ctx, options.visibility ?? 'all', VISIBILITIES, 'Visibility'),
			authors: readEnum(ctx, options.authors ?? 'any', AUTHORS, 'Authors'),
			repliesOnly: false,
		});
	},
};

const showReplied = showFor('customerReplied');

/** A customer's public reply on an existing ticket: "the customer answered, tell the team". */
export const customerRepliedMode: ModeDefinition = {
	value: 'customerReplied',
	name: 'Customer Replied',
	description: "A customer's public reply on an existing ticket (a preset of New Comment)",
	sampleHint:
		'Reply to a ticket as a customer in Zendesk, or loosen the Authors, Visibility and Replies Only settings',
	filterProperties: [
		{ ...authors('endUsers'), displayOptions: showReplied },
		{ ...visibility('public'), displayOptions: showReplied },
		{
			displayName: 'Replies Only',
			name: 'repliesOnly',
			type: 'boolean',
			default: true,
			displayOptions: showReplied,
			description:
				'Whether to skip the comment a ticket was opened with, so only answers on an existing ticket count',
		},
	],
	optionProperties: [commentOptions(['customerReplied'], [])],
	read: (ctx, shape) =>
		readCommentMode(ctx, shape, readCollection(ctx, 'commentOptions'), {
			visibility: readEnum(
				ctx,
				ctx.getNodeParameter('visibility', 'public'),
				VISIBILITIES,
				'Visibility',
			),
			authors: readEnum(ctx, ctx.getNodeParameter('authors', 'endUsers'), AUTHORS, 'Authors'),
			repliesOnly: ctx.getNodeParameter('repliesOnly', true) === true,
		}),
};

function readCommentMode(
	ctx: IPollFunctions,
	shape: ItemShape,
	options: Record<string, unknown>,
	filters: Pick<CommentFilters, 'visibility' | 'authors' | 'repliesOnly'>,
): ModeSetup {
	return {
		exportName: 'ticketEvents',
		kind: commentsKind(
			{
				...filters,
				skipRequester: options.skipRequester === true,
				addTicketAndAuthor: options.addTicketAndAuthor === true,
			},
			shape,
		),
		query: {
			include: ['comment_events'],
			excludeDeleted: false,
			supportTypeScope: readScope(ctx, options),
		},
		maxItemsPerPoll: readMaxItems(ctx, options.maxItemsPerPoll, 'Max Items per Poll'),
	};
}
