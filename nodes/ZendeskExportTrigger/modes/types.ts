import type { INodeProperties, IPollFunctions } from 'n8n-workflow';
import type { ExportKind } from '../engine';
import type { ItemShape } from '../engine/item-shape';
import type { ExportName, ExportQuery } from '../transport';

/** What one mode reads and emits, decided from the node's parameters. */
export interface ModeSetup {
	exportName: ExportName;
	kind: ExportKind;
	query: ExportQuery;
	maxItemsPerPoll: number;
}

/**
 * Everything about one choice of Trigger On, in one place: how it is shown, its parameters, how
 * they are read and checked. A preset (Ticket Solved) is a mode whose reader is another mode's with
 * other defaults: no engine of its own.
 */
export interface ModeDefinition {
	/** Trigger On's value. It is part of the saved position's key: never rename one. */
	value: string;
	/** The Trigger On choice, as the nodes panel lists it. */
	name: string;
	description: string;
	/** Parameters shown right after Trigger On (what to trigger on). */
	filterProperties: INodeProperties[];
	/** Parameters shown after Start From and Start Date (the Options collection). */
	optionProperties: INodeProperties[];
	/** Reads and checks the parameters; `shape` says whether items are simplified, and the site. */
	read(ctx: IPollFunctions, shape: ItemShape): ModeSetup;
	/** What Fetch Test Event suggests when nothing recent matches. */
	sampleHint: string;
}
