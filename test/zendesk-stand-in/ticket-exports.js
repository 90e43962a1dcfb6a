'use strict';
/**
 * The three ticket exports: time-based, cursor and sample, and the real-world answer shapes that
 * config switches turn on (README.md, "Real-world shapes").
 */

const { send, encodeCursor, decodeCursor } = require('./http-util.js');

const SUPPORT_TYPE_SCOPES = ['agent', 'ai_agent', 'all'];
const SAMPLE_MAX = 50;
const TOO_RECENT_TEXT = 'Too recent start_time. Use a start_time older than 1 minute';
/** 3000-01-01T00:00:00Z: the end_time `futureEndTime` puts on the last page. */
const YEAR_3000 = 32503680000;

/** The phantom ticket `futureRowSeconds` adds: not in the store, so no lookup or truth knows it. */
const FUTURE_ROW_ID = 990001;
function futureRow(seconds) {
	const at = new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
	return {
		url: `/api/v2/tickets/${FUTURE_ROW_ID}.json`,
		id: FUTURE_ROW_ID,
		created_at: at,
		updated_at: at,
		generated_timestamp: seconds,
		subject: 'A row dated ahead of the clock',
		status: 'open',
		tags: [],
		custom_fields: [],
	};
}

function createExports(app) {
	const { config, state } = app;

	/** Shared query handling of the exports; answers 400 and returns null on a bad value. */
	function exportQuery(ctx) {
		const q = ctx.u.searchParams;
		const scope = q.get('support_type_scope') || 'agent';
		if (!SUPPORT_TYPE_SCOPES.includes(scope)) {
			send(ctx, 400, {
				error: 'InvalidValue',
				description: `support_type_scope must be one of ${SUPPORT_TYPE_SCOPES.join(', ')}`,
			});
			return null;
		}
		const excludeDeleted = ['true', '1'].includes(String(q.get('exclude_deleted')).toLowerCase());
		const wantAi = scope === 'ai_agent';
		const match =
			scope === 'all'
				? (r) => !(excludeDeleted && r.deleted)
				: (r) => r.ai === wantAi && !(excludeDeleted && r.deleted);
		const max = config.perPageMax;
		const raw = Number.parseInt(q.get('per_page') || '', 10);
		const perPage = Number.isFinite(raw) ? Math.min(max, Math.max(1, raw)) : Math.min(1000, max);
		const includes = new Set(
			(q.get('include') || '')
				.split(',')
				.map((s) => s.trim())
				.filter(Boolean),
		);
		return { match, perPage, includes };
	}

	function tooRecent(ctx) {
		const text = { 'content-type': 'text/plain; charset=utf-8' };
		switch (config.tooRecentStyle) {
			case '422':
				send(ctx, 422, { error: 'Too recent start_time' });
				return;
			case '422-text':
				send(ctx, 422, TOO_RECENT_TEXT, text);
				return;
			case '400-text':
				send(ctx, 400, TOO_RECENT_TEXT, text);
				return;
			default:
				send(ctx, 400, { error: 'StartTimeTooRecent', description: TOO_RECENT_TEXT });
		}
	}

	/** start_time: required, whole seconds, not inside the withheld minute. */
	function startTime(ctx, cutoff) {
		const raw = ctx.u.searchParams.get('start_time');
		if (raw == null || raw === '') {
			send(ctx, 400, { error: 'InvalidValue', description: 'start_time is required' });
			return null;
		}
		if (!/^\d+$/.test(raw)) {
			send(ctx, 400, {
				error: 'InvalidValue',
				description: 'start_time must be a unix time in seconds',
			});
			return null;
		}
		const start = Number(raw);
		if (start > cutoff) {
			tooRecent(ctx);
			return null;
		}
		return start;
	}

	function urlWith(ctx, set, drop = []) {
		const params = new URLSearchParams(ctx.u.searchParams);
		for (const k of drop) params.delete(k);
		for (const [k, v] of Object.entries(set)) params.set(k, String(v));
		return `${ctx.origin}${ctx.u.pathname}?${params}`;
	}

	const served = (records) => app.store.servedTicketsOf(records, config.generatedTimestampStyle);

	function timeExport(ctx, auth, { sample }) {
		const { store, limits } = app;
		if (!app.auth.requireAdmin(ctx, auth) || !limits.takeAccountSlot(ctx)) return;
		if (!limits.takeExportSlot(ctx, sample ? 'sample' : 'export')) return;
		// sameTimePageForEveryStart: the page stored by the first answer, whatever start_time.
		if (!sample && config.sameTimePageForEveryStart && state.samePage != null) {
			send(ctx, 200, state.samePage);
			return;
		}
		const query = exportQuery(ctx);
		if (!query) return;
		const cutoff = store.cutoff();
		const start = startTime(ctx, cutoff);
		if (start == null) return;
		const perPage = sample ? Math.min(SAMPLE_MAX, query.perPage) : query.perPage;
		// filterAfterPaging: the page is cut from every ticket, then the query's filters drop rows,
		// so end_time and end_of_stream describe rows the client never sees.
		const filterLate = !sample && config.filterAfterPaging;
		const page = store.timePage({
			startTime: start,
			perPage,
			cutoff,
			grow: !sample && !config.stuck,
			match: filterLate ? () => true : query.match,
		});
		const { endOfStream } = page;
		const records = filterLate ? page.records.filter(query.match) : page.records;
		const tickets = served(records);
		let endTime;
		if (page.records.length) endTime = page.records[page.records.length - 1].gts;
		else if (config.emptyEndTime === 'cutoff') endTime = cutoff;
		else if (config.emptyEndTime === 'null') endTime = null;
		else endTime = start;
		let eos = endOfStream;
		if (!sample) {
			if (!endOfStream && records.length && config.endTimeSkewSeconds) {
				endTime += config.endTimeSkewSeconds;
			}
			if (endOfStream && config.futureEndTime) endTime = YEAR_3000;
			if (config.sameTimePageForEveryStart) eos = false;
			// futureRowSeconds: one bad row dated then rides on every page; a page that is not the
			// last ends at it, as if it were the page's newest row.
			if (config.futureRowSeconds) {
				tickets.push(futureRow(config.futureRowSeconds));
				if (!eos) endTime = config.futureRowSeconds;
			}
		}
		const body = {
			tickets: store.decorate(tickets, query.includes),
			...store.sideloads(tickets, query.includes),
			next_page: urlWith(ctx, { start_time: endTime == null ? start : endTime }),
			count: records.length,
			end_of_stream: eos,
			end_time: endTime,
		};
		if (!sample && config.omitEndOfStream) delete body.end_of_stream;
		let text = JSON.stringify(body);
		if (!sample) {
			if (config.sameTimePageForEveryStart) state.samePage = text;
			// replayPreviousPage: answer with the body of the previous time-based answer.
			const previous = state.lastTimeBody;
			state.lastTimeBody = text;
			if (config.replayPreviousPage && previous != null) text = previous;
		}
		send(ctx, 200, text);
	}

	function cursorExport(ctx, auth) {
		const { store, limits } = app;
		if (!app.auth.requireAdmin(ctx, auth) || !limits.takeAccountSlot(ctx)) return;
		if (!limits.takeExportSlot(ctx, 'cursor')) return;
		const rawCursor = ctx.u.searchParams.get('cursor');
		const link = (c) => (c ? urlWith(ctx, { cursor: c }, ['start_time']) : null);
		if (config.alternatingCursors && state.alternating) {
			const alt = state.alternating;
			const after = rawCursor === alt.cursors[0] ? alt.cursors[1] : alt.cursors[0];
			send(ctx, 200, {
				tickets: alt.tickets,
				...alt.sideloads,
				after_url: link(after),
				after_cursor: after,
				before_url: link(alt.before),
				before_cursor: alt.before,
				end_of_stream: false,
			});
			return;
		}
		const query = exportQuery(ctx);
		if (!query) return;
		const cutoff = store.cutoff();
		const common = { perPage: query.perPage, cutoff, match: query.match };
		let page;
		let emptyAfter = null;
		let startPos = null;
		if (rawCursor) {
			const pos = decodeCursor(rawCursor);
			if (!pos) {
				send(ctx, 400, { error: 'InvalidValue', description: 'cursor is invalid' });
				return;
			}
			page =
				pos.dir === 'a'
					? store.pageAfter({ ...common, gts: pos.gts, id: pos.id })
					: store.pageBefore({ ...common, gts: pos.gts, id: pos.id });
			if (pos.dir === 'a') emptyAfter = rawCursor;
			startPos = pos;
		} else {
			const start = startTime(ctx, cutoff);
			if (start == null) return;
			page = store.pageAfter({ ...common, gts: start, id: -Infinity });
			if (config.cursorOnEmptyStart === 'position') {
				emptyAfter = encodeCursor('a', start - 1, Number.MAX_SAFE_INTEGER);
			}
			startPos = { gts: start - 1, id: 0 };
		}
		const { records, endOfStream } = page;
		const tickets = served(records);
		const first = records[0];
		const last = records[records.length - 1];
		const after = last ? encodeCursor('a', last.gts, last.id) : emptyAfter;
		const before = first ? encodeCursor('b', first.gts, first.id) : null;
		const decorated = store.decorate(tickets, query.includes);
		const sideloads = store.sideloads(tickets, query.includes);
		if (config.alternatingCursors) {
			// From now on every cursor page holds these tickets, its after_cursor flipping between two.
			const at = last || startPos;
			const a = encodeCursor('a', at.gts, at.id);
			const b = encodeCursor('a', at.gts, at.id + 1);
			state.alternating = { tickets: decorated, sideloads, before, cursors: [a, b] };
			const next = rawCursor === a ? b : a;
			send(ctx, 200, {
				tickets: decorated,
				...sideloads,
				after_url: link(next),
				after_cursor: next,
				before_url: link(before),
				before_cursor: before,
				end_of_stream: false,
			});
			return;
		}
		send(ctx, 200, {
			tickets: decorated,
			...sideloads,
			after_url: link(after),
			after_cursor: after,
			before_url: link(before),
			before_cursor: before,
			end_of_stream: endOfStream,
		});
	}

	// The query helpers are shared with the other exports (event-exports.js, people-exports.js).
	return { timeExport, cursorExport, exportQuery, startTime, urlWith };
}

module.exports = { FUTURE_ROW_ID, createExports, YEAR_3000, TOO_RECENT_TEXT };
