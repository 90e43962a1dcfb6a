'use strict';
/**
 * The stand-in's data: users, organizations, groups, brands, forms and tickets, and the
 * (generated_timestamp, id) index both exports page through.
 *
 * Each ticket version is a record { id, gts, ai, deleted, stale, status, createdAt, updatedAt, t,
 * served, visibleNow } (served: fields the exports show instead of the true ones).
 * Seeded tickets are lazy (t = null): their JSON is built when served, from a PRNG seeded with the
 * ticket id, so 100,000 of them cost a few MB and seed in a fraction of a second. A ticket created or
 * changed through the control API holds its JSON in `t` (never mutated: an update makes a new record
 * and marks the old one stale). `order` holds records sorted by (gts, id); updates normally move a
 * ticket to "now", so they append in order and the index only sorts when a test backdates a change.
 *
 * Time is the clock's (real or virtual, see limits.js). A change dated after now() waits in
 * `scheduled` and is applied when the clock passes it (every query calls applyDue() first), so a
 * test can lay out a whole timeline in advance and the exports see it unfold as the clock moves.
 */

const {
	DAY,
	ADMIN,
	AGENT,
	END_USER_COUNT,
	FIRST_END_USER_ID,
	ORGANIZATIONS,
	GROUPS,
	BRANDS,
	TICKET_FORMS,
	CUSTOM_FIELD_PLAN,
	CUSTOM_FIELD_SEATS,
	CUSTOM_FIELD_VIP,
	EMPTY,
	iso,
	publicUser,
	accountMethods,
} = require('./account.js');
const { eventMethods } = require('./events-store.js');
const { peopleMethods } = require('./people-store.js');

const STATUSES = ['new', 'open', 'open', 'pending', 'hold', 'solved', 'solved', 'closed', 'closed'];
const STATUS_IDS = { new: 9001, open: 9002, pending: 9003, hold: 9004, solved: 9005, closed: 9006 };
const PRIORITIES = [null, 'low', 'normal', 'normal', 'high', 'urgent'];
const TYPES = [null, 'question', 'question', 'incident', 'problem', 'task'];
const CHANNELS = ['email', 'email', 'web', 'api', 'chat'];
const SUBJECTS = [
	'Cannot log in to my account',
	'Invoice shows the wrong amount',
	'Export to CSV times out',
	'Feature request: dark mode',
	'Password reset email never arrives',
	'Refund for a duplicate charge',
	'API returns 500 on bulk update',
	'How do I add a teammate?',
	'Mobile app crashes on start',
	'Change the billing address',
];
const TAG_POOL = ['billing', 'login', 'bug', 'feature_request', 'vip', 'mobile', 'api', 'refund'];
const PLANS = ['plan_free', 'plan_team', 'plan_business', 'plan_enterprise'];
const WORDS = (
	'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut ' +
	'labore et dolore magna aliqua ut enim ad minim veniam quis nostrud exercitation ullamco laboris ' +
	'nisi aliquip ex ea commodo consequat duis aute irure in reprehenderit voluptate velit esse ' +
	'cillum fugiat nulla pariatur excepteur sint occaecat cupidatat non proident sunt culpa qui ' +
	'officia deserunt mollit anim id est laborum'
).split(' ');

const SATISFACTION_UNOFFERED = Object.freeze({ score: 'unoffered' });
const SUPPORT_TO = Object.freeze({
	name: 'Example Support',
	address: 'support@example.zendesk.com',
});

