/**
 * The scenarios of examples.e2e.test.ts, one per example workflow, each on its own stand-in in the
 * file's one n8n: activate, change what the example reacts to, wait for the execution holding it.
 * Each returns the Outcome its `it` checks.
 */
import type { StandIn } from '../zendesk-stand-in/server';
import { TRIGGER, emittedItems, harness, versionKey, waitFor } from './support';

export type Outcome = { expected: string[]; executions: harness.Execution[] };

export const ended = (e: harness.Execution) => Boolean(e.stoppedAt) && e.status !== 'running';

/** Example with Start From = Now: change tickets after activation, wait for the execution with them. */
export async function nowScenario(n8n: harness.N8nInstance, standIn: StandIn, id: string) {
	const control = harness.standInControl(standIn.url);
	expect((await n8n.activate(id)).status).toBe(200);
	const cursor = await waitFor('the activation poll to place the cursor', async () => {
		const data = await n8n.nodeStaticData(id, TRIGGER);
		return typeof data?.cursorSeconds === 'number' ? data.cursorSeconds : null;
	});
	// The export withholds the last minute: tickets dated after the cursor and 61 s back.
	await waitFor('the withheld minute after activation to pass', async () => {
		return (await control.now()) >= cursor + 62;
	});
	const at = (await control.now()) - 61;
	const created = await control.createTickets({ count: 2, atSeconds: at });
	await control.updateTicket(3, { fields: { status: 'pending' }, atSeconds: at });
	const ids = [...created.map((t: { id: number }) => t.id), 3];
	const expected = (await control.truth()).filter((t) => ids.includes(t.id)).map(versionKey);
	const executions = await waitFor(
		'an execution holding the changed tickets',
		async () => {
			const all = (await n8n.executions(id)).filter(ended);
			const got = emittedItems(all).map((i) => versionKey(i.ticket));
			return expected.every((k) => got.includes(k)) ? all : null;
		},
		{ timeoutMs: 240_000, intervalMs: 2_000 },
	);
	return { expected, executions };
}

/**
 * The New Comment example (Start From = Now, public replies by end users, ticket and author added):
 * after activation, comments by the requester, by another end user, by an agent and an admin, public
 * and internal, and a new ticket (its description is its first comment); then wait for an
 * execution with every public end-user comment. The stand-in's truth and its users say which
 * comments those are.
 */
export async function commentsScenario(n8n: harness.N8nInstance, standIn: StandIn, id: string) {
	const control = harness.standInControl(standIn.url);
	expect((await n8n.activate(id)).status).toBe(200);
	const cursor = await waitFor('the activation poll to place the cursor', async () => {
		const data = await n8n.nodeStaticData(id, TRIGGER);
		return typeof data?.cursorSeconds === 'number' ? data.cursorSeconds : null;
	});
	await waitFor('the withheld minute after activation to pass', async () => {
		return (await control.now()) >= cursor + 62;
	});
	const at = (await control.now()) - 61;
	const { store } = standIn;
	store.addComment(3, { atSeconds: at, author: 'requester', body: 'Still broken, see attached.' });
	store.addComment(3, { atSeconds: at, author: 'agent', body: 'Looking into it.' });
	store.addComment(3, { atSeconds: at, author: 'requester', public: false, body: 'internal (1)' });
	store.addComment(4, { atSeconds: at, author: 'end-user', body: 'Same problem here.' });
	store.addComment(4, { atSeconds: at, author: 'admin', public: false, body: 'internal (2)' });
	store.addComment(5, { atSeconds: at, author: 'admin', body: 'Fixed in the next release.' });
	const [opened] = store.createTickets({
		atSeconds: at,
		fields: { subject: 'A new ticket from a customer', requester_id: 2010, submitter_id: 2010 },
	});
	// Customer Replied: public comments by end users on existing tickets; the comment a ticket is
	// opened with is not a reply.
	const expected = store
		.eventsTruth()
		.comments.filter(
			(c) =>
				c.timestamp >= cursor &&
				c.public &&
				c.ticket_id !== opened.id &&
				store.getUser(c.author_id)?.role === 'end-user',
		)
		.map((c) => c.id);
	const executions = await waitFor(
		'an execution holding the public end-user comments',
		async () => {
			const all = (await n8n.executions(id)).filter(ended);
			const got = all.flatMap((e) => harness.triggerItems(e, TRIGGER).map((c) => c.id));
			return expected.every((k) => got.includes(k)) ? all : null;
		},
		{ timeoutMs: 240_000, intervalMs: 2_000 },
	);
	return { expected: expected.map(String), executions };
}

/** The backfill example: a Start Date 40 days back, every seeded ticket over two ticks. */
export async function backfillScenario(n8n: harness.N8nInstance, standIn: StandIn, id: string) {
	const control = harness.standInControl(standIn.url);
	expect((await n8n.activate(id)).status).toBe(200);
	const expected = (await control.truth()).map(versionKey);
	const executions = await waitFor(
		'every seeded ticket to be emitted',
		async () => {
			const all = (await n8n.executions(id)).filter(ended);
			const got = new Set(emittedItems(all).map((i) => versionKey(i.ticket)));
			return expected.every((k) => got.has(k)) ? all : null;
		},
		{ timeoutMs: 300_000, intervalMs: 3_000 },
	);
	return { expected, executions };
}
