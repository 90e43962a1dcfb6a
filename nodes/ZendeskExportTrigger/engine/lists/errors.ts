/** A list longer than the kind can keep in static data: something the user must change. */
export class ListTooLongError extends Error {
	constructor(
		readonly maxRecords: number,
		readonly itemNoun: string,
	) {
		super(
			`The list holds more than ${maxRecords.toLocaleString('en-US')} records, the most a ${itemNoun} trigger keeps track of`,
		);
		this.name = 'ListTooLongError';
	}
}

/** The read stopped part way for a reason that passes (a spent limit, a cursor gone round): retry. */
export class ListReadInterruptedError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ListReadInterruptedError';
	}
}
