/**
 * Checks shared by every mode's parameters. Users type expressions, so a value can be anything: a
 * wrong one fails with a sentence naming the parameter instead of filtering everything out.
 */
import { NodeOperationError, type IPollFunctions } from 'n8n-workflow';
import { DEFAULT_MAX_ITEMS_PER_POLL } from '../engine';

export function invalid(ctx: IPollFunctions, problem: string): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `${problem}.`, {
		description:
			'Correct the option in the trigger: pick the values from the list, or give them as a comma-separated text such as "open, pending".',
	});
}

/** An options collection; anything but an object (an expression gone wrong) reads as empty. */
export function readCollection(ctx: IPollFunctions, name: string): Record<string, unknown> {
	const options = ctx.getNodeParameter(name, {});
	return typeof options === 'object' && options !== null
		? (options as Record<string, unknown>)
		: {};
}

export function readEnum<T extends string>(
	ctx: IPollFunctions,
	value: unknown,
	allowed: readonly T[],
	label: string,
): T {
	if (!allowed.includes(value as T)) {
		throw invalid(ctx, `${label} "${String(value)}" is not one of: ${allowed.join(', ')}`);
	}
	return value as T;
}

/** The per-poll cap: a whole number of at least 1, one export page (1,000) when left empty. */
export function readMaxItems(ctx: IPollFunctions, value: unknown, label: string): number {
	if (value === undefined || value === '') return DEFAULT_MAX_ITEMS_PER_POLL;
	const maxItems = Number(value);
	if (!Number.isInteger(maxItems) || maxItems < 1) {
		throw invalid(ctx, `${label} is ${JSON.stringify(value)}, not a whole number of at least 1`);
	}
	return maxItems;
}

export function readScope(
	ctx: IPollFunctions,
	options: Record<string, unknown>,
): 'all' | 'agent' | 'ai_agent' {
	return readEnum(
		ctx,
		options.supportTypeScope ?? 'all',
		['all', 'agent', 'ai_agent'] as const,
		'Support Type Scope',
	);
}

/** A comma-separated text (or a list, from an expression) of values; empty parts are dropped. */
export function readText(ctx: IPollFunctions, value: unknown, label: string): string[] {
	if (value === undefined || value === null || value === '') return [];
	const parts = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : null;
	if (
		parts === null ||
		parts.some((part) => typeof part !== 'string' && typeof part !== 'number')
	) {
		throw invalid(ctx, `${label} must be a comma-separated text, not ${JSON.stringify(value)}`);
	}
	return parts.map((part) => String(part).trim()).filter((part) => part !== '');
}

/** Shows a property only for these Trigger On values. */
export const showFor = (...modes: string[]) => ({ show: { triggerOn: modes } });
