/**
 * Ticket Entered View: a Zendesk view's tickets, compared with the last poll's. The view is picked
 * with n8n's resource locator: from the account's views (searchable), by URL or by ID.
 */
import type { INodeProperties, IPollFunctions } from 'n8n-workflow';
import { viewTicketsKind } from '../engine/lists';
import type { ItemShape } from '../engine/item-shape';
import { viewTicketsEndpoint } from '../transport/lists';
import { invalid, readCollection, readMaxItems, showFor } from './checks';
import { notAnExport, type ListModeDefinition } from './list-types';
import { maxItemsOption } from './shared-properties';

const show = showFor('viewTickets');
/** An agent's link to a view: `https://acme.zendesk.com/agent/filters/360001234567`. */
const VIEW_URL = 'https?://[^/]+/agent/filters/(\\d+)';

const viewProperty: INodeProperties = {
	displayName: 'View',
	name: 'view',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	displayOptions: show,
	description: 'The view whose tickets to watch; picking another view starts over',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchViews', searchable: true },
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'https://acme.zendesk.com/agent/filters/360001234567',
			validation: [
				{
					type: 'regex',
					properties: { regex: VIEW_URL, errorMessage: 'Not the URL of a Zendesk view' },
				},
			],
			extractValue: { type: 'regex', regex: VIEW_URL },
		},
		{
			displayName: 'ID',
			name: 'id',
			type: 'string',
			placeholder: '360001234567',
			validation: [{ type: 'regex', properties: { regex: '\\d+', errorMessage: 'Not a view ID' } }],
		},
	],
};

export const viewTicketsMode: ListModeDefinition = {
	value: 'viewTickets',
	name: 'Ticket Entered View',
	description:
		"One item per ticket that enters a Zendesk view (the view's conditions, no trigger needed)",
	sampleHint: 'Pick a view that holds a ticket',
	filterProperties: [viewProperty],
	optionProperties: [
		{
			displayName: 'Options',
			name: 'viewOptions',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			displayOptions: show,
			options: [
				{
					displayName: 'Also Emit Left View',
					name: 'emitLeft',
					type: 'boolean',
					default: false,
					description:
						'Whether to emit an item (event "left") when a ticket leaves the view, seen one poll after it is gone',
				},
				maxItemsOption('view entries'),
			],
		},
	],
	read: notAnExport,
	readList: (ctx: IPollFunctions, shape: ItemShape) => {
		const viewId = readViewId(ctx);
		const options = readCollection(ctx, 'viewOptions');
		if (options.emitLeft !== undefined && typeof options.emitLeft !== 'boolean') {
			throw invalid(
				ctx,
				`Also Emit Left View is ${JSON.stringify(options.emitLeft)}, not true or false`,
			);
		}
		return {
			kind: viewTicketsKind({ viewId, emitLeft: options.emitLeft === true }, shape),
			endpoint: viewTicketsEndpoint(viewId),
			positionKey: String(viewId),
			maxItemsPerPoll: readMaxItems(ctx, options.maxItemsPerPoll, 'Max Items per Poll'),
		};
	},
};

/** The view's id, from whichever mode the locator holds (n8n keeps `{mode, value}` as written). */
export function readViewId(ctx: IPollFunctions): number {
	const locator = ctx.getNodeParameter('view', '') as unknown;
	const raw =
		typeof locator === 'object' && locator !== null && 'value' in locator
			? (locator as { value: unknown }).value
			: locator;
	const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
	const fromUrl = new RegExp(VIEW_URL).exec(text);
	const digits = fromUrl ? fromUrl[1] : text;
	const viewId = /^\d+$/.test(digits) ? Number(digits) : NaN;
	if (!Number.isSafeInteger(viewId) || viewId < 1) {
		throw invalid(
			ctx,
			text === ''
				? 'No view is picked'
				: `View "${text}" is neither a view ID nor a view's URL (…/agent/filters/123)`,
		);
	}
	return viewId;
}
