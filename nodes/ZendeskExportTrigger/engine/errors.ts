/**
 * The time-based export cannot move past a second holding more tickets than a page, and the cursor
 * export could not step through it either. The cursor stays before that second.
 */
export class StuckSecondError extends Error {
	constructor(
		readonly stuckSecond: number,
		reason: string,
	) {
		super(
			`Zendesk has more tickets changed in the second ${new Date(stuckSecond * 1000).toISOString()} than one page holds, and the cursor export could not step through them (${reason}). The trigger stays before that second and tries again on the next poll.`,
		);
		this.name = 'StuckSecondError';
	}
}
