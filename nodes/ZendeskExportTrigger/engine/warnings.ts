/** More than this many warnings in one poll are counted, not listed: a bad page must not flood the log. */
const MAX_WARNINGS = 20;

/** The warnings of one poll, each said once. */
export function createWarnings() {
	const messages = new Set<string>();
	let droppedCount = 0;
	return {
		add: (message: string): void => {
			if (messages.has(message)) return;
			if (messages.size < MAX_WARNINGS) messages.add(message);
			else droppedCount++;
		},
		list: (): string[] =>
			droppedCount > 0
				? [...messages, `…and ${droppedCount} more warnings like these in this poll.`]
				: [...messages],
	};
}
