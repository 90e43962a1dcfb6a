'use strict';
/**
 * The index and the timeline of the exports that are not tickets (ticket events, users,
 * organizations). It pages the way the ticket index in store.js does, kept apart so that store.js
 * does not grow and so that each kind has its own order.
 *
 *   SortedLog  records { ts, id, stale } sorted by (ts, id): time-based pages (inclusive start,
 *              growing through a crowded last second) and cursor pages (strictly after a position)
 *   Pending    changes dated after now(), run in (time, order given) order when the clock passes
 */

function compare(a, b) {
	return a.ts - b.ts || a.id - b.id;
}

class SortedLog {
	constructor() {
		this.clear();
	}

	clear() {
		this.items = [];
		this.dirty = false;
		this.staleCount = 0;
	}

	/** Changes are normally dated now, so they append in order; a backdated one marks a re-sort. */
	add(rec) {
		const o = this.items;
		if (!this.dirty && o.length && compare(rec, o[o.length - 1]) < 0) this.dirty = true;
		o.push(rec);
	}

	/** A version that a newer one replaced: kept for the history, skipped by the pages. */
	markStale(rec) {
		if (rec.stale) return;
		rec.stale = true;
		this.staleCount++;
	}

	/**
	 * Time-based page from startTime (inclusive). With `grow`, a full page takes every later record
	 * of its last second (Zendesk lets a time-based page pass per_page for one timestamp).
	 */
	timePage({ startTime, perPage, cutoff, grow }) {
		this._ensureSorted();
		return this._scan(this._bound(startTime, -Infinity, false), perPage, cutoff, grow);
	}

	/** Records strictly after the position (ts, id), for cursor pages. */
	pageAfter({ ts, id, perPage, cutoff }) {
		this._ensureSorted();
		return this._scan(this._bound(ts, id, true), perPage, cutoff, false);
	}

	/** The perPage records strictly before (ts, id), in order. */
	pageBefore({ ts, id, perPage, cutoff }) {
		this._ensureSorted();
		const o = this.items;
		const records = [];
		for (let i = this._bound(ts, id, false) - 1; i >= 0 && records.length < perPage; i--) {
			if (!o[i].stale && o[i].ts <= cutoff) records.push(o[i]);
		}
		records.reverse();
		const last = records[records.length - 1];
		const endOfStream =
			!last || this.pageAfter({ ...last, perPage: 1, cutoff }).records.length === 0;
		return { records, endOfStream };
	}

	_scan(from, perPage, cutoff, grow) {
		const o = this.items;
		const records = [];
		let lastTs = null;
		for (let i = from; i < o.length; i++) {
			const r = o[i];
			if (r.ts > cutoff) break;
			if (r.stale) continue;
			if (records.length >= perPage && (!grow || r.ts !== lastTs)) {
				return { records, endOfStream: false };
			}
			records.push(r);
			lastTs = r.ts;
		}
		return { records, endOfStream: true };
	}

	/** First index whose (ts, id) is >= (strict: >) the given position. */
	_bound(ts, id, strict) {
		const o = this.items;
		let lo = 0;
		let hi = o.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			const r = o[mid];
			const before = r.ts < ts || (r.ts === ts && (strict ? r.id <= id : r.id < id));
			if (before) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	/** Sort only after a backdated record; drop stale ones once they are a quarter of the log. */
	_ensureSorted() {
		if (this.dirty || (this.staleCount > 1024 && this.staleCount * 4 > this.items.length)) {
			if (this.staleCount) this.items = this.items.filter((r) => !r.stale);
			this.staleCount = 0;
			if (this.dirty) this.items.sort(compare);
			this.dirty = false;
		}
	}
}

class Pending {
	constructor() {
		this.list = [];
		this.seq = 0;
		this.dirty = false;
	}

	get size() {
		return this.list.length;
	}

	/** Run `apply` when the clock reaches `at` (ties in the order given). */
	add(at, apply) {
		const last = this.list[this.list.length - 1];
		if (last && last.at > at) this.dirty = true;
		this.list.push({ at, seq: this.seq++, apply });
	}

	runDue(now) {
		if (!this.list.length) return;
		if (this.dirty) {
			this.list.sort((a, b) => a.at - b.at || a.seq - b.seq);
			this.dirty = false;
		}
		let n = 0;
		while (n < this.list.length && this.list[n].at <= now) n++;
		for (const item of this.list.splice(0, n)) item.apply();
	}

	nextAt() {
		let next = null;
		for (const item of this.list) if (next == null || item.at < next) next = item.at;
		return next;
	}
}

module.exports = { SortedLog, Pending };
