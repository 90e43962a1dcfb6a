/**
 * docs/performance.md quotes measured numbers; each of its tables comes from a results file
 * (results/<name>.json, written by npm run bench, soak, scale:memory and scale:workflows). A table
 * says which file in a marker comment just above it, with the JSON path of every number in a cell:
 *
 *   <!-- results: results/scale-memory.json each=runs
 *   | $.cap | * | $.peakAboveIdleMiB, $.idleMainMiB |
 *   -->
 *
 * `each=path` applies that one row to every element of the array at `path` (`$` is the element);
 * without it, the comment has one row per table row, with paths from the file's root. `*` leaves a
 * cell unchecked (labels, targets). A number typed into the doc by hand, or a run that changed a
 * figure without the doc, fails here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const DOC = 'docs/performance.md';

interface QuotedTable {
	file: string;
	each: string | null;
	paths: string[][];
	rows: string[][];
	line: number;
}

const splitRow = (line: string) =>
	line
		.trim()
		.replace(/^\|/, '')
		.replace(/\|$/, '')
		.split('|')
		.map((cell) => cell.trim());
const isSeparator = (line: string) => /^\|[\s:|-]+\|$/.test(line.trim());
const isTableStart = (lines: string[], i: number) =>
	lines[i]?.trim().startsWith('|') && isSeparator(lines[i + 1] ?? '');

/** The quoted tables of a markdown text, and the line numbers of tables without a marker. */
export function parseDoc(text: string): { tables: QuotedTable[]; unquoted: number[] } {
	const lines = text.split('\n');
	const tables: QuotedTable[] = [];
	const unquoted: number[] = [];
	for (let i = 0; i < lines.length; i++) {
		const marker = /^<!-- results: (\S+)(?: each=(\S+))?\s*$/.exec(lines[i].trim());
		if (marker) {
			const line = i + 1;
			const paths: string[][] = [];
			for (i++; i < lines.length && !lines[i].includes('-->'); i++) {
				if (lines[i].trim().startsWith('|'))
					paths.push(splitRow(lines[i]).map((cell) => (cell === '*' ? '' : cell)));
			}
			for (i++; i < lines.length && lines[i].trim() === ''; i++);
			const rows: string[][] = [];
			if (isTableStart(lines, i)) {
				for (i += 2; i < lines.length && lines[i].trim().startsWith('|'); i++)
					rows.push(splitRow(lines[i]));
			}
			tables.push({ file: marker[1], each: marker[2] ?? null, paths, rows, line });
			i--;
		} else if (isTableStart(lines, i)) {
			unquoted.push(i + 1);
			while (lines[i + 1]?.trim().startsWith('|')) i++;
		}
	}
	return { tables, unquoted };
}

/** The numbers a cell shows, with how many decimals each shows ("1,000" is 1000; "p10" is none). */
export function numbersIn(cell: string): Array<{ value: number; decimals: number }> {
	const found = cell.matchAll(/(?<![\w.,])[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\w])/g);
	return [...found].map((match) => ({
		value: Number(match[0].replace(/,/g, '').replace('−', '-')),
		decimals: match[1]?.length ?? 0,
	}));
}

function valueAt(root: unknown, path: string): unknown {
	let value = root;
	for (const key of path.split('.').filter(Boolean)) {
		value =
			value !== null && typeof value === 'object'
				? (value as Record<string, unknown>)[key]
				: undefined;
	}
	return value;
}

