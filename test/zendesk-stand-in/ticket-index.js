'use strict';
/**
 * The stand-in's (generated_timestamp, id) index of ticket versions and the pages both ticket
 * exports read from it. `order` holds the records sorted by (gts, id); it is sorted again only when
 * a backdated change broke the order, and stale versions are dropped once they pile up. The methods
 * are mixed into Store (store.js), so `this` is the store.
 */

function compareRecords(a, b) {
	return a.gts - b.gts || a.id - b.id;
}

/** A ticket version in the index (one shape for all, described at the top of store.js). */
function record(id, gts, ai, t) {
	return {
		id,
		gts,
		ai,
		deleted: t ? t.status === 'deleted' : false,
		stale: false,
		status: t ? t.status : 'open',
		createdAt: 0,
		updatedAt: 0,
		t,
		/** Fields the exports serve instead of the true ones (the index keeps the truth). */
		served: null,
		/** Served even when generated_timestamp is past the withheld cutoff (a bad future row). */
		visibleNow: false,
	};
}

const indexMethods = {
	/**
	 * Time-based page from startTime (inclusive). With `grow`, a full page keeps going while the next
	 * tickets share the last ticket's second (Zendesk's documented behaviour); without it the page is
	 * cut at exactly perPage (the "stuck" behaviour clients have seen).
	 */
	timePage({ startTime, perPage, cutoff, grow, match }) {
		this.applyDue();
		this._ensureSorted();
		return this._scan(this._lowerBound(startTime, -Infinity), perPage, cutoff, grow, match);
	},

	/** Cursor page: records strictly after the position (gts, id). */
	pageAfter({ gts, id, perPage, cutoff, match }) {
		this.applyDue();
		this._ensureSorted();
		return this._scan(this._upperBound(gts, id), perPage, cutoff, false, match);
	},

	/** Cursor page going backwards: the perPage records strictly before (gts, id), in order. */
	pageBefore({ gts, id, perPage, cutoff, match }) {
		this.applyDue();
		this._ensureSorted();
		const o = this.order;
		const records = [];
		for (let i = this._lowerBound(gts, id) - 1; i >= 0 && records.length < perPage; i--) {
			const r = o[i];
			if (!r.stale && (r.gts <= cutoff || r.visibleNow) && match(r)) records.push(r);
		}
		records.reverse();
		let endOfStream = true;
		if (records.length) {
			const last = records[records.length - 1];
			endOfStream =
				this._scan(this._upperBound(last.gts, last.id), 1, cutoff, false, match).records.length ===
				0;
		}
		return { records, endOfStream };
	},

	_scan(from, perPage, cutoff, grow, match) {
		const o = this.order;
		const records = [];
		let lastGts = null;
		for (let i = from; i < o.length; i++) {
			const r = o[i];
			if (r.gts > cutoff) {
				// Past the cutoff only a visibleNow row (a bad future ticket) is served.
				if (!this.hasVisibleNow) break;
				if (!r.visibleNow) continue;
			}
			if (r.stale || !match(r)) continue;
			if (records.length >= perPage && (!grow || r.gts !== lastGts)) {
				return { records, endOfStream: false };
			}
			records.push(r);
			lastGts = r.gts;
		}
		return { records, endOfStream: true };
	},

	/** First index whose (gts, id) >= (gts, id). */
	_lowerBound(gts, id) {
		const o = this.order;
		let lo = 0;
		let hi = o.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			const r = o[mid];
			if (r.gts < gts || (r.gts === gts && r.id < id)) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	},

	/** First index whose (gts, id) > (gts, id). */
	_upperBound(gts, id) {
		const o = this.order;
		let lo = 0;
		let hi = o.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			const r = o[mid];
			if (r.gts < gts || (r.gts === gts && r.id <= id)) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	},

	_insert(rec) {
		const o = this.order;
		if (!this.dirty && o.length && compareRecords(rec, o[o.length - 1]) < 0) this.dirty = true;
		o.push(rec);
	},

	/** Sort only when a backdated change broke the order; drop stale versions once they pile up. */
	_ensureSorted() {
		const o = this.order;
		if (this.dirty || (this.staleCount > 1024 && this.staleCount * 4 > o.length)) {
			this.order = this.staleCount ? o.filter((r) => !r.stale) : o;
			this.staleCount = 0;
			if (this.dirty) this.order.sort(compareRecords);
			this.dirty = false;
		}
	},
};

module.exports = { record, indexMethods };
