/**
 * A list option (Statuses, Include) as the node gets it: the editor gives an array, an expression
 * may give a string such as "open" or "open, pending". Unknown values are refused by name: a typo
 * would otherwise filter out every ticket, or be ignored by Zendesk, without a word.
 */
export type ListOptionResult = { ok: true; values: string[] } | { ok: false; problem: string };

export function readListOption(
	value: unknown,
	allowed: readonly string[],
	label: string,
): ListOptionResult {
	if (value === undefined || value === null || value === '') return { ok: true, values: [] };
	let items: unknown[];
	if (Array.isArray(value)) items = value;
	else if (typeof value === 'string') items = value.split(',');
	else
		return {
			ok: false,
			problem: `${label} must be a list or a comma-separated text, not ${typeof value}`,
		};

	const values: string[] = [];
	for (const item of items) {
		if (typeof item !== 'string') {
			return { ok: false, problem: `${label} holds ${JSON.stringify(item)}, which is not text` };
		}
		const wanted = item.trim().toLowerCase();
		if (wanted === '') continue;
		const known = allowed.find((name) => name.toLowerCase() === wanted);
		if (!known) {
			return {
				ok: false,
				problem: `${label} holds "${item.trim()}", which is not one of: ${allowed.join(', ')}`,
			};
		}
		if (!values.includes(known)) values.push(known);
	}
	return { ok: true, values };
}
