/**
 * Every choice of Trigger On, and the parameters each shows. Adding a mode is one file here (its
 * parameters, how they are read and checked, its presets) plus, for a new export, an engine kind.
 */
import type { INodeProperties, IPollFunctions } from 'n8n-workflow';
import { invalid, readEnum } from './checks';
import { commentsMode, customerRepliedMode } from './comments';
import { fieldChangePresets, fieldChangesMode } from './field-changes';
import { organizationsMode } from './organizations';
import { slaBreachesMode } from './sla-breaches';
import { suspendedTicketsMode } from './suspended-tickets';
import { ticketsMode } from './tickets';
import type { ModeDefinition, ModeSetup } from './types';
import { usersMode } from './users';
import { viewTicketsMode } from './views';

export type { ModeDefinition, ModeSetup } from './types';

export const MODES: readonly ModeDefinition[] = [
	ticketsMode,
	commentsMode,
	fieldChangesMode,
	usersMode,
	organizationsMode,
	...fieldChangePresets,
	customerRepliedMode,
	slaBreachesMode,
	suspendedTicketsMode,
	viewTicketsMode,
];

export type TriggerOn = string;
const MODES_BY_VALUE = new Map(MODES.map((mode) => [mode.value, mode]));

export function modeOf(triggerOn: TriggerOn): ModeDefinition {
	const mode = MODES_BY_VALUE.get(triggerOn);
	if (mode === undefined) throw new Error(`Unknown Trigger On value: ${triggerOn}`);
	return mode;
}

export function readTriggerOn(ctx: IPollFunctions): TriggerOn {
	const values = MODES.map((mode) => mode.value);
	return readEnum(ctx, ctx.getNodeParameter('triggerOn', 'tickets'), values, 'Trigger On');
}

/** Which export to read, what its records become, and how many items a poll may collect. */
export function readModeSetup(
	ctx: IPollFunctions,
	triggerOn: TriggerOn,
	siteUrl: string,
): ModeSetup {
	const simplify = ctx.getNodeParameter('simplify', true);
	if (typeof simplify !== 'boolean') {
		throw invalid(ctx, `Simplify is ${JSON.stringify(simplify)}, not true or false`);
	}
	return modeOf(triggerOn).read(ctx, { simplify, siteUrl });
}

/** n8n's own switch, in n8n's words: flat items by default, the raw record one click away. */
export const simplifyProperty: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description:
		'Whether to return a simplified version of the response instead of the raw data: flat fields with names instead of IDs, custom fields by title, and a link agents open',
};

export const triggerOnProperty: INodeProperties = {
	displayName: 'Trigger On',
	name: 'triggerOn',
	type: 'options',
	// Saved workflows from before this parameter have no value for it: the default keeps them
	// reading tickets exactly as before.
	default: 'tickets',
	options: MODES.map((mode) => ({
		name: mode.name,
		value: mode.value,
		description: mode.description,
	})).sort((a, b) => a.name.localeCompare(b.name)),
};

export const modeFilterProperties = MODES.flatMap((mode) => mode.filterProperties);
export const modeOptionProperties = MODES.flatMap((mode) => mode.optionProperties);

/** The node's subtitle: the Trigger On choice, or for tickets the Event. */
export const SUBTITLE_BY_MODE: Record<string, string> = Object.fromEntries(
	MODES.filter((mode) => mode.value !== 'tickets').map((mode) => [
		mode.value,
		mode.name[0] + mode.name.slice(1).toLowerCase(),
	]),
);
