/** Parameters more than one mode shows. */
import type { INodeProperties } from 'n8n-workflow';
import { DEFAULT_MAX_ITEMS_PER_POLL } from '../engine/settings';

export function maxItemsOption(itemsNoun: string): INodeProperties {
	return {
		displayName: 'Max Items per Poll',
		name: 'maxItemsPerPoll',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_MAX_ITEMS_PER_POLL,
		description: `The most ${itemsNoun} one poll emits; the rest waits for the next poll, and nothing is lost or repeated. One Zendesk update is never split, so a single update with more ${itemsNoun} than this goes out whole. A higher number catches up faster and costs n8n more memory.`,
	};
}

/** The tickets an export covers; the ticket and ticket events options share it. */
export const SUPPORT_TYPE_SCOPE: INodeProperties = {
	displayName: 'Support Type Scope',
	name: 'supportTypeScope',
	type: 'options',
	default: 'all',
	hint: "Zendesk's own default is Agent, which silently leaves out tickets handled by AI agents (and their events)",
	options: [
		{ name: 'Agent', value: 'agent', description: 'Only tickets handled by human agents' },
		{ name: 'AI Agent', value: 'ai_agent', description: 'Only tickets handled by AI agents' },
		{ name: 'All', value: 'all', description: 'Tickets handled by agents and by AI agents' },
	],
};

/** The Event choice of the modes that read records in their latest version. */
export function changeEventOptions(noun: string, plural: string) {
	return [
		{
			name: `${noun} Created`,
			value: 'created',
			description: `${plural} whose created_at is at or after the start of the window the trigger is reading`,
		},
		{ name: `${noun} Created or Updated`, value: 'createdOrUpdated' },
		{
			name: `${noun} Updated`,
			value: 'updated',
			description: `Changes to ${plural.toLowerCase()} created before the window the trigger is reading`,
		},
	];
}
