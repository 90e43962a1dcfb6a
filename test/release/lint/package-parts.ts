/**
 * What n8n loads from this package, found the way n8n finds it: the `n8n` block of package.json
 * names the built files; each maps back to its TypeScript source, which is loaded and instantiated.
 * A node or credential registered later is checked by the upstream-lint tests without listing it.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type {
	ICredentialType,
	INodeProperties,
	INodePropertyCollection,
	INodePropertyOptions,
	INodeType,
} from 'n8n-workflow';

export const ROOT = join(__dirname, '..', '..', '..');

export interface PackageJson {
	name: string;
	license?: string;
	keywords?: string[];
	repository?: { directory?: string };
	n8n: { nodes: string[]; credentials: string[] };
}

export const packageJson = JSON.parse(
	readFileSync(join(ROOT, 'package.json'), 'utf8'),
) as PackageJson;

export interface Loaded<T> {
	/** The TypeScript source, relative to the repository root. */
	sourceFile: string;
	className: string;
	instance: T;
}

/** `dist/nodes/X/X.node.js` → `nodes/X/X.node.ts`: the build mirrors the source tree. */
export function sourceOf(builtFile: string): string {
	return builtFile.replace(/^dist\//, '').replace(/\.js$/, '.ts');
}

function loadClasses(builtFiles: string[]): Array<Loaded<unknown>> {
	return builtFiles.flatMap((builtFile) => {
		const sourceFile = sourceOf(builtFile);
		const exported = require(join(ROOT, sourceFile)) as Record<string, unknown>;
		return Object.entries(exported)
			.filter(([, value]) => typeof value === 'function')
			.map(([className, value]) => ({
				sourceFile,
				className,
				instance: new (value as new () => unknown)(),
			}));
	});
}

export const nodes = loadClasses(packageJson.n8n.nodes) as Array<Loaded<INodeType>>;
export const credentials = loadClasses(packageJson.n8n.credentials) as Array<
	Loaded<ICredentialType>
>;

/** The codex file n8n reads beside a node: `X.node.ts` → `X.node.json`. */
export function codexOf(node: Loaded<INodeType>): Record<string, unknown> | undefined {
	if (node.instance.description.codex !== undefined) {
		return node.instance.description.codex as Record<string, unknown>;
	}
	const file = join(ROOT, node.sourceFile.replace(/\.ts$/, '.json'));
	return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

export interface WalkedProperty {
	/** Where the property sits, e.g. `options > statuses`, for a failure message. */
	path: string;
	property: INodeProperties;
	/** Whether it is one of the description's own properties (not inside a collection). */
	topLevel: boolean;
}

const isProperty = (
	option: INodePropertyOptions | INodeProperties | INodePropertyCollection,
): option is INodeProperties => 'type' in option;

const isCollectionValues = (
	option: INodePropertyOptions | INodeProperties | INodePropertyCollection,
): option is INodePropertyCollection => 'values' in option;

/**
 * Every parameter, at every depth: the description's own, a collection's options and a fixed
 * collection's values. Every Trigger On mode's parameters are in the description (each shown
 * for its mode), so walking it walks every mode.
 */
export function walkProperties(properties: INodeProperties[], path: string): WalkedProperty[] {
	const topLevel = !path.includes(' > ');
	return properties.flatMap((property) => {
		const here = `${path} > ${property.name}`;
		const nested = (property.options ?? []).flatMap((option) => {
			if (property.type === 'collection' && isProperty(option)) {
				return walkProperties([option], here);
			}
			if (property.type === 'fixedCollection' && isCollectionValues(option)) {
				return walkProperties(option.values, `${here} > ${option.name}`);
			}
			return [];
		});
		return [{ path: here, property, topLevel }, ...nested];
	});
}

/** Every node's and every credential's parameters, each path starting with its class. */
export function everyParameter(): WalkedProperty[] {
	return [
		...nodes.flatMap((node) =>
			walkProperties(node.instance.description.properties, node.className),
		),
		...credentials.flatMap((credential) =>
			walkProperties(credential.instance.properties, credential.className),
		),
	];
}

/** The choices of an options or multiOptions parameter. */
export function choicesOf(property: INodeProperties): INodePropertyOptions[] {
	if (property.type !== 'options' && property.type !== 'multiOptions') return [];
	return (property.options ?? []).filter(
		(option): option is INodePropertyOptions => 'value' in option,
	);
}

export const fileName = (sourceFile: string) => basename(sourceFile);
export const folderOf = (sourceFile: string) => join(ROOT, dirname(sourceFile));
