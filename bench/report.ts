/** What `npm run bench` prints: its tables, kept line by line for bench/results.json, and its targets. */

export interface Target {
	what: string;
	target: string;
	value: string;
	met: boolean;
}
export const targets: Target[] = [];
export const lines: string[] = [];
export function print(line = ''): void {
	lines.push(line);
	console.log(line);
}

export function table(header: string[], rows: Array<Array<string | number>>): void {
	const cells = [header, ...rows.map((row) => row.map(String))];
	const widths = header.map((_, column) =>
		Math.max(...cells.map((row) => (row[column] ?? '').length)),
	);
	const format = (row: string[]) =>
		row
			.map((cell, column) =>
				column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]),
			)
			.join('  ');
	print(format(header));
	print(widths.map((width) => '-'.repeat(width)).join('  '));
	for (const row of cells.slice(1)) print(format(row));
}

export const fmt = (value: number, digits = 2) =>
	Number.isFinite(value) ? value.toFixed(digits) : String(value);
export const int = (value: number) => Math.round(value).toLocaleString('en-US');
export const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
