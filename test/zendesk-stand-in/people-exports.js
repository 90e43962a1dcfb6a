'use strict';
/**
 * GET /incremental/users (time-based), /incremental/users/cursor and /incremental/organizations
 * (time-based only, as Zendesk documents). Records are placed by updated_at.
 */

const { send } = require('./http-util.js');

/**
 * Zendesk's users cursor is base64 of "<epoch>.0||<id>|" (its documented example decodes to
 * "1576613539.0||467|"). A backward cursor here has "before" between the bars; both are opaque.
 */
function encodeUserCursor(dir, ts, id) {
	return Buffer.from(`${ts}.0|${dir === 'b' ? 'before' : ''}|${id}|`).toString('base64');
}

function decodeUserCursor(raw) {
	const m = /^(-?\d+)\.0\|(before)?\|(\d+)\|$/.exec(Buffer.from(raw, 'base64').toString('utf8'));
	return m ? { dir: m[2] ? 'b' : 'a', ts: Number(m[1]), id: Number(m[3]) } : null;
}

function createPeopleExports(app, ticketExports, timeBased) {
	const { config } = app;
	const { exportQuery, startTime, urlWith } = ticketExports;
	const json = (v) => v.json;

	function usersTime(ctx) {
		timeBased(ctx, 'users', (q) => app.store.peoplePage('users', q), json);
	}

	function organizationsTime(ctx) {
		timeBased(ctx, 'organizations', (q) => app.store.peoplePage('organizations', q), json);
	}

	/** Like the ticket cursor export: strictly after the cursor, no duplicates, no growth. */
	function usersCursor(ctx) {
		const { store, limits } = app;
		if (!app.auth.requireAdmin(ctx, ctx.auth) || !limits.takeAccountSlot(ctx)) return;
		if (!limits.takeExportSlot(ctx, 'users-cursor')) return;
		const query = exportQuery(ctx);
		if (!query) return;
		const cutoff = store.cutoff();
		const raw = ctx.u.searchParams.get('cursor');
		const common = { perPage: query.perPage, cutoff };
		let page;
		let emptyAfter = null;
		if (raw) {
			const pos = decodeUserCursor(raw);
			if (!pos) {
				send(ctx, 400, { error: 'InvalidValue', description: 'cursor is invalid' });
				return;
			}
			const at = { ...common, ts: pos.ts, id: pos.id };
			if (pos.dir === 'a') {
				page = store.peoplePageAfter('users', at);
				// An empty page gives the same cursor back: keep it and poll with it later.
				emptyAfter = raw;
			} else page = store.peoplePageBefore('users', at);
		} else {
			const start = startTime(ctx, cutoff);
			if (start == null) return;
			page = store.peoplePageAfter('users', { ...common, ts: start, id: -Infinity });
			if (config.cursorOnEmptyStart === 'position') {
				emptyAfter = encodeUserCursor('a', start - 1, Number.MAX_SAFE_INTEGER);
			}
		}
		const { records, endOfStream } = page;
		const first = records[0];
		const last = records[records.length - 1];
		const after = last ? encodeUserCursor('a', last.ts, last.id) : emptyAfter;
		const before = first ? encodeUserCursor('b', first.ts, first.id) : null;
		const link = (c) => (c ? urlWith(ctx, { cursor: c }, ['start_time']) : null);
		send(ctx, 200, {
			users: records.map(json),
			after_url: link(after),
			after_cursor: after,
			before_url: link(before),
			before_cursor: before,
			end_of_stream: endOfStream,
		});
	}

	return { usersTime, usersCursor, organizationsTime };
}

module.exports = { createPeopleExports, encodeUserCursor, decodeUserCursor };
