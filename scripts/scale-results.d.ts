/** Types of scale-results.js, for the compiled bench and scale scripts. */
export declare const RESULTS_DIR: string;
export declare function currentCommit(): string;
export declare function currentMachine(): {
	cpus: number;
	cpuModel: string;
	memoryGiB: number;
	node: string;
	os: string;
};
export interface ResultsRecord {
	file: string;
	/** Writes results/<name>.json with the figures beside the date, commit, machine and settings. */
	finish(figures: Record<string, unknown>): string;
}
export declare function readResults(name: string): Record<string, unknown> | null;
export declare function startResults(
	name: string,
	settings: Record<string, unknown>,
): ResultsRecord;
