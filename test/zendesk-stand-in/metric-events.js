'use strict';
/**
 * GET /incremental/ticket_metric_events and its /__control/sla/ endpoints (README.md, "Ticket
 * metric events"). What Zendesk documents: a time-based answer with `count`, `end_time` and a
 * `next_page` on every page (no `end_of_stream`), admins only, one slot of the account's export
 * budget. What it does not say, the switches choose:
 *
 *   slaBreachListing  'written' (default): applying an SLA writes its breach event at once, with a
 *                     `time` in the future, listed where it was written. 'due': the breach is listed
 *                     only at its time, once that time is outside the withheld minute.
 *   slaWithdrawal     'in-place' (default): a target met in time flips `deleted: true` on the breach
 *                     where it is listed (a reader past it only sees the fulfill). 'relisted': the
 *                     flipped breach is listed again at the fulfilment.
 */

const { send } = require('./http-util.js');

const METRIC_EVENT_DEFAULTS = Object.freeze({
	slaBreachListing: 'written',
	slaWithdrawal: 'in-place',
	/** Zendesk documents 100 for the cursor variant and no size for this one. */
	metricEventsPageSize: 100,
});
const METRIC_EVENT_ENUMS = Object.freeze({
	slaBreachListing: ['written', 'due'],
	slaWithdrawal: ['in-place', 'relisted'],
});

const ROUTE = /^\/api\/v2\/incremental\/ticket_metric_events(\.json)?$/;
const iso = (seconds) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

