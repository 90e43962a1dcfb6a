'use strict';
/** The Zendesk stand-in's control API (/__control/…), over HTTP so it works in and out of process. */

function standInControl(baseUrl) {
	const call = async (method, urlPath, body) => {
		const res = await fetch(`${baseUrl}/__control${urlPath}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(30_000),
		});
		const text = await res.text();
		if (!res.ok)
			throw new Error(`${method} /__control${urlPath}: ${res.status} ${text.slice(0, 300)}`);
		return text ? JSON.parse(text) : undefined;
	};
	return {
		/** Any control call: method, path under /__control, JSON body. */
		call,
		now: async () => (await call('GET', '/now')).now,
		clock: async () => await call('GET', '/now'),
		createTickets: async (input) => (await call('POST', '/tickets', input)).tickets,
		updateTicket: async (id, input) => (await call('PATCH', `/tickets/${id}`, input)).ticket,
		deleteTicket: async (id, input = {}) => (await call('DELETE', `/tickets/${id}`, input)).ticket,
		addComment: async (id, input = {}) => await call('POST', `/tickets/${id}/comments`, input),
		getTicket: async (id) => await call('GET', `/tickets/${id}`),
		truth: async () => await call('GET', '/truth'),
		requests: async () => {
			const answer = await call('GET', '/requests');
			return Array.isArray(answer) ? answer : answer.requests;
		},
		clearRequests: async () => await call('DELETE', '/requests'),
		faults: async (faults) => await call('POST', '/faults', { faults }),
		clearFaults: async () => await call('DELETE', '/faults'),
		config: async (changes) => await call(changes ? 'POST' : 'GET', '/config', changes),
		issueOAuthTokens: async (input = {}) => await call('POST', '/oauth/issue', input),
		stats: async () => await call('GET', '/stats'),
	};
}

module.exports = { standInControl };
