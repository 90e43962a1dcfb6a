'use strict';
/**
 * When a ticket change takes effect. A change dated at or before now() (or marked visibleNow) is
 * applied at once: it becomes the ticket's current version and the old one goes stale. A change
 * dated later waits in `scheduled` until the clock passes it (every query calls applyDue() first);
 * `projected` holds each ticket's latest scheduled version so a later change builds on it. The
 * methods are mixed into Store (store.js), so `this` is the store.
 */

const { record } = require('./ticket-index.js');

const scheduleMethods = {
	/** Apply the scheduled changes whose time has come. Every query calls it first. */
	applyDue() {
		this._applyDueEvents(this.now());
		this._applyDuePeople(this.now());
		if (!this.scheduled.length) return;
		if (this.scheduledDirty) {
			this.scheduled.sort((a, b) => a.at - b.at || a.seq - b.seq);
			this.scheduledDirty = false;
		}
		const now = this.now();
		let n = 0;
		while (n < this.scheduled.length && this.scheduled[n].at <= now) n++;
		if (!n) return;
		for (const change of this.scheduled.splice(0, n)) {
			const p = this.projected.get(change.id);
			if (p && --p.pending === 0) this.projected.delete(change.id);
			this._apply(change);
		}
	},

	/** How many changes wait for the clock, and the time of the next one (or null). */
	scheduledInfo() {
		let next = null;
		for (const c of this.scheduled) if (next == null || c.at < next) next = c.at;
		return { scheduled: this.scheduled.length, nextAtSeconds: next };
	},

	/** Apply a change now (at <= now, or visibleNow) or schedule it for when the clock gets there. */
	_commit(change, at) {
		if (change.visibleNow || at <= this.now()) {
			this._apply(change);
			return;
		}
		const last = this.scheduled[this.scheduled.length - 1];
		if (last && last.at > at) this.scheduledDirty = true;
		this.scheduled.push({ ...change, at, seq: this.seq++ });
		const p = this.projected.get(change.id);
		this.projected.set(change.id, { t: change.t, ai: change.ai, pending: (p ? p.pending : 0) + 1 });
	},

	_apply({ id, t, ai, served, visibleNow }) {
		const old = this.byId.get(id);
		if (old && !old.stale) {
			old.stale = true;
			this.staleCount++;
		}
		const rec = record(id, t.generated_timestamp, ai, t);
		rec.served = served || null;
		if (visibleNow) {
			rec.visibleNow = true;
			this.hasVisibleNow = true;
		}
		this.byId.set(id, rec);
		this._insert(rec);
	},

	/**
	 * The version a change at `at` builds on: for a scheduled change the latest scheduled version if
	 * any, else the current one. A change due now on a ticket not yet created finds nothing.
	 */
	_latest(id, at) {
		const p = this.projected.get(id);
		if (p && at > this.now()) return { id, t: p.t, ai: p.ai };
		const rec = this.byId.get(id);
		if (!rec) return null;
		return { id, t: this.ticketOf(rec), ai: rec.ai };
	},
};

module.exports = { scheduleMethods };