/** @param ticketExports what createExports (ticket-exports.js) returns: its query helpers. */
function createMetricEvents(app, ticketExports) {
	const { config } = app;
	let events = [];
	let nextId = 8_000_001;

	const keyOf = (e) => `${e.ticket_id}/${e.metric}/${e.instance_id}`;
	const nowOf = (body) => (body.atSeconds == null ? app.store.now() : Math.floor(+body.atSeconds));

	function write(type, target, at, extra = {}) {
		const event = {
			id: nextId++,
			ticket_id: target.ticketId,
			metric: target.metric,
			instance_id: target.instanceId,
			type,
			time: at,
			writtenAt: at,
			...extra,
		};
		events.push(event);
		return event;
	}

	/** A breach is withdrawn from the second of the fulfilment that met its target in time. */
	const withdrawnBy = (event, now) => event.withdrawnAt != null && event.withdrawnAt <= now;

	/** Where an event is listed: by write time, or (a breach, 'due') by its time. */
	function listedAt(event, now) {
		if (event.type !== 'breach') return event.writtenAt;
		if (config.slaWithdrawal === 'relisted' && withdrawnBy(event, now)) return event.withdrawnAt;
		return config.slaBreachListing === 'due' ? event.time : event.writtenAt;
	}

	function serve(event, now) {
		const { writtenAt: _w, withdrawnAt: _d, time, ...fields } = event;
		if (event.type === 'breach') fields.deleted = withdrawnBy(event, now);
		return { ...fields, time: iso(time) };
	}

	function page(ctx) {
		const { store, limits } = app;
		if (!app.auth.requireAdmin(ctx, ctx.auth) || !limits.takeAccountSlot(ctx)) return;
		if (!limits.takeExportSlot(ctx, 'export')) return;
		const cutoff = store.cutoff();
		const start = ticketExports.startTime(ctx, cutoff);
		if (start == null) return;
		const now = store.now();
		const listed = events
			.map((event) => ({ event, at: listedAt(event, now) }))
			.filter(({ at }) => at >= start && at <= cutoff)
			.sort((a, b) => a.at - b.at || a.event.id - b.event.id);
		let records = listed.slice(0, config.metricEventsPageSize);
		// A full page takes the rest of its last second, as Zendesk's time exports do.
		const last = records.length ? records[records.length - 1].at : null;
		if (records.length === config.metricEventsPageSize) {
			records = listed.filter(({ at }) => at <= last);
		}
		const endTime = last ?? start;
		send(ctx, 200, {
			ticket_metric_events: records.map(({ event }) => serve(event, now)),
			next_page: ticketExports.urlWith(ctx, { start_time: endTime }),
			count: records.length,
			end_time: endTime,
		});
	}

	function targetOf(body) {
		return {
			ticketId: Math.floor(Number(body.ticketId)),
			metric: String(body.metric || 'reply_time'),
			instanceId: body.instanceId == null ? 1 : Math.floor(Number(body.instanceId)),
		};
	}

	/**
	 * Applies an SLA: activate, apply_sla, and the breach at `at + targetMinutes`. Applied again to a
	 * target whose breach is still ahead (a priority change), the earlier breach is withdrawn; a
	 * target that already breached is refused (null).
	 */
	function apply(body) {
		const target = targetOf(body);
		const at = nowOf(body);
		const key = `${target.ticketId}/${target.metric}/${target.instanceId}`;
		const earlier = events.filter((e) => e.type === 'breach' && keyOf(e) === key);
		if (earlier.some((e) => e.withdrawnAt == null && e.time <= at)) return null;
		for (const event of earlier) if (event.withdrawnAt == null) event.withdrawnAt = at;
		const minutes = Number(body.targetMinutes ?? 60);
		const title = String(body.policyTitle || 'Standard SLA');
		write('activate', target, at);
		write('apply_sla', target, at, {
			sla: {
				target: minutes,
				target_in_seconds: minutes * 60,
				business_hours: false,
				policy: { id: 360001, title, description: '' },
			},
		});
		const breach = write('breach', target, at, { time: at + Math.round(minutes * 60) });
		return { breachEventId: breach.id, breachAtSeconds: breach.time, ...target };
	}

	/**
	 * Meets a target: fulfill, and a breach at or after it is withdrawn from then on. A time ahead of
	 * the clock schedules both (the export lists nothing written ahead of its cutoff).
	 */
	function fulfil(body) {
		const target = targetOf(body);
		const at = nowOf(body);
		const key = `${target.ticketId}/${target.metric}/${target.instanceId}`;
		write('fulfill', target, at);
		const withdrawn = [];
		for (const event of events) {
			const ahead = event.type === 'breach' && event.withdrawnAt == null && event.time >= at;
			if (ahead && keyOf(event) === key && event.writtenAt <= at) {
				event.withdrawnAt = at;
				withdrawn.push(event.id);
			}
		}
		return { withdrawn };
	}

	/** What a correct SLA Breached trigger emits by now: breaches past their time, not withdrawn. */
	function truth() {
		const now = app.store.now();
		const byTime = (a, b) => a.time - b.time || a.id - b.id;
		const breaches = events.filter((e) => e.type === 'breach').sort(byTime);
		const stands = (e) => !withdrawnBy(e, now);
		return {
			now,
			happened: breaches.filter((e) => stands(e) && e.time <= now).map((e) => serve(e, now)),
			withdrawn: breaches.filter((e) => !stands(e)).map((e) => serve(e, now)),
			ahead: breaches.filter((e) => stands(e) && e.time > now).map((e) => serve(e, now)),
		};
	}

	return {
		endpointOf: (method, path) =>
			method === 'GET' && ROUTE.test(path) ? 'ticket_metric_events' : null,
		handle(endpoint, ctx) {
			if (endpoint !== 'ticket_metric_events') return false;
			page(ctx);
			return true;
		},
		/** The /__control/sla/ routes; false for any other. */
		handleControl(ctx, route, body) {
			if (route === 'GET /__control/sla/truth') return (send(ctx, 200, truth()), true);
			const needsTicket = () => {
				if (Number.isInteger(Number(body.ticketId)) && Number(body.ticketId) > 0) return true;
				send(ctx, 400, { error: 'ticketId must be a whole number' });
				return false;
			};
			if (route === 'POST /__control/sla/apply') {
				if (!needsTicket()) return true;
				const applied = apply(body);
				if (applied) send(ctx, 200, applied);
				else send(ctx, 409, { error: 'That target has already breached' });
				return true;
			}
			if (route === 'POST /__control/sla/fulfil') {
				if (needsTicket()) send(ctx, 200, fulfil(body));
				return true;
			}
			return false;
		},
		reset() {
			events = [];
		},
	};
}

module.exports = { createMetricEvents, METRIC_EVENT_DEFAULTS, METRIC_EVENT_ENUMS };
