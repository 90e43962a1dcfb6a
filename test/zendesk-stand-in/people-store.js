'use strict';
/**
 * Users and organizations as the incremental user and organization exports see them. Mixed into
 * Store (store.js), so `this` is the store.
 *
 * Each kind keeps versions { ts, id, stale, json, insertedAt, supersededAt } in a SortedLog placed
 * by updated_at (the timestamp other connectors use as the export's cursor), the history of every
 * version (for the truth), the current version per id, and the latest written one (for changes
 * built on a scheduled change, as tickets do). A version dated after now() waits and is applied
 * when the clock reaches it. Applying a version also updates the account maps (store.users,
 * store.organizations) so that sideloads and /users/me see the same record.
 */

const { SortedLog, Pending } = require('./sorted-log.js');
const { DAY, ORGANIZATIONS, GROUPS, iso } = require('./account.js');

const FIRST_NEW_USER_ID = 10001;
const FIRST_NEW_ORGANIZATION_ID = 3101;

function emptyKind(nextId) {
	return { log: new SortedLog(), history: [], current: new Map(), latest: new Map(), nextId };
}

const peopleMethods = {
	/** Back to the seeded account (and the seedUsers / seedOrganizations extras). */
	_resetPeople() {
		if (!this._accountSnapshot) {
			// Taken once, before any change: a reset restores the seeded account exactly.
			this._accountSnapshot = {
				users: [...this.users.values()].map((u) => ({ ...u })),
				organizations: [...this.organizations.values()].map((o) => ({ ...o })),
			};
		}
		this.users = new Map();
		this.usersByEmail = new Map();
		for (const u of this._accountSnapshot.users) this._syncUser({ ...u });
		this._people = {
			users: emptyKind(FIRST_NEW_USER_ID),
			organizations: emptyKind(FIRST_NEW_ORGANIZATION_ID),
			pending: new Pending(),
		};
		const now = this.now();
		for (const u of this._accountSnapshot.users) {
			const json = { ...u };
			delete json.apiToken;
			this._placeVersion('users', json, now);
		}
		for (const o of this._accountSnapshot.organizations) {
			this._placeVersion('organizations', { ...o, deleted_at: null }, now);
		}
		// The ticket sideloads keep serving the seeded organizations exactly as before.
		this.organizations = new Map(this._accountSnapshot.organizations.map((o) => [o.id, { ...o }]));
		this._seedPeople(now);
	},

	/** seedUsers / seedOrganizations: created over the past 30 days, about 30% updated later. */
	_seedPeople(now) {
		// this.rand is the store's seeded generator; tickets no longer use it once reset has run.
		const rand = this.rand;
		const newest = now - Math.max(120, this.config.withheldSeconds + 60);
		const oldest = now - 30 * DAY;
		const spread = (i, n) => {
			const created = oldest + Math.floor(((i + rand()) * (newest - oldest)) / n);
			const r = rand();
			return [created, r < 0.7 ? created : created + Math.floor(r * (newest - created))];
		};
		const users = Math.max(0, Math.floor(this.config.seedUsers || 0));
		for (let i = 0; i < users; i++) {
			const [created, updated] = spread(i, users);
			const id = this._people.users.nextId++;
			const org = i % 4 === 3 ? null : ORGANIZATIONS[i % ORGANIZATIONS.length].id;
			const json = {
				...this._userJson(id, {}, created),
				organization_id: org,
				updated_at: iso(updated),
			};
			this._placeVersion('users', json, now);
		}
		const orgs = Math.max(0, Math.floor(this.config.seedOrganizations || 0));
		for (let i = 0; i < orgs; i++) {
			const [created, updated] = spread(i, orgs);
			const id = this._people.organizations.nextId++;
			const json = { ...this._organizationJson(id, {}, created), updated_at: iso(updated) };
			this._placeVersion('organizations', json, now);
		}
	},

	_applyDuePeople(now) {
		this._people.pending.runDue(now);
	},

	/** Make `json` the current version of its record now: the old one goes stale. */
	_placeVersion(kind, json, insertedAt) {
		const k = this._people[kind];
		const ts = Math.floor(Date.parse(json.updated_at) / 1000);
		const version = { ts, id: json.id, stale: false, json, insertedAt, supersededAt: null };
		const old = k.current.get(json.id);
		if (old) {
			k.log.markStale(old);
			old.supersededAt = insertedAt;
		}
		k.current.set(json.id, version);
		k.log.add(version);
		k.history.push(version);
		if (kind === 'users') this._syncUser(json);
		else this.organizations.set(json.id, json);
	},

	/** Keep the account map (auth, sideloads) in step; an API token stays with its user. */
	_syncUser(json) {
		const old = this.users.get(json.id);
		if (old && old.email.toLowerCase() !== json.email.toLowerCase()) {
			this.usersByEmail.delete(old.email.toLowerCase());
		}
		const user = { ...json, apiToken: json.apiToken || (old && old.apiToken) || null };
		this.users.set(user.id, user);
		this.usersByEmail.set(user.email.toLowerCase(), user);
	},

	/** Apply now, or when the clock reaches `at`. Returns the record as it will be. */
	_writeVersion(kind, json, at) {
		this._people[kind].latest.set(json.id, json);
		// A scheduled change happened at `at`, however late the clock is read after it.
		if (at <= this.now()) this._placeVersion(kind, json, this.now());
		else this._people.pending.add(at, () => this._placeVersion(kind, json, at));
		return json;
	},

	/** What a change at `at` builds on: the latest scheduled version for a future change. */
	_baseOf(kind, id, at) {
		const k = this._people[kind];
		if (at > this.now() && k.latest.has(id)) return k.latest.get(id);
		const v = k.current.get(id);
		return v ? v.json : null;
	},

	_at(atSeconds) {
		this.applyDue();
		return atSeconds == null ? this.now() : Math.floor(Number(atSeconds));
	},

	_userJson(id, fields, at) {
		const template = this._accountSnapshot.users.find((u) => u.role === 'end-user');
		const role = fields.role || 'end-user';
		const json = {
			...template,
			id,
			url: `${this.baseUrl}/api/v2/users/${id}.json`,
			name: `User ${id}`,
			email: `user${id}@example.org`,
			created_at: iso(at),
			updated_at: iso(at),
			organization_id: null,
			role,
			last_login_at: null,
			moderator: role !== 'end-user',
			ticket_restriction: role === 'end-user' ? 'requested' : null,
			restricted_agent: role === 'agent',
			default_group_id: role === 'end-user' ? null : GROUPS[0].id,
			report_csv: role === 'admin',
			tags: [],
			user_fields: {},
			...fields,
		};
		delete json.apiToken;
		return json;
	},

	_organizationJson(id, fields, at) {
		return {
			url: `${this.baseUrl}/api/v2/organizations/${id}.json`,
			id,
			name: `Organization ${id}`,
			shared_tickets: false,
			shared_comments: false,
			external_id: null,
			created_at: iso(at),
			updated_at: iso(at),
			deleted_at: null,
			domain_names: [`org${id}.example.org`],
			details: '',
			notes: '',
			group_id: null,
			tags: [],
			organization_fields: {},
			...fields,
		};
	},

	/** New end-users (or `fields.role`) at atSeconds (default now; later: scheduled). */
	createUsers(input = {}) {
		return this._createPeople('users', (id, fields, at) => this._userJson(id, fields, at), input);
	},

	updateUser(id, input = {}) {
		return this._updatePerson('users', id, input);
	},

	/** Soft delete: the user stays, with active false (our guess at what the export shows). */
	deleteUser(id, { atSeconds } = {}) {
		return this.updateUser(id, { fields: { active: false }, atSeconds });
	},

	getUser(id) {
		return this._currentPerson('users', id);
	},

	createOrganizations(input = {}) {
		const jsonOf = (id, fields, at) => this._organizationJson(id, fields, at);
		return this._createPeople('organizations', jsonOf, input);
	},

	updateOrganization(id, input = {}) {
		return this._updatePerson('organizations', id, input);
	},

	/** The organization stays in the export with deleted_at set (as recorded exports show). */
	deleteOrganization(id, { atSeconds } = {}) {
		const at = this._at(atSeconds);
		return this.updateOrganization(id, { fields: { deleted_at: iso(at) }, atSeconds: at });
	},

	getOrganization(id) {
		return this._currentPerson('organizations', id);
	},

	/** `count` new users or organizations, each from `jsonOf(id, fields, at)`. */
	_createPeople(kind, jsonOf, { count = 1, fields = {}, atSeconds } = {}) {
		const at = this._at(atSeconds);
		const out = [];
		for (let i = 0; i < count; i++) {
			const id = this._people[kind].nextId++;
			out.push(this._writeVersion(kind, jsonOf(id, fields, at), at));
		}
		return out;
	},

	/** A new version of one user or organization: its fields changed, updated_at moved to `at`. */
	_updatePerson(kind, id, { fields = {}, atSeconds } = {}) {
		const at = this._at(atSeconds);
		const base = this._baseOf(kind, Number(id), at);
		if (!base) return null;
		return this._writeVersion(kind, { ...base, ...fields, id: base.id, updated_at: iso(at) }, at);
	},

	_currentPerson(kind, id) {
		this.applyDue();
		const v = this._people[kind].current.get(Number(id));
		return v ? v.json : null;
	},

	peoplePage(kind, query) {
		this.applyDue();
		return this._people[kind].log.timePage(query);
	},

	peoplePageAfter(kind, query) {
		this.applyDue();
		return this._people[kind].log.pageAfter(query);
	},

	peoplePageBefore(kind, query) {
		this.applyDue();
		return this._people[kind].log.pageBefore(query);
	},

	/**
	 * Every version of every user or organization as of now(), ordered by (updated_at, id).
	 * exportableAtSeconds is null for a version replaced before the withheld minute let it out.
	 */
	peopleTruth(kind) {
		this.applyDue();
		const withheld = this.config.withheldSeconds;
		return [...this._people[kind].history]
			.sort((a, b) => a.ts - b.ts || a.id - b.id)
			.map((v) => {
				const from = Math.max(v.ts + withheld, v.insertedAt);
				const ever = v.supersededAt == null || v.supersededAt > from;
				return {
					id: v.id,
					updated_at: v.json.updated_at,
					created_at: v.json.created_at,
					...(kind === 'users' ? { active: v.json.active } : { deleted_at: v.json.deleted_at }),
					exportableAtSeconds: ever ? from : null,
					supersededAtSeconds: v.supersededAt,
				};
			});
	},
};

module.exports = { peopleMethods, FIRST_NEW_USER_ID, FIRST_NEW_ORGANIZATION_ID };
