/**
 * The modes that read a plain list rather than an export (see engine/lists): the same face as
 * every mode, plus what `list-trigger.ts` needs to poll them. `read` is not used for them.
 */
import type { IPollFunctions } from 'n8n-workflow';
import type { ItemShape } from '../engine/item-shape';
import type { ListKind } from '../engine/lists';
import type { ListEndpoint } from '../transport/lists';
import type { ModeDefinition, ModeSetup } from './types';

export interface ListModeSetup {
	kind: ListKind<unknown>;
	endpoint: ListEndpoint;
	/** Beside Trigger On in the position's key (the view's id): another view starts over. */
	positionKey: string;
	maxItemsPerPoll: number;
}

export interface ListModeDefinition extends ModeDefinition {
	readList(ctx: IPollFunctions, shape: ItemShape): ListModeSetup;
}

export function isListMode(mode: ModeDefinition): mode is ListModeDefinition {
	return 'readList' in mode;
}

/** A list mode has no export to read: reaching this is a bug in the node's own wiring. */
export function notAnExport(): ModeSetup {
	throw new Error('A list mode is polled by list-trigger.ts, not by the export engine');
}
