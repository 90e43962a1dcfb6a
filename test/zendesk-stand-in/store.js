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
 *
 * This file holds the store's state and the ticket changes; the rest is mixed into Store: the
 * account (account.js), sideloads (sideloads.js), seeded ticket JSON (ticket-build.js), the index
 * and its pages (ticket-index.js), scheduling (ticket-schedule.js), events and people.
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
	iso,
	publicUser,
	accountMethods,
} = require('./account.js');
const { sideloadMethods } = require('./sideloads.js');
const { STATUSES, prng, ticketPools, ticketBuildMethods } = require('./ticket-build.js');
const { record, indexMethods } = require('./ticket-index.js');
const { scheduleMethods } = require('./ticket-schedule.js');
const { eventMethods } = require('./events-store.js');
const { peopleMethods } = require('./people-store.js');

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
		const { tagSets, customFieldSets } = ticketPools();
		this.tagSets = tagSets;
		this.customFieldSets = customFieldSets;
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
}

Object.assign(
	Store.prototype,
	accountMethods,
	sideloadMethods,
	ticketBuildMethods,
	indexMethods,
	scheduleMethods,
	eventMethods,
	peopleMethods,
);

module.exports = { Store, publicUser, iso, ADMIN, AGENT, FIRST_END_USER_ID, END_USER_COUNT };
