/**
 * Source-level checks on the shipped TypeScript (nodes/ and credentials/), read with the
 * TypeScript parser: the upstream rules that look at code rather than at a description.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';
import { ROOT } from './package-parts';

/** Every .ts file under the shipped folders, relative to the repository root. */
export function shippedSources(folders = ['nodes', 'credentials']): string[] {
	const walk = (folder: string): string[] =>
		readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
			const path = join(folder, entry.name);
			if (entry.isDirectory()) return walk(path);
			return entry.name.endsWith('.ts') ? [relative(ROOT, path)] : [];
		});
	return folders.flatMap((folder) => walk(join(ROOT, folder)));
}

/**
 * n8n's `no-hardcoded-ids` name pattern (src/rules/no-hardcoded-ids.ts): partner, affiliate,
 * reseller, account, tenant, customer or client, followed by id, `_id` or `-id`.
 */
export const CONFIGURABLE_ID_NAME =
	/^(?:partner|affiliate|reseller|account|tenant|customer|client)(?:[_-]?id)$/i;

export interface HardcodedId {
	file: string;
	line: number;
	name: string;
}

function nameOf(name: ts.Node): string | null {
	if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
	if (ts.isStringLiteralLike(name)) return name.text;
	return null;
}

function assignedName(target: ts.Expression): string | null {
	if (ts.isIdentifier(target)) return target.text;
	if (ts.isPropertyAccessExpression(target)) return target.name.text;
	if (ts.isElementAccessExpression(target) && ts.isStringLiteralLike(target.argumentExpression)) {
		return target.argumentExpression.text;
	}
	return null;
}

/**
 * Where a string literal is given to an id-named variable, class field, object key or assignment:
 * the four places the upstream rule looks. Unlike the rule, every shipped file is read, not only
 * `*.node.ts`.
 */
export function findHardcodedIds(source: string, file: string): HardcodedId[] {
	const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
	const found: HardcodedId[] = [];
	const check = (name: string | null, value: ts.Node | undefined) => {
		if (name === null || value === undefined || !CONFIGURABLE_ID_NAME.test(name)) return;
		if (!ts.isStringLiteralLike(value)) return;
		const { line } = sourceFile.getLineAndCharacterOfPosition(value.getStart());
		found.push({ file, line: line + 1, name });
	};
	const visit = (node: ts.Node) => {
		if (ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node)) {
			check(nameOf(node.name), node.initializer);
		} else if (ts.isPropertyAssignment(node)) {
			check(nameOf(node.name), node.initializer);
		} else if (
			ts.isBinaryExpression(node) &&
			node.operatorToken.kind === ts.SyntaxKind.EqualsToken
		) {
			check(assignedName(node.left), node.right);
		}
		ts.forEachChild(node, visit);
	};
	visit(sourceFile);
	return found;
}

export function hardcodedIdsIn(files: string[]): HardcodedId[] {
	return files.flatMap((file) => findHardcodedIds(readFileSync(join(ROOT, file), 'utf8'), file));
}
