'use strict';
/**
 * Cursor pages of a plain list, as Zendesk serves them: `page[size]` (at most 100), `page[after]`,
 * `meta: {has_more, after_cursor, before_cursor}` and `links: {next, prev}`. The cursor is an
 * offset in disguise, base64 of `{"sort": …, "offset": N}`, as recorded for a view's tickets: a
 * record leaving the list between two pages shifts the later ones up (one is skipped).
 * Offset pagination (`page=2`) is refused: these lists are read with cursors only.
 */
const { send } = require('./http-util.js');

const MAX_PAGE_SIZE = 100;

function encodeOffset(sort, offset) {
	return Buffer.from(JSON.stringify({ sort, offset })).toString('base64');
}

function decodeOffset(text) {
	try {
		const parsed = JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
		return Number.isInteger(parsed.offset) && parsed.offset >= 0 ? parsed.offset : null;
	} catch {
		return null;
	}
}

/** Answers one page of `all` under `key`; returns nothing (the answer is sent). */
function sendListPage(ctx, key, all, sort) {
	const params = ctx.u.searchParams;
	if (params.has('page') && !params.has('page[size]') && !params.has('page[after]')) {
		send(ctx, 400, {
			error: 'InvalidPaginationParameter',
			description: 'This stand-in serves these lists with cursor pagination only',
		});
		return;
	}
	const size = Math.min(
		MAX_PAGE_SIZE,
		Math.max(1, Number(params.get('page[size]')) || MAX_PAGE_SIZE),
	);
	const after = params.get('page[after]');
	const start = after == null ? 0 : decodeOffset(after);
	if (start === null) {
		send(ctx, 400, {
			error: 'InvalidPaginationParameter',
			description: 'page[after] is not a cursor',
		});
		return;
	}
	const records = all.slice(start, start + size);
	const hasMore = start + size < all.length;
	const afterCursor = hasMore ? encodeOffset(sort, start + size) : null;
	const next = new URL(`${ctx.origin}${ctx.u.pathname}`);
	for (const [name, value] of params)
		if (name !== 'page[after]') next.searchParams.set(name, value);
	if (afterCursor) next.searchParams.set('page[after]', afterCursor);
	send(ctx, 200, {
		[key]: records,
		meta: {
			has_more: hasMore,
			after_cursor: afterCursor,
			before_cursor: start > 0 ? encodeOffset(sort, start) : null,
		},
		links: { next: hasMore ? String(next) : null, prev: null },
	});
}

module.exports = { sendListPage, encodeOffset, decodeOffset };
