'use strict';
/**
 * The seeded account (users, organizations, groups, brands, forms, custom fields): its constants and
 * the JSON records built from them. The methods are mixed into Store (store.js), so `this` is the
 * store. The ticket sideloads served from this account are in sideloads.js.
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
