'use strict';
/**
 * The SLA part of the items story (scripts/example-items.js): the stand-in keeps ticket metric
 * events apart from its store, behind /__control/sla/ (test/zendesk-stand-in/metric-events.js), so
 * they are made over HTTP. An SLA policy gives the customer's ticket a first reply target of 30
 * seconds (short, so the story stays short); the agent answers a minute after, so it is breached.
 */

/** Applies the SLA at `createdSeconds` and fulfils it by the agent's answer at `answeredSeconds`. */
async function slaStory(baseUrl, { ticketId, createdSeconds, answeredSeconds }) {
	const target = { ticketId, metric: 'reply_time', instanceId: 1 };
	await control(baseUrl, 'apply', {
		...target,
		policyTitle: 'Standard SLA',
		targetMinutes: 0.5,
		atSeconds: createdSeconds,
	});
	const { withdrawn } = await control(baseUrl, 'fulfil', { ...target, atSeconds: answeredSeconds });
	// Answered after the target's time: nothing is withdrawn, the breach stands.
	if (withdrawn.length) throw new Error(`the SLA story's breach was withdrawn: ${withdrawn}`);
}

async function control(baseUrl, route, body) {
	const res = await fetch(`${baseUrl}/__control/sla/${route}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	const text = await res.text();
	if (!res.ok) throw new Error(`POST /__control/sla/${route}: ${res.status} ${text.slice(0, 300)}`);
	return JSON.parse(text);
}

module.exports = { slaStory };
