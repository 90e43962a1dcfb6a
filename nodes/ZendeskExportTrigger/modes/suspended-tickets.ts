/** New Suspended Ticket: Zendesk's suspended tickets list, one item per ticket suspended. */
import type { IPollFunctions } from 'n8n-workflow';
import { suspendedTicketsKind } from '../engine/lists';
import type { ItemShape } from '../engine/item-shape';
import { SUSPENDED_TICKETS } from '../transport/lists';
import { readCollection, readMaxItems, showFor } from './checks';
import { notAnExport, type ListModeDefinition } from './list-types';
import { maxItemsOption } from './shared-properties';

const show = showFor('suspendedTickets');

export const suspendedTicketsMode: ListModeDefinition = {
	value: 'suspendedTickets',
	name: 'New Suspended Ticket',
	description:
		'One item per ticket Zendesk suspends (spam, unverified sender, …); recovering or deleting it is not an event',
	sampleHint: 'Wait until a ticket lands in the Suspended tickets view in Zendesk',
	filterProperties: [],
	optionProperties: [
		{
			displayName: 'Options',
			name: 'suspendedOptions',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			displayOptions: show,
			options: [maxItemsOption('suspended tickets')],
		},
	],
	read: notAnExport,
	readList: (ctx: IPollFunctions, shape: ItemShape) => {
		const options = readCollection(ctx, 'suspendedOptions');
		return {
			kind: suspendedTicketsKind(shape),
			endpoint: SUSPENDED_TICKETS,
			positionKey: '',
			maxItemsPerPoll: readMaxItems(ctx, options.maxItemsPerPoll, 'Max Items per Poll'),
		};
	},
};