/** Deterministic PRNG (mulberry32) so a seed gives the same tickets on every run. */
function prng(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function compareRecords(a, b) {
	return a.gts - b.gts || a.id - b.id;
}

/** A ticket version in the index (one shape for all, see the top of this file). */
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

/** `fields` minus generated_timestamp, and the served-only overrides (that key + servedFields). */
function splitFields(fields, servedFields) {
	const own = { ...(fields || {}) };
	let served = null;
	if ('generated_timestamp' in own) {
		served = { generated_timestamp: own.generated_timestamp };
		delete own.generated_timestamp;
	}
	if (servedFields && typeof servedFields === 'object' && Object.keys(servedFields).length) {
		served = { ...(served || {}), ...servedFields };
	}
	return { own, served };
}

function freezeAll(arrays) {
	return arrays.map((a) => Object.freeze(a));
}

class Store {
	/**
	 * @param {object} config the live options object (read on every call: /__control/config edits it)
	 * @param {string} baseUrl e.g. http://127.0.0.1:1234, used for the `url` fields
	 */
	constructor(config, baseUrl, clock) {
		this.config = config;
		this.baseUrl = baseUrl;
		/** { nowMs() }: the real clock, or a virtual one a test moves (see limits.js). */
		this.clock = clock || { nowMs: () => Date.now() };
		this.users = new Map();
		this.usersByEmail = new Map();
		this.organizations = new Map(ORGANIZATIONS.map((o) => [o.id, this._organization(o)]));
		this.groups = new Map(GROUPS.map((g) => [g.id, this._group(g)]));
		this.brands = new Map(BRANDS.map((b) => [b.id, b]));
		this.ticketForms = new Map(TICKET_FORMS.map((f) => [f.id, this._ticketForm(f)]));
		this._seedUsers();
		this.tagSets = freezeAll([
			[],
			['billing'],
			['login', 'vip'],
			['bug', 'api'],
			['feature_request'],
			['mobile', 'bug'],
			['refund', 'billing', 'vip'],
			TAG_POOL.slice(0, 2),
		]);
		this.customFieldSets = [];
		for (const plan of PLANS) {
			for (const seats of [null, '5', '50']) {
				for (const vip of [false, true]) {
					const cf = [
						{ id: CUSTOM_FIELD_PLAN, value: plan },
						{ id: CUSTOM_FIELD_SEATS, value: seats },
						{ id: CUSTOM_FIELD_VIP, value: vip },
					];
					cf.forEach((f) => Object.freeze(f));
					this.customFieldSets.push(Object.freeze(cf));
				}
			}
		}
		this.reset(0);
	}

	now() {
		return Math.floor(this.clock.nowMs() / 1000) + (this.config.clockOffsetSeconds || 0);
	}

	cutoff() {
		return this.now() - this.config.withheldSeconds;
	}

	/**
	 * Drop every ticket and generate `seedTickets` new ones, all older than the withheld minute; put
	 * the users, organizations and ticket events back to their seeded state too.
	 */
	reset(seedTickets) {
		this._resetTickets(seedTickets);
		this._resetPeople();
		this._resetEvents();
	}

	_resetTickets(seedTickets) {
		this.rand = prng(this.config.randomSeed);
		this.byId = new Map();
		this.order = [];
		this.dirty = false;
		this.staleCount = 0;
		this.nextId = 1;
		this._pool = null;
		// Changes dated after now(): applied, in (at, order given) order, when the clock passes them.
		this.scheduled = [];
		this.scheduledDirty = false;
		this.seq = 0;
		// id -> { t, ai, pending }: the latest scheduled version of a ticket with pending changes.
		this.projected = new Map();
		this.hasVisibleNow = false;
		const n = Math.max(0, Math.floor(Number(seedTickets) || 0));
		if (n === 0) return;
		const now = this.now();
		const newest = now - Math.max(120, this.config.withheldSeconds + 60);
		const oldest = now - 30 * DAY;
		const span = newest - oldest;
		for (let i = 0; i < n; i++) {
			// Ids follow creation time, as in a real account.
			const createdAt = oldest + Math.floor(((i + this.rand()) * span) / n);
			const r = this.rand();
			const updatedAt = r < 0.3 ? createdAt : createdAt + Math.floor(r * r * (newest - createdAt));
			// About one ticket in ten was last touched by the system only (gts moved, updated_at did not).
			const gts =
				this.rand() < 0.1 ? updatedAt + Math.floor(this.rand() * (newest - updatedAt)) : updatedAt;
			const rec = record(this.nextId++, gts, this.rand() < 0.1, null);
			rec.createdAt = createdAt;
			rec.updatedAt = updatedAt;
			rec.status = STATUSES[Math.floor(this.rand() * STATUSES.length)];
			rec.deleted = this.rand() < 0.01;
			this.byId.set(rec.id, rec);
			this.order.push(rec);
		}
		// Sort now rather than in the first export request.
		this.dirty = true;
		this._ensureSorted();
	}

	// ---- ticket changes ------------------------------------------------------------------------

	/**
	 * New tickets (status "new") at atSeconds (default now). A time after now() schedules the
	 * creation: the id is taken at once, the ticket appears when the clock reaches atSeconds.
	 * `fields.generated_timestamp` and `servedFields` change only what the exports serve.
	 * `visibleNow` applies it at once and serves it even when it is past the withheld cutoff.
	 */
	createTickets(input = {}) {
		const { count = 1, fields, atSeconds, supportType, servedFields, visibleNow } = input;
		this.applyDue();
		const at = atSeconds == null ? this.now() : Math.floor(Number(atSeconds));
		const { own, served } = splitFields(fields, servedFields);
		const out = [];
		for (let i = 0; i < count; i++) {
			const id = this.nextId++;
			const draft = record(id, at, supportType === 'ai_agent', null);
			draft.createdAt = at;
			draft.updatedAt = at;
			draft.status = 'new';
			const t = { ...this._buildTicket(draft), ...own, id, generated_timestamp: at };
			this._commit({ id, t, ai: draft.ai, served, visibleNow: !!visibleNow }, at);
			this._recordTicketEvent('create', null, t, at, input);
			out.push(t);
		}
		return out;
	}

	/**
	 * An update moves generated_timestamp; updated_at too unless it is a system-only update. A
	 * future atSeconds schedules it, built on the ticket as last changed or scheduled.
	 */
	updateTicket(id, input = {}) {
		const { fields, system = false, atSeconds, supportType, servedFields, visibleNow } = input;
		this.applyDue();
		const at = atSeconds == null ? this.now() : Math.floor(Number(atSeconds));
		const base = this._latest(Number(id), at);
		if (!base) return null;
		const { own, served } = splitFields(fields, servedFields);
		const t = { ...base.t, ...own, id: base.id, generated_timestamp: at };
		if (!system) t.updated_at = iso(at);
		const ai = supportType == null ? base.ai : supportType === 'ai_agent';
		this._commit({ id: base.id, t, ai, served, visibleNow: !!visibleNow }, at);
		this._recordTicketEvent('update', base.t, t, at, input);
		return t;
	}

	/** Soft delete: the ticket stays in the export with status "deleted". */
	deleteTicket(id, input = {}) {
		const { atSeconds } = input;
		this.applyDue();
		const at = atSeconds == null ? this.now() : Math.floor(Number(atSeconds));
		const base = this._latest(Number(id), at);
		if (!base) return null;
		const t = { ...base.t, status: 'deleted', updated_at: iso(at), generated_timestamp: at };
		this._commit({ id: base.id, t, ai: base.ai, served: null, visibleNow: false }, at);
		this._recordTicketEvent('delete', base.t, t, at, input);
		return t;
	}

	/** Many tickets changed in the same second: new ones (mode "create") or the lowest ids ("update"). */
	burst({ count, atSeconds, mode = 'create', supportType } = {}) {
		this.applyDue();
		const at = atSeconds == null ? this.now() : Math.floor(Number(atSeconds));
		if (mode === 'update') {
			const known = new Set([...this.byId.keys(), ...this.projected.keys()]);
			const ids = [...known].sort((a, b) => a - b).slice(0, count);
			for (const id of ids) this.updateTicket(id, { atSeconds: at });
			return { ids, atSeconds: at };
		}
		const tickets = this.createTickets({ count, atSeconds: at, supportType });
		return { ids: tickets.map((t) => t.id), atSeconds: at };
	}

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
	}

	/** How many changes wait for the clock, and the time of the next one (or null). */
	scheduledInfo() {
		let next = null;
		for (const c of this.scheduled) if (next == null || c.at < next) next = c.at;
		return { scheduled: this.scheduled.length, nextAtSeconds: next };
	}

	/** Each ticket's current version as of now() (scheduled changes not yet due are left out). */
	truth() {
		this.applyDue();
		return [...this.byId.values()]
			.sort((a, b) => a.id - b.id)
			.map((r) => ({
				id: r.id,
				generated_timestamp: r.gts,
				status: r.t ? r.t.status : r.deleted ? 'deleted' : r.status,
				updated_at: r.t ? r.t.updated_at : iso(r.updatedAt),
			}));
	}

	getTicket(id) {
		this.applyDue();
		const rec = this.byId.get(Number(id));
		return rec ? { ticket: this.ticketOf(rec), supportType: rec.ai ? 'ai_agent' : 'agent' } : null;
	}

	/** The JSON object of a ticket version (built on the fly for a seeded ticket). */
	ticketOf(rec) {
		return rec.t || this._buildTicket(rec);
	}

	ticketsOf(records) {
		return records.map((r) => r.t || this._buildTicket(r));
	}

	/**
	 * The tickets as the exports serve them: a version's served overrides applied, and
	 * generated_timestamp shaped by `style` ('number', 'string' or 'missing'; an override wins).
	 */
	servedTicketsOf(records, style = 'number') {
		return records.map((r) => {
			const t = r.t || this._buildTicket(r);
			if (!r.served && style === 'number') return t;
			const copy = { ...t };
			const overridden = r.served && 'generated_timestamp' in r.served;
			if (!overridden && style === 'string') {
				copy.generated_timestamp = String(t.generated_timestamp);
			}
			if (!overridden && style === 'missing') delete copy.generated_timestamp;
			return r.served ? Object.assign(copy, r.served) : copy;
		});
	}

	// ---- queries -------------------------------------------------------------------------------

	/**
	 * Time-based page from startTime (inclusive). With `grow`, a full page keeps going while the next
	 * tickets share the last ticket's second (Zendesk's documented behaviour); without it the page is
	 * cut at exactly perPage (the "stuck" behaviour clients have seen).
	 */
	timePage({ startTime, perPage, cutoff, grow, match }) {
		this.applyDue();
		this._ensureSorted();
		return this._scan(this._lowerBound(startTime, -Infinity), perPage, cutoff, grow, match);
	}

	/** Cursor page: records strictly after the position (gts, id). */
	pageAfter({ gts, id, perPage, cutoff, match }) {
		this.applyDue();
		this._ensureSorted();
		return this._scan(this._upperBound(gts, id), perPage, cutoff, false, match);
	}

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
	}

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
	}

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
	}

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
	}

	// ---- internals -----------------------------------------------------------------------------

	_insert(rec) {
		const o = this.order;
		if (!this.dirty && o.length && compareRecords(rec, o[o.length - 1]) < 0) this.dirty = true;
		o.push(rec);
	}

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
	}

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
	}

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
	}

	/** Sort only when a backdated change broke the order; drop stale versions once they pile up. */
	_ensureSorted() {
		const o = this.order;
		if (this.dirty || (this.staleCount > 1024 && this.staleCount * 4 > o.length)) {
			this.order = this.staleCount ? o.filter((r) => !r.stale) : o;
			this.staleCount = 0;
			if (this.dirty) this.order.sort(compareRecords);
			this.dirty = false;
		}
	}

	_descriptionPool() {
		const bytes = this.config.descriptionBytes;
		const size = Math.max(65536, bytes * 4);
		if (!this._pool || this._pool.length < size) {
			const rand = prng(7);
			const parts = [];
			let len = 0;
			while (len < size + bytes + 64) {
				const w = WORDS[Math.floor(rand() * WORDS.length)];
				parts.push(w);
				len += w.length + 1;
			}
			// join() gives one flat string: every description is then a cheap slice of it.
			this._pool = parts.join(' ');
		}
		return this._pool;
	}

	_description(id) {
		const bytes = this.config.descriptionBytes;
		const head = `Ticket ${id}: `;
		if (bytes <= head.length) return head.slice(0, Math.max(0, bytes));
		const pool = this._descriptionPool();
		const n = bytes - head.length;
		// Start on a word: the pool has slack past `size`, so the slice always fits.
		const offset = pool.indexOf(' ', (id * 7919) % (pool.length - n - 64)) + 1;
		return head + pool.slice(offset, offset + n);
	}

	/** The JSON of a seeded ticket: the same for a given (randomSeed, id) on every call. */
	_buildTicket(rec) {
		const id = rec.id;
		const rand = prng(Math.imul(this.config.randomSeed, 0x9e3779b1) ^ Math.imul(id, 0x85ebca6b));
		const pick = (list) => list[Math.floor(rand() * list.length)];
		const status = rec.deleted ? 'deleted' : rec.status;
		const requester = this.users.get(FIRST_END_USER_ID + Math.floor(rand() * END_USER_COUNT));
		const channel = pick(CHANNELS);
		const assigneeId = rec.status === 'new' ? null : pick([ADMIN.id, AGENT.id, AGENT.id]);
		const subject = `${pick(SUBJECTS)} (#${id})`;
		const customFields = pick(this.customFieldSets);
		const t = {
			url: `${this.baseUrl}/api/v2/tickets/${id}.json`,
			id,
			external_id: rand() < 0.2 ? `ext-${id}` : null,
			via: {
				channel,
				source:
					channel === 'email'
						? {
								from: { address: requester.email, name: requester.name },
								to: SUPPORT_TO,
								rel: null,
							}
						: { from: {}, to: {}, rel: null },
			},
			created_at: iso(rec.createdAt),
			updated_at: iso(rec.updatedAt),
			generated_timestamp: rec.gts,
			type: pick(TYPES),
			subject,
			raw_subject: subject,
			description: this._description(id),
			priority: pick(PRIORITIES),
			status,
			recipient: channel === 'email' ? SUPPORT_TO.address : null,
			requester_id: requester.id,
			submitter_id: rand() < 0.8 ? requester.id : AGENT.id,
			assignee_id: assigneeId,
			organization_id: requester.organization_id,
			group_id: pick(GROUPS).id,
			collaborator_ids: EMPTY,
			follower_ids: EMPTY,
			email_cc_ids: EMPTY,
			forum_topic_id: null,
			problem_id: null,
			has_incidents: false,
			is_public: true,
			due_at: null,
			tags: pick(this.tagSets),
			custom_fields: customFields,
			satisfaction_rating: SATISFACTION_UNOFFERED,
			sharing_agreement_ids: EMPTY,
			custom_status_id: STATUS_IDS[rec.status] || null,
			encoded_id: `${(id * 2654435761).toString(36).toUpperCase().slice(0, 6)}-${id.toString(36).toUpperCase()}`,
			fields: customFields,
			followup_ids: EMPTY,
			ticket_form_id: pick(TICKET_FORMS).id,
			brand_id: pick(BRANDS).id,
			allow_channelback: false,
			allow_attachments: true,
			from_messaging_channel: channel === 'chat',
		};
		return t;
	}
}

Object.assign(Store.prototype, accountMethods, eventMethods, peopleMethods);

module.exports = { Store, publicUser, iso, ADMIN, AGENT, FIRST_END_USER_ID, END_USER_COUNT };
