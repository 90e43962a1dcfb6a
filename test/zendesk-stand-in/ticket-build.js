'use strict';
/**
 * How the stand-in writes a seeded ticket's JSON: the pools its fields are picked from and a PRNG
 * seeded with (randomSeed, ticket id), so a seeded ticket is the same on every call and need not be
 * kept in memory (store.js builds it when served). The methods are mixed into Store, so `this` is
 * the store.
 */

const {
	ADMIN,
	AGENT,
	END_USER_COUNT,
	FIRST_END_USER_ID,
	GROUPS,
	BRANDS,
	TICKET_FORMS,
	CUSTOM_FIELD_PLAN,
	CUSTOM_FIELD_SEATS,
	CUSTOM_FIELD_VIP,
	EMPTY,
	iso,
} = require('./account.js');

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

function freezeAll(arrays) {
	return arrays.map((a) => Object.freeze(a));
}

/** The frozen tag sets and custom field sets a seeded ticket picks from (shared, never copied). */
function ticketPools() {
	const tagSets = freezeAll([
		[],
		['billing'],
		['login', 'vip'],
		['bug', 'api'],
		['feature_request'],
		['mobile', 'bug'],
		['refund', 'billing', 'vip'],
		TAG_POOL.slice(0, 2),
	]);
	const customFieldSets = [];
	for (const plan of PLANS) {
		for (const seats of [null, '5', '50']) {
			for (const vip of [false, true]) {
				const cf = [
					{ id: CUSTOM_FIELD_PLAN, value: plan },
					{ id: CUSTOM_FIELD_SEATS, value: seats },
					{ id: CUSTOM_FIELD_VIP, value: vip },
				];
				cf.forEach((f) => Object.freeze(f));
				customFieldSets.push(Object.freeze(cf));
			}
		}
	}
	return { tagSets, customFieldSets };
}

const ticketBuildMethods = {
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
	},

	_description(id) {
		const bytes = this.config.descriptionBytes;
		const head = `Ticket ${id}: `;
		if (bytes <= head.length) return head.slice(0, Math.max(0, bytes));
		const pool = this._descriptionPool();
		const n = bytes - head.length;
		// Start on a word: the pool has slack past `size`, so the slice always fits.
		const offset = pool.indexOf(' ', (id * 7919) % (pool.length - n - 64)) + 1;
		return head + pool.slice(offset, offset + n);
	},

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
	},
};

module.exports = { STATUSES, prng, ticketPools, ticketBuildMethods };
