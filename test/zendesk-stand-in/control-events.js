'use strict';
/**
 * The /__control/ endpoints of ticket comments, users, organizations and the per-kind truth
 * (README.md, "Control endpoints"). control.js hands every request here first.
 */

const { send } = require('./http-util.js');

const TRUTH_KINDS = ['events', 'users', 'organizations'];

/** Handles `route` ("METHOD /path") when it is one of these endpoints; returns false if not. */
function handleEventsControl(app, ctx, route, body) {
	const { store } = app;
	const bad = (message) => send(ctx, 400, { error: message });
	const count = body.count == null ? 1 : Math.floor(Number(body.count));

	const comment = /^POST \/__control\/tickets\/(\d+)\/comments$/.exec(route);
	if (comment) {
		const made = store.addComment(comment[1], body);
		if (made) send(ctx, 200, made);
		else send(ctx, 404, { error: `No ticket ${comment[1]} (or nothing to record)` });
		return true;
	}

	const truth = /^GET \/__control\/truth\/([a-z]+)$/.exec(route);
	if (truth) {
		const kind = truth[1];
		if (!TRUTH_KINDS.includes(kind)) bad(`truth kind must be one of ${TRUTH_KINDS.join(', ')}`);
		else send(ctx, 200, kind === 'events' ? store.eventsTruth() : store.peopleTruth(kind));
		return true;
	}

	const people = {
		users: {
			create: (b) => ({ users: store.createUsers(b) }),
			get: (id) => store.getUser(id),
			update: (id, b) => store.updateUser(id, b),
			remove: (id, b) => store.deleteUser(id, b),
			one: 'user',
		},
		organizations: {
			create: (b) => ({ organizations: store.createOrganizations(b) }),
			get: (id) => store.getOrganization(id),
			update: (id, b) => store.updateOrganization(id, b),
			remove: (id, b) => store.deleteOrganization(id, b),
			one: 'organization',
		},
	};
	const list = /^POST \/__control\/(users|organizations)$/.exec(route);
	if (list) {
		if (!(count >= 0)) bad('count must be a number >= 0');
		else send(ctx, 200, people[list[1]].create({ ...body, count }));
		return true;
	}
	const one = /^(GET|PATCH|DELETE) \/__control\/(users|organizations)\/(\d+)$/.exec(route);
	if (one) {
		const [, method, kind, id] = one;
		const api = people[kind];
		let record;
		if (method === 'GET') record = api.get(id);
		else if (method === 'PATCH') record = api.update(id, body);
		else record = api.remove(id, body);
		if (record) send(ctx, 200, { [api.one]: record });
		else send(ctx, 404, { error: `No ${api.one} ${id}` });
		return true;
	}
	return false;
}

module.exports = { handleEventsControl };
