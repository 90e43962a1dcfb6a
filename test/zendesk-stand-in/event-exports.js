'use strict';
/**
 * GET /incremental/ticket_events, the time-based answer it shares with the user and organization
 * exports (people-exports.js), and the routing of those exports. They follow the ticket export's
 * documented rules (inclusive start_time, withheld minute, too-recent refusal, growth through a
 * crowded second, one shared rate budget) but not its real-world switches, which model answers
 * seen only on /incremental/tickets.
 */

const { send } = require('./http-util.js');
const { createPeopleExports } = require('./people-exports.js');

const ROUTES = [
	[/^\/api\/v2\/incremental\/ticket_events(\.json)?$/, 'ticket_events'],
	[/^\/api\/v2\/incremental\/users\/cursor(\.json)?$/, 'users_cursor'],
	[/^\/api\/v2\/incremental\/users(\.json)?$/, 'users'],
	[/^\/api\/v2\/incremental\/organizations(\.json)?$/, 'organizations'],
];

/** @param ticketExports what createExports (ticket-exports.js) returns: its query helpers. */
function createEventExports(app, ticketExports) {
	const { config } = app;
	const { exportQuery, startTime, urlWith } = ticketExports;

	/**
	 * One time-based page of `key` records. `page(query)` pages a SortedLog; `serve(record, query)`
	 * turns a record into its JSON. Uses the same export slot as /incremental/tickets.
	 */
	function timeBased(ctx, key, page, serve) {
		const { store, limits } = app;
		if (!app.auth.requireAdmin(ctx, ctx.auth) || !limits.takeAccountSlot(ctx)) return;
		if (!limits.takeExportSlot(ctx, 'export')) return;
		const query = exportQuery(ctx);
		if (!query) return;
		const cutoff = store.cutoff();
		const start = startTime(ctx, cutoff);
		if (start == null) return;
		const { records, endOfStream } = page({
			startTime: start,
			perPage: query.perPage,
			cutoff,
			grow: !config.stuck,
		});
		let endTime;
		if (records.length) endTime = records[records.length - 1].ts;
		else if (config.emptyEndTime === 'cutoff') endTime = cutoff;
		else if (config.emptyEndTime === 'null') endTime = null;
		else endTime = start;
		send(ctx, 200, {
			[key]: records.map((r) => serve(r, query)),
			next_page: urlWith(ctx, { start_time: endTime == null ? start : endTime }),
			count: records.length,
			end_of_stream: endOfStream,
			end_time: endTime,
		});
	}

	function ticketEvents(ctx) {
		const { store } = app;
		timeBased(
			ctx,
			'ticket_events',
			(q) => {
				store.applyDue();
				return store.ticketEventsPage(q);
			},
			(r, query) => store.serveTicketEvent(r, query.includes.has('comment_events')),
		);
	}

	const people = createPeopleExports(app, ticketExports, timeBased);

	return {
		/** The endpoint name of a path these exports serve, or null. */
		endpointOf(method, path) {
			if (method !== 'GET') return null;
			const hit = ROUTES.find(([re]) => re.test(path));
			return hit ? hit[1] : null;
		},
		/** Serve `endpoint`; false when it is not one of these. */
		handle(endpoint, ctx) {
			switch (endpoint) {
				case 'ticket_events':
					ticketEvents(ctx);
					return true;
				case 'users':
					people.usersTime(ctx);
					return true;
				case 'users_cursor':
					people.usersCursor(ctx);
					return true;
				case 'organizations':
					people.organizationsTime(ctx);
					return true;
				default:
					return false;
			}
		},
	};
}

module.exports = { createEventExports };
