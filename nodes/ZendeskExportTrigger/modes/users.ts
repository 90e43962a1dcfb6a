/** User Created or Updated: the incremental user export, one item per user version. */
import type { IPollFunctions } from 'n8n-workflow';
import { readListOption, usersKind, USER_ROLES, type TriggerEvent } from '../engine';
import { invalid, readCollection, readEnum, readMaxItems, showFor } from './checks';
import { changeEventOptions, maxItemsOption } from './shared-properties';
import type { ItemShape } from '../engine/item-shape';
import type { ModeDefinition, ModeSetup } from './types';

export const CHANGE_EVENTS: readonly TriggerEvent[] = ['createdOrUpdated', 'created', 'updated'];
const show = showFor('users');

export const usersMode: ModeDefinition = {
	value: 'users',
	name: 'User Created or Updated',
	description: 'One item per user version',
	sampleHint: 'Create or update a user in Zendesk, or loosen the Event and Roles options',
	filterProperties: [
		{
			displayName: 'Event',
			name: 'changeEvent',
			type: 'options',
			displayOptions: show,
			options: changeEventOptions('User', 'Users'),
			default: 'createdOrUpdated',
		},
	],
	optionProperties: [
		{
			displayName: 'Options',
			name: 'userOptions',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			displayOptions: show,
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
	],
	read: readUsers,
};

function readUsers(ctx: IPollFunctions, shape: ItemShape): ModeSetup {
	const event = readEnum(
		ctx,
		ctx.getNodeParameter('changeEvent', 'createdOrUpdated'),
		CHANGE_EVENTS,
		'Event',
	);
	const options = readCollection(ctx, 'userOptions');
	const roles = readListOption(options.roles, USER_ROLES, 'Roles');
	if (!roles.ok) throw invalid(ctx, roles.problem);
	return {
		exportName: 'users',
		kind: usersKind({ event, roles: roles.values }, shape),
		query: { include: [], excludeDeleted: false },
		maxItemsPerPoll: readMaxItems(ctx, options.maxItemsPerPoll, 'Max Items per Poll'),
	};
}
