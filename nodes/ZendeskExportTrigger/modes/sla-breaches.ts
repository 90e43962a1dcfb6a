/**
 * SLA Breached: the ticket metric events export, one item per SLA target that was missed, once its
 * breach time has passed and nothing withdrew it (engine/sla/).
 */
import type { IPollFunctions } from 'n8n-workflow';
import { readListOption, slaBreachesKind, SLA_METRIC_NAMES, SLA_METRICS } from '../engine';
import type { ItemShape } from '../engine/item-shape';
import { invalid, readCollection, readMaxItems, showFor } from './checks';
import { maxItemsOption } from './shared-properties';
import type { ModeDefinition, ModeSetup } from './types';

const show = showFor('slaBreaches');

export const slaBreachesMode: ModeDefinition = {
	value: 'slaBreaches',
	name: 'SLA Breached',
	description:
		'One item per missed SLA target (first reply, next reply, resolution, …), once its time has passed. Admins only.',
	sampleHint:
		'Let an SLA target pass on a ticket with an SLA policy in Zendesk, or widen Metrics to Watch',
	filterProperties: [
		{
			displayName: 'Metrics to Watch',
			name: 'slaMetrics',
			type: 'multiOptions',
			displayOptions: show,
			default: [],
			description:
				'Emit only breaches of these SLA metrics. Empty means every metric. Reply Time covers both first and next reply time.',
			options: SLA_METRICS.map((metric) => ({ name: SLA_METRIC_NAMES[metric], value: metric })),
		},
		{
			displayName:
				'A breach goes out once its time has passed and the trigger has read Zendesk past it, usually within two minutes. A target met in time never fires. Needs an admin connection.',
			name: 'slaNotice',
			type: 'notice',
			displayOptions: show,
			default: '',
		},
	],
	optionProperties: [
		{
			displayName: 'Options',
			name: 'slaOptions',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			displayOptions: show,
			options: [maxItemsOption('breaches')],
		},
	],
	read: readSlaBreaches,
};

function readSlaBreaches(ctx: IPollFunctions, shape: ItemShape): ModeSetup {
	const metrics = readListOption(
		ctx.getNodeParameter('slaMetrics', []),
		SLA_METRICS,
		'Metrics to Watch',
	);
	if (!metrics.ok) throw invalid(ctx, metrics.problem);
	const options = readCollection(ctx, 'slaOptions');
	return {
		exportName: 'ticketMetricEvents',
		kind: slaBreachesKind({ metrics: metrics.values }, shape),
		query: { include: [], excludeDeleted: false },
		maxItemsPerPoll: readMaxItems(ctx, options.maxItemsPerPoll, 'Max Items per Poll'),
	};
}