/** Every disagreement between a quoted table and its results file, as a sentence. */
export function disagreements(table: QuotedTable, results: unknown): string[] {
	const where = (row: number, column: number) =>
		`${table.file} table (marker on line ${table.line}), row ${row + 1}, column ${column + 1}`;
	const found: string[] = [];
	let pathRows = table.paths;
	if (table.each !== null) {
		const elements = valueAt(results, table.each);
		if (!Array.isArray(elements)) return [`${table.file}: ${table.each} is not a list`];
		if (elements.length !== table.rows.length)
			found.push(`${table.file}: ${elements.length} in ${table.each}, ${table.rows.length} rows`);
		pathRows = elements.map((_, index) =>
			table.paths[0].map((cell) => cell.replace(/\$/g, `${table.each}.${index}`)),
		);
	} else if (pathRows.length !== table.rows.length) {
		found.push(`${table.file}: ${pathRows.length} rows of paths, ${table.rows.length} table rows`);
	}
	table.rows.forEach((cells, row) => {
		(pathRows[row] ?? []).forEach((spec, column) => {
			if (spec === '') return;
			const paths = spec.split(',').map((path) => path.trim());
			const shown = numbersIn(cells[column] ?? '');
			if (shown.length !== paths.length) {
				found.push(
					`${where(row, column)}: "${cells[column]}" shows ${shown.length} numbers, the marker names ${paths.length}`,
				);
				return;
			}
			paths.forEach((path, index) => {
				const value = valueAt(results, path);
				const { value: number, decimals } = shown[index];
				if (typeof value !== 'number') {
					found.push(`${where(row, column)}: ${path} is ${JSON.stringify(value)}, not a number`);
				} else if (Number(value.toFixed(decimals)) !== number) {
					found.push(`${where(row, column)}: the doc says ${number}, ${path} is ${value}`);
				}
			});
		});
	});
	return found;
}

const docText = readFileSync(join(ROOT, DOC), 'utf8');
const { tables, unquoted } = parseDoc(docText);
const readResults = (file: string): unknown => JSON.parse(readFileSync(join(ROOT, file), 'utf8'));

describe(`${DOC} and the results files`, () => {
	it('should quote every table from a results file that exists', () => {
		expect(unquoted).toEqual([]);
		expect(tables.length).toBeGreaterThan(0);
		expect(tables.filter((table) => !existsSync(join(ROOT, table.file)))).toEqual([]);
	});

	it('should show every figure of every table as its results file has it', () => {
		expect(tables.flatMap((table) => disagreements(table, readResults(table.file)))).toEqual([]);
	});

	it('should name each quoted results file with its date and commit in the text', () => {
		for (const file of new Set(tables.map((table) => table.file))) {
			const { date, commit } = readResults(file) as { date: string; commit: string };
			expect(docText).toContain(`(../${file})`);
			expect(docText).toContain(date.slice(0, 10));
			expect(docText).toContain(commit.slice(0, 7));
		}
	});

	it('should give every results file its date, commit, machine and note', () => {
		const files = readdirSync(join(ROOT, 'results')).filter((name) => name.endsWith('.json'));
		expect(files.length).toBeGreaterThan(0);
		for (const name of files) {
			const results = readResults(`results/${name}`) as Record<string, unknown>;
			expect(Number.isNaN(Date.parse(String(results.date)))).toBe(false);
			expect(results.commit).toMatch(/^[0-9a-f]{40}(-dirty)?$/);
			expect(Object.keys(results.machine as object).sort()).toEqual(
				['cpuModel', 'cpus', 'memoryGiB', 'node', 'os'].sort(),
			);
			expect(typeof results.note).toBe('string');
		}
	});

	it('should report a number that differs from its results file', () => {
		const doc = [
			'<!-- results: results/x.json each=runs',
			'| * | $.cap | $.peak.main, $.peak.tree |',
			'-->',
			'',
			'| what | cap | peak |',
			'| --- | --- | --- |',
			'| a 100,000 backfill | **1,000** | 84.1 / 90 MiB |',
			'| another | 2,500 | 120 / 131 MiB |',
		].join('\n');
		const runs = [
			{ cap: 1000, peak: { main: 84.12, tree: 90.4 } },
			{ cap: 2500, peak: { main: 121.2, tree: 131 } },
		];
		const [table] = parseDoc(doc).tables;
		expect(disagreements(table, { runs })).toEqual([
			'results/x.json table (marker on line 1), row 2, column 3: the doc says 120, runs.1.peak.main is 121.2',
		]);
	});

	it('should report a table that no results file is named for', () => {
		expect(parseDoc('text\n\n| a | b |\n| - | - |\n| 1 | 2 |\n').unquoted).toEqual([3]);
	});
});
