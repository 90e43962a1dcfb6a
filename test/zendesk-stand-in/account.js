'use strict';
/**
 * The seeded account (users, organizations, groups, brands, forms, custom fields) and the
 * sideloads built from it. The methods are mixed into Store (store.js), so `this` is the store.
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

const EMPTY = Object.freeze([]);

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

const accountMethods = {
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
	},

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
	},

	_referenced(tickets, key, map) {
		const ids = new Set();
		for (const t of tickets) if (t[key] != null) ids.add(t[key]);
		return [...ids].map((id) => map.get(id)).filter(Boolean);
	},

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
	},

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
	},

	// ---- the seeded account ----------------------------------------------------------------

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
	},

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
	},

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
	},

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
	},
};

/** A user as the API shows it (without the stand-in's secret fields). */
function publicUser(user) {
	const rest = { ...user };
	delete rest.apiToken;
	return rest;
}

module.exports = {
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
};
