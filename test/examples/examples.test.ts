/**
 * The example workflows in examples/ against the node as it is now: a renamed parameter or option
 * would leave a user importing a workflow that silently does something else. The e2e suite runs
 * them in a real n8n; these checks are the fast half, run with every `npm test`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INodeProperties } from 'n8n-workflow';

import { ZendeskExportTrigger } from '../../nodes/ZendeskExportTrigger/ZendeskExportTrigger.node';

const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const description = new ZendeskExportTrigger().description;
const TRIGGER_TYPE = `${pkg.name}.${description.name}`;

interface WorkflowNode {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}
interface Workflow {
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
}

const files = readdirSync(join(ROOT, 'examples')).filter((file) => file.endsWith('.json'));
const examples = files.map((file) => ({
	file,
	text: readFileSync(join(ROOT, 'examples', file), 'utf8'),
	workflow: JSON.parse(readFileSync(join(ROOT, 'examples', file), 'utf8')) as Workflow,
}));

/** Every parameter value the description does not declare, as `path: value`. */
function undeclared(
	values: Record<string, unknown>,
	properties: INodeProperties[],
	path = '',
): string[] {
	return Object.entries(values).flatMap(([name, value]) => {
		const property = properties.find((candidate) => candidate.name === name);
		if (!property) return [`${path}${name}: not a parameter`];
		if (property.type === 'collection' && property.options) {
			return undeclared(
				value as Record<string, unknown>,
				property.options as INodeProperties[],
				`${path}${name}.`,
			);
		}
		if ((property.type === 'options' || property.type === 'multiOptions') && property.options) {
			const allowed = (property.options as Array<{ value: unknown }>).map((option) => option.value);
			const given = Array.isArray(value) ? value : [value];
			return given
				.filter((one) => !allowed.includes(one))
				.map((one) => `${path}${name}: ${String(one)}`);
		}
		return [];
	});
}

describe('the example workflows', () => {
	it('should be the three the README promises', () => {
		expect(files.sort()).toEqual([
			'backfill-from-date-to-spreadsheet.json',
			'new-or-changed-ticket-to-slack.json',
			'ticket-change-to-google-sheets.json',
		]);
	});

	describe.each(examples)('$file', ({ workflow, text }) => {
		const trigger = workflow.nodes.find((node) => node.type === TRIGGER_TYPE);

		it('should start with this package’s trigger at a version the node has', () => {
			expect(trigger).toBeDefined();
			expect([description.version].flat()).toContain(trigger?.typeVersion);
		});

		it('should set only parameters and options the trigger declares', () => {
			// Poll Times comes from n8n itself for every polling node.
			const { pollTimes, ...parameters } = trigger?.parameters ?? {};
			expect(pollTimes).toBeDefined();
			expect(undeclared(parameters, description.properties)).toEqual([]);
		});

		it('should name a credential the trigger accepts for its authentication, with no real id', () => {
			const accepted = description.credentials
				?.filter((credential) =>
					(credential.displayOptions?.show?.authentication ?? []).includes(
						trigger?.parameters.authentication as string,
					),
				)
				.map((credential) => credential.name);
			expect(Object.keys(trigger?.credentials ?? {})).toEqual(accepted);
			for (const node of workflow.nodes) {
				for (const credential of Object.values(node.credentials ?? {})) {
					expect(credential.id).toBe('REPLACE_WITH_YOUR_CREDENTIAL');
				}
			}
		});

		it('should connect the trigger to a node that exists, and every connection to a node that exists', () => {
			const names = new Set(workflow.nodes.map((node) => node.name));
			expect(workflow.connections[trigger?.name ?? '']?.main[0]?.length).toBeGreaterThan(0);
			const targets = Object.values(workflow.connections).flatMap((output) =>
				output.main.flat().map((connection) => connection.node),
			);
			expect(targets.filter((target) => !names.has(target))).toEqual([]);
			expect(names.size).toBe(workflow.nodes.length);
		});

		it('should hold no secret', () => {
			expect(text).not.toMatch(
				/xox[abp]-|ya29\.|-----BEGIN|"(accessToken|apiToken|clientSecret|password)"\s*:/i,
			);
		});
	});
});
