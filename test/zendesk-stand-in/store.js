'use strict';
/**
 * The stand-in's data: users, organizations, groups, brands, forms and tickets, and the
 * (generated_timestamp, id) index both exports page through.
 *
 * Each ticket version is a record { id, gts, ai, deleted, stale, status, createdAt, updatedAt, t }.
 * Seeded tickets are lazy (t = null): their JSON is built when served, from a PRNG seeded with the
 * ticket id, so 100,000 of them cost a few MB and seed in a fraction of a second. A ticket created or
 * changed through the control API holds its JSON in `t` (never mutated: an update makes a new record
 * and marks the old one stale). `order` holds records sorted by (gts, id); updates normally move a
 * ticket to "now", so they append in order and the index only sorts when a test backdates a change.
 */

const DAY = 86400;

const ADMIN = {
	id: 1001,
	name: 'Ada Admin',
	email: 'admin@example.com',
	role: 'admin',
	apiToken: 'admin-api-token',
};
const AGENT = {
	id: 1002,
	name: 'Alex Agent',
	email: 'agent@example.com',
	role: 'agent',
	apiToken: 'agent-api-token',
};
const END_USER_COUNT = 40;
const FIRST_END_USER_ID = 2001;
const ORGANIZATIONS = [
	{ id: 3001, name: 'Acme Corp' },
	{ id: 3002, name: 'Globex' },
	{ id: 3003, name: 'Initech' },
	{ id: 3004, name: 'Umbrella' },
	{ id: 3005, name: 'Stark Industries' },
];
const GROUPS = [
	{ id: 4001, name: 'Support' },
	{ id: 4002, name: 'Billing' },
	{ id: 4003, name: 'Escalations' },
];
const BRANDS = [
	{ id: 5001, name: 'Example', subdomain: 'example' },
	{ id: 5002, name: 'Example Labs', subdomain: 'example-labs' },
];
const TICKET_FORMS = [
	{ id: 6001, name: 'Default Ticket Form', default: true },
	{ id: 6002, name: 'Bug report', default: false },
];
const CUSTOM_FIELD_PLAN = 7001;
const CUSTOM_FIELD_SEATS = 7002;
const CUSTOM_FIELD_VIP = 7003;

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

const EMPTY = Object.freeze([]);
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

const dayPrefixes = new Map();
const pad2 = (n) => (n < 10 ? `0${n}` : `${n}`);

/** Zendesk writes times as ISO 8601 without milliseconds. (Date#toISOString is slow for 100k.) */
function iso(seconds) {
	const sec = Math.floor(seconds);
	const day = Math.floor(sec / DAY);
	let prefix = dayPrefixes.get(day);
	if (prefix === undefined) {
		prefix = new Date(day * DAY * 1000).toISOString().slice(0, 11);
		dayPrefixes.set(day, prefix);
	}
	const s = sec - day * DAY;
	return `${prefix}${pad2(Math.floor(s / 3600))}:${pad2(Math.floor((s % 3600) / 60))}:${pad2(s % 60)}Z`;
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
	};
}

function freezeAll(arrays) {
	return arrays.map((a) => Object.freeze(a));
}

class Store {
	/**
	 * @param {object} config the live options object (read on every call: /__control/config edits it)
	 * @param {string} baseUrl e.g. http://127.0.0.1:1234, used for the `url` fields
	 */
	constructor(config, baseUrl) {
		this.config = config;
		this.baseUrl = baseUrl;
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
		return Math.floor(Date.now() / 1000) + (this.config.clockOffsetSeconds || 0);
	}

	cutoff() {
		return this.now() - this.config.withheldSeconds;
	}

