/** Organization Created or Updated: the incremental organization export, one item per version. */
import type { IPollFunctions } from 'n8n-workflow';
import { organizationsKind } from '../engine';
import { readCollection, readEnum, readMaxItems, showFor } from './checks';
import { changeEventOptions, maxItemsOption } from './shared-properties';
import type { ItemShape } from '../engine/item-shape';
import type { ModeDefinition, ModeSetup } from './types';
import { CHANGE_EVENTS } from './users';

const show = showFor('organizations');

export const organizationsMode: ModeDefinition = {
	value: 'organizations',
	name: 'Organization Created or Updated',
	description: 'One item per organization version',
	sampleHint: 'Create or update an organization in Zendesk, or loosen the Event option',
	filterProperties: [
		{
			displayName: 'Event',
			name: 'changeEvent',
			type: 'options',
			displayOptions: show,
			options: changeEventOptions('Organization', 'Organizations'),
			default: 'createdOrUpdated',
		},
	],
	optionProperties: [
		{
			displayName: 'Options',
			name: 'organizationOptions',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			displayOptions: show,
			options: [maxItemsOption('organizations')],
		},
	],
	read: readOrganizations,
};

function readOrganizations(ctx: IPollFunctions, shape: ItemShape): ModeSetup {
	const event = readEnum(
		ctx,
		ctx.getNodeParameter('changeEvent', 'createdOrUpdated'),
		CHANGE_EVENTS,
		'Event',
	);
	const options = readCollection(ctx, 'organizationOptions');
	return {
		exportName: 'organizations',
		kind: organizationsKind({ event }, shape),
		query: { include: [], excludeDeleted: false },
		maxItemsPerPoll: readMaxItems(ctx, options.maxItemsPerPoll, 'Max Items per Poll'),
	};
}
