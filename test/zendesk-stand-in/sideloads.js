'use strict';
/**
 * The ticket exports' sideloads (users, groups, organizations, forms, metric sets beside the tickets;
 * dates and counts written into each ticket), built from the seeded account (account.js). The
 * methods are mixed into Store (store.js), so `this` is the store.
 */

const { EMPTY, publicUser } = require('./account.js');

const sideloadMethods = {
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
};

module.exports = { sideloadMethods };