	/** Drop every ticket and generate `seedTickets` new ones, all older than the withheld minute. */
	reset(seedTickets) {
		this.rand = prng(this.config.randomSeed);
		this.byId = new Map();
		this.order = [];
		this.dirty = false;
		this.staleCount = 0;
		this.nextId = 1;
		this._pool = null;
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

	createTickets({ count = 1, fields, atSeconds, supportType } = {}) {
		const at = atSeconds == null ? this.now() : Math.floor(Number(atSeconds));
		const out = [];
		for (let i = 0; i < count; i++) {
			const id = this.nextId++;
			const draft = record(id, at, supportType === 'ai_agent', null);
			draft.createdAt = at;
			draft.updatedAt = at;
			draft.status = 'new';
			const t = { ...this._buildTicket(draft), ...(fields || {}), id };
			const rec = record(id, t.generated_timestamp, draft.ai, t);
			this.byId.set(id, rec);
			this._insert(rec);
			out.push(t);
		}
		return out;
	}

	/** An update moves generated_timestamp; updated_at too unless it is a system-only update. */
	updateTicket(id, { fields, system = false, atSeconds, supportType } = {}) {
		const old = this.byId.get(Number(id));
		if (!old) return null;
		const at = atSeconds == null ? this.now() : Math.floor(Number(atSeconds));
		const t = { ...this.ticketOf(old), ...(fields || {}), id: old.id, generated_timestamp: at };
		if (!system) t.updated_at = iso(at);
		const ai = supportType == null ? old.ai : supportType === 'ai_agent';
		return this._replace(old, t, ai).t;
	}

	/** Soft delete: the ticket stays in the export with status "deleted". */
	deleteTicket(id, { atSeconds } = {}) {
		const old = this.byId.get(Number(id));
		if (!old) return null;
		const at = atSeconds == null ? this.now() : Math.floor(Number(atSeconds));
		const t = { ...this.ticketOf(old), status: 'deleted', updated_at: iso(at) };
		t.generated_timestamp = at;
		return this._replace(old, t, old.ai).t;
	}

	/** Many tickets changed in the same second: new ones (mode "create") or the lowest ids ("update"). */
	burst({ count, atSeconds, mode = 'create', supportType } = {}) {
		const at = atSeconds == null ? this.now() : Math.floor(Number(atSeconds));
		if (mode === 'update') {
			const ids = [...this.byId.keys()].sort((a, b) => a - b).slice(0, count);
			for (const id of ids) this.updateTicket(id, { atSeconds: at });
			return { ids, atSeconds: at };
		}
		const tickets = this.createTickets({ count, atSeconds: at, supportType });
		return { ids: tickets.map((t) => t.id), atSeconds: at };
	}

	truth() {
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

	// ---- queries -------------------------------------------------------------------------------

	/**
	 * Time-based page from startTime (inclusive). With `grow`, a full page keeps going while the next
	 * tickets share the last ticket's second (Zendesk's documented behaviour); without it the page is
	 * cut at exactly perPage (the "stuck" behaviour clients have seen).
	 */
	timePage({ startTime, perPage, cutoff, grow, match }) {
		this._ensureSorted();
		return this._scan(this._lowerBound(startTime, -Infinity), perPage, cutoff, grow, match);
	}

	/** Cursor page: records strictly after the position (gts, id). */
	pageAfter({ gts, id, perPage, cutoff, match }) {
		this._ensureSorted();
		return this._scan(this._upperBound(gts, id), perPage, cutoff, false, match);
	}

	/** Cursor page going backwards: the perPage records strictly before (gts, id), in order. */
	pageBefore({ gts, id, perPage, cutoff, match }) {
		this._ensureSorted();
		const o = this.order;
		const records = [];
		for (let i = this._lowerBound(gts, id) - 1; i >= 0 && records.length < perPage; i--) {
			const r = o[i];
			if (!r.stale && r.gts <= cutoff && match(r)) records.push(r);
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
			if (r.gts > cutoff) break;
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

	// ---- sideloads -----------------------------------------------------------------------------

	/** Top-level sideload arrays for the tickets of one page. `includes` is a Set of names. */
	sideloads(tickets, includes) {
		const out = {};
		if (includes.has('users')) {
			const ids = new Set();
			for (const t of tickets) {
				for (const id of [t.requester_id, t.submitter_id, t.assignee_id])
					if (id != null) ids.add(id);
				for (const id of t.collaborator_ids || EMPTY) ids.add(id);
				for (const id of t.follower_ids || EMPTY) ids.add(id);
			}
			out.users = [...ids]
				.map((id) => this.users.get(id))
				.filter(Boolean)
				.map(publicUser);
		}
		if (includes.has('groups')) out.groups = this._referenced(tickets, 'group_id', this.groups);
		if (includes.has('organizations')) {
			out.organizations = this._referenced(tickets, 'organization_id', this.organizations);
		}
		if (includes.has('ticket_forms')) {
			out.ticket_forms = this._referenced(tickets, 'ticket_form_id', this.ticketForms);
		}
		if (includes.has('metric_sets')) out.metric_sets = tickets.map((t) => this._metricSet(t));
		if (includes.has('sharing_agreements')) out.sharing_agreements = [];
		return out;
	}

	/** Sideloads that Zendesk writes into each ticket rather than beside the tickets. */
	decorate(tickets, includes) {
		const dates = includes.has('dates');
		const comments = includes.has('comment_count');
		const incidents = includes.has('incident_counts');
		if (!dates && !comments && !incidents) return tickets;
		return tickets.map((t) => {
			const copy = { ...t };
			if (dates) copy.dates = this._dates(t);
			if (comments) copy.comment_count = 1 + (t.id % 7);
			if (incidents) copy.incident_count = t.type === 'problem' ? t.id % 3 : 0;
			return copy;
		});
	}

	_referenced(tickets, key, map) {
		const ids = new Set();
		for (const t of tickets) if (t[key] != null) ids.add(t[key]);
		return [...ids].map((id) => map.get(id)).filter(Boolean);
	}

	_dates(t) {
		return {
			assignee_updated_at: t.assignee_id ? t.updated_at : null,
			requester_updated_at: t.updated_at,
			status_updated_at: t.updated_at,
			initially_assigned_at: t.assignee_id ? t.created_at : null,
			assigned_at: t.assignee_id ? t.created_at : null,
			solved_at: t.status === 'solved' || t.status === 'closed' ? t.updated_at : null,
			latest_comment_added_at: t.updated_at,
		};
	}

	_metricSet(t) {
		const solved = t.status === 'solved' || t.status === 'closed';
		const minutes = (k) => ({ calendar: (t.id * k) % 2880, business: (t.id * k) % 960 });
		return {
			url: `${this.baseUrl}/api/v2/ticket_metrics/${500000 + t.id}.json`,
			id: 500000 + t.id,
			ticket_id: t.id,
			created_at: t.created_at,
			updated_at: t.updated_at,
			group_stations: 1 + (t.id % 3),
			assignee_stations: t.assignee_id ? 1 + (t.id % 2) : 0,
			reopens: t.id % 4 === 0 ? 1 : 0,
			replies: t.id % 6,
			assignee_updated_at: t.assignee_id ? t.updated_at : null,
			requester_updated_at: t.updated_at,
			status_updated_at: t.updated_at,
			initially_assigned_at: t.assignee_id ? t.created_at : null,
			assigned_at: t.assignee_id ? t.created_at : null,
			solved_at: solved ? t.updated_at : null,
			latest_comment_added_at: t.updated_at,
			reply_time_in_minutes: minutes(7),
			first_resolution_time_in_minutes: solved ? minutes(13) : { calendar: null, business: null },
			full_resolution_time_in_minutes: solved ? minutes(17) : { calendar: null, business: null },
			agent_wait_time_in_minutes: minutes(3),
			requester_wait_time_in_minutes: minutes(5),
			on_hold_time_in_minutes: minutes(2),
		};
	}

	// ---- internals -----------------------------------------------------------------------------

	_insert(rec) {
		const o = this.order;
		if (!this.dirty && o.length && compareRecords(rec, o[o.length - 1]) < 0) this.dirty = true;
		o.push(rec);
	}

	_replace(old, t, ai) {
		old.stale = true;
		this.staleCount++;
		const rec = record(old.id, t.generated_timestamp, ai, t);
		this.byId.set(rec.id, rec);
		this._insert(rec);
		return rec;
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

	_seedUsers() {
		const at = iso(this.now() - 400 * DAY);
		const add = (u) => {
			const user = {
				id: u.id,
				url: `${this.baseUrl}/api/v2/users/${u.id}.json`,
				name: u.name,
				email: u.email,
				created_at: at,
				updated_at: at,
				time_zone: 'Europe/Berlin',
				iana_time_zone: 'Europe/Berlin',
				phone: null,
				shared_phone_number: null,
				photo: null,
				locale_id: 1,
				locale: 'en-US',
				organization_id: u.organization_id || null,
				role: u.role,
				verified: true,
				external_id: null,
				tags: [],
				alias: null,
				active: true,
				shared: false,
				shared_agent: false,
				last_login_at: u.role === 'end-user' ? null : at,
				two_factor_auth_enabled: false,
				signature: null,
				details: null,
				notes: null,
				role_type: null,
				custom_role_id: null,
				moderator: u.role !== 'end-user',
				ticket_restriction: u.role === 'end-user' ? 'requested' : null,
				only_private_comments: false,
				restricted_agent: u.role === 'agent',
				suspended: false,
				default_group_id: u.role === 'end-user' ? null : GROUPS[0].id,
				report_csv: u.role === 'admin',
				user_fields: {},
				// Not part of the JSON (see publicUser): the legacy API token.
				apiToken: u.apiToken || null,
			};
			this.users.set(user.id, user);
			this.usersByEmail.set(user.email.toLowerCase(), user);
		};
		add(ADMIN);
		add(AGENT);
		for (let i = 0; i < END_USER_COUNT; i++) {
			add({
				id: FIRST_END_USER_ID + i,
				name: `Customer ${i + 1}`,
				email: `customer${i + 1}@example.org`,
				role: 'end-user',
				organization_id: i % 4 === 3 ? null : ORGANIZATIONS[i % ORGANIZATIONS.length].id,
			});
		}
	}

	_organization(o) {
		const at = iso(this.now() - 500 * DAY);
		return {
			url: `${this.baseUrl}/api/v2/organizations/${o.id}.json`,
			id: o.id,
			name: o.name,
			shared_tickets: false,
			shared_comments: false,
			external_id: null,
			created_at: at,
			updated_at: at,
			domain_names: [`${o.name.toLowerCase().replace(/[^a-z]/g, '')}.example.org`],
			details: '',
			notes: '',
			group_id: null,
			tags: [],
			organization_fields: {},
		};
	}

	_group(g) {
		const at = iso(this.now() - 500 * DAY);
		return {
			url: `${this.baseUrl}/api/v2/groups/${g.id}.json`,
			id: g.id,
			is_public: true,
			name: g.name,
			description: '',
			default: g.id === GROUPS[0].id,
			deleted: false,
			created_at: at,
			updated_at: at,
		};
	}

	_ticketForm(f) {
		const at = iso(this.now() - 500 * DAY);
		return {
			url: `${this.baseUrl}/api/v2/ticket_forms/${f.id}.json`,
			id: f.id,
			name: f.name,
			raw_name: f.name,
			display_name: f.name,
			raw_display_name: f.name,
			end_user_visible: true,
			position: f.id - 6000,
			ticket_field_ids: [CUSTOM_FIELD_PLAN, CUSTOM_FIELD_SEATS, CUSTOM_FIELD_VIP],
			active: true,
			default: f.default,
			in_all_brands: true,
			restricted_brand_ids: [],
			created_at: at,
			updated_at: at,
		};
	}
}

/** A user as the API shows it (without the stand-in's secret fields). */
function publicUser(user) {
	const rest = { ...user };
	delete rest.apiToken;
	return rest;
}

module.exports = { Store, publicUser, iso, ADMIN, AGENT, FIRST_END_USER_ID, END_USER_COUNT };
