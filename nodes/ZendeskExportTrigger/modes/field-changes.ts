/**
 * Ticket Field Changed, and its presets (Ticket Solved, Tag Added to Ticket, Ticket Assigned,
 * Priority Changed): the ticket events export, one item per changed field. A preset is the same
 * reader with other defaults, so a user who picks one can still change its filters.
 */
import type { INodeProperties, IPollFunctions } from 'n8n-workflow';
import { fieldChangesKind, readListOption } from '../engine';
import { SYSTEM_FIELD_TITLES } from '../engine/custom-fields';
import { invalid, readCollection, readMaxItems, readScope, readText, showFor } from './checks';
import { maxItemsOption, SUPPORT_TYPE_SCOPE } from './shared-properties';
import type { ItemShape } from '../engine/item-shape';
import type { ModeDefinition, ModeSetup } from './types';

/** Ticket fields a Change event names, as Zendesk spells them in the ticket events export. */
export const TRACKED_FIELDS = Object.keys(SYSTEM_FIELD_TITLES);

interface FieldChangeDefaults {
	value: string;
	name: string;
	description: string;
	sampleHint: string;
	fields: string[];
	toValues: string;
	onlySetValues: boolean;
}

const PLAIN: FieldChangeDefaults = {
	value: 'fieldChanges',
	name: 'Ticket Field Changed',
	description: 'One item per changed field: status, priority, assignee, tags, custom fields, …',
	sampleHint: 'Change a ticket in Zendesk, or loosen the Fields and To Values settings',
	fields: [],
	toValues: '',
	onlySetValues: false,
};

const PRESETS: FieldChangeDefaults[] = [
	{
		value: 'ticketSolved',
		name: 'Ticket Solved',
		description: 'A ticket’s status became Solved (a preset of Ticket Field Changed)',
		sampleHint: 'Solve a ticket in Zendesk, or loosen the Fields and To Values settings',
		fields: ['status'],
		toValues: 'solved',
		onlySetValues: false,
	},
	{
		value: 'tagAdded',
		name: 'Tag Added to Ticket',
		description:
			'A tag was added to a ticket; name tags in To Values to watch only those (a preset of Ticket Field Changed)',
		sampleHint: 'Add a tag to a ticket in Zendesk, or loosen the To Values setting',
		fields: ['tags'],
		toValues: '',
		onlySetValues: true,
	},
	{
		value: 'ticketAssigned',
		name: 'Ticket Assigned',
		description: 'A ticket got an assignee, or a new one (a preset of Ticket Field Changed)',
		sampleHint: 'Assign a ticket in Zendesk, or loosen the Fields and To Values settings',
		fields: ['assignee_id'],
		toValues: '',
		onlySetValues: true,
	},
	{
		value: 'priorityChanged',
		name: 'Priority Changed',
		description: 'A ticket’s priority changed; name priorities in To Values to watch only those',
		sampleHint: 'Change a ticket’s priority in Zendesk, or loosen the To Values setting',
		fields: ['priority'],
		toValues: '',
		onlySetValues: false,
	},
];

/** The filters as Ticket Field Changed shows them; each preset shows them with its own defaults. */
const FIELDS: INodeProperties = {
	displayName: 'Fields',
	name: 'fields',
	type: 'multiOptions',
	default: [],
	description: 'Emit changes to these fields only. Empty means every field.',
	options: TRACKED_FIELDS.map((field) => ({ name: SYSTEM_FIELD_TITLES[field], value: field })),
};
const TO_VALUES: INodeProperties = {
	displayName: 'To Values',
	name: 'toValues',
	type: 'string',
	default: '',
	placeholder: 'solved, urgent',
	description:
		'Emit a change only when the field became one of these values (comma-separated, any case). For Tags: when one of these tags was added. Empty means any value.',
};
const ONLY_SET_VALUES: INodeProperties = {
	displayName: 'Only Changes That Set a Value',
	name: 'onlySetValues',
	type: 'boolean',
	default: false,
	description:
		'Whether to skip a field cleared to empty (unassigned, no group) and a tags change that only removed tags',
};

function filterProperties(defaults: FieldChangeDefaults): INodeProperties[] {
	const displayOptions = showFor(defaults.value);
	return [
		{ ...FIELDS, default: defaults.fields, displayOptions },
		{ ...TO_VALUES, default: defaults.toValues, displayOptions },
		{ ...ONLY_SET_VALUES, default: defaults.onlySetValues, displayOptions },
	];
}

const OPTIONS: INodeProperties = {
	displayName: 'Options',
	name: 'fieldChangeOptions',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	displayOptions: showFor(PLAIN.value, ...PRESETS.map((preset) => preset.value)),
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
};

function modeOf(
	defaults: FieldChangeDefaults,
	optionProperties: INodeProperties[],
): ModeDefinition {
	return {
		value: defaults.value,
		name: defaults.name,
		description: defaults.description,
		sampleHint: defaults.sampleHint,
		filterProperties: filterProperties(defaults),
		optionProperties,
		read: (ctx, shape) => readFieldChanges(ctx, shape, defaults),
	};
}

/** The options collection is shown once for all five: it is listed with the plain mode only. */
export const fieldChangesMode = modeOf(PLAIN, [OPTIONS]);
export const fieldChangePresets = PRESETS.map((preset) => modeOf(preset, []));

function readFieldChanges(
	ctx: IPollFunctions,
	shape: ItemShape,
	defaults: FieldChangeDefaults,
): ModeSetup {
	const options = readCollection(ctx, 'fieldChangeOptions');
	const fields = readListOption(
		ctx.getNodeParameter('fields', defaults.fields),
		TRACKED_FIELDS,
		'Fields',
	);
	if (!fields.ok) throw invalid(ctx, fields.problem);
	const customFieldIds = readIds(ctx, options.customFieldIds);
	const toValues = readText(ctx, ctx.getNodeParameter('toValues', defaults.toValues), 'To Values');
	return {
		exportName: 'ticketEvents',
		kind: fieldChangesKind(
			{
				fields: [...fields.values, ...customFieldIds],
				toValues,
				includeCreate: options.includeCreate === true,
				onlySetValues: ctx.getNodeParameter('onlySetValues', defaults.onlySetValues) === true,
				addTicketAndUpdater: options.addTicketAndUpdater === true,
			},
			shape,
		),
		query: { include: [], excludeDeleted: false, supportTypeScope: readScope(ctx, options) },
		maxItemsPerPoll: readMaxItems(ctx, options.maxItemsPerPoll, 'Max Items per Poll'),
	};
}

function readIds(ctx: IPollFunctions, value: unknown): string[] {
	const ids = readText(ctx, value, 'Custom Field IDs');
	const bad = ids.find((id) => !/^\d+$/.test(id));
	if (bad !== undefined) {
		throw invalid(ctx, `Custom Field IDs holds "${bad}", which is not a field id (digits only)`);
	}
	return ids;
}
