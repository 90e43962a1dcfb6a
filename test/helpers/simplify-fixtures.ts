/**
 * What the Simplify engine tests share: an account's ticket fields (a dropdown, a multi-select, two
 * fields of one title), its groups, a few people and a ticket, and a one-page poll.
 */
import type { ExportKind, ExportRecord } from '../../nodes/ZendeskExportTrigger/engine';
import { deps, NOW_SECONDS, runPoll, stateAt } from './engine-harness';
import type { ScriptedSource } from './scripted-source';

export const SITE = 'https://acme.zendesk.com';
export const SHAPE = { simplify: true, siteUrl: SITE };
export const start = NOW_SECONDS - 3600;
export const at = start + 10;

/** A dropdown, a multi-select, and a second field titled "Plan" (Zendesk allows it). */
export const TICKET_FIELDS: ExportRecord[] = [
	{ id: 1, type: 'subject', title: 'Subject' },
	{
		id: 7001,
		type: 'tagger',
		title: 'Plan',
		custom_field_options: [
			{ id: 71001, name: 'Team', value: 'plan_team' },
			{ id: 71002, name: 'Business', value: 'plan_business' },
		],
	},
	{
		id: 7004,
		type: 'multiselect',
		title: 'Products',
		custom_field_options: [
			{ id: 74001, name: 'Chat', value: 'chat' },
			{ id: 74002, name: 'Voice', value: 'voice' },
		],
	},
	{ id: 7005, type: 'text', title: 'Plan' },
];
export const GROUPS: ExportRecord[] = [
	{ id: 4001, name: 'Support' },
	{ id: 4002, name: 'Billing' },
];
export const RITA = {
	id: 501,
	name: 'Rita Requester',
	email: 'rita@example.com',
	role: 'end-user',
};
export const ALEX = { id: 601, name: 'Alex Agent', email: 'alex@example.com', role: 'agent' };
export const PAT = { id: 602, name: 'Pat Agent', email: 'pat@example.com', role: 'agent' };
export const TICKET_35 = { id: 35, subject: 'Printer on fire', status: 'open', requester_id: 501 };

/** One poll of the scripted page(s); a warning would mean a name went missing. */
export async function itemsOf(kind: ExportKind, source: ScriptedSource) {
	const outcome = await runPoll(
		stateAt(start),
		{ kind, maxItemsPerPoll: 10_000 },
		deps(source).deps,
	);
	expect(outcome.warnings).toEqual([]);
	return outcome.items;
}
