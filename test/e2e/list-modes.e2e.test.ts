/**
 * New Suspended Ticket and Ticket Entered View in a real n8n, one n8n for the whole file, three
 * workflows polling every 15 s (four poll times a minute: see list-modes-support.ts):
 * - New Suspended Ticket, Start From Now: one ticket suspended before publishing is only recorded;
 *   two suspended afterwards come once each; recovering one emits nothing.
 * - Ticket Entered View on a view chosen by ID, with Also Emit Left View, and on the same view
 *   picked from the View list (n8n's resource-locator endpoint, as the editor calls it), without:
 *   a ticket in the view before publishing is only recorded; two tickets added enter once each; one
 *   taken out leaves (an item only with the option) and, put back later, enters again.
 */
import { startStandIn, type StandIn } from '../zendesk-stand-in/server';
import type { Json } from './kinds-support';
import {
	NAMES,
	POLL_EVERY_S,
	SCRIPTED,
	finishedExecutions,
	keysOf,
	listControl,
	listWorkflows,
	savedListState,
	searchViewsInN8n,
	type Name,
	type ViewChoice,
} from './list-modes-support';
import { harness, installedN8n, newInstance, recordTiming, waitFor } from './support';

/** Long enough for n8n to start and publish before the first of the four poll times. */
const FIRST_TICK_AHEAD_S = 50;
/** A phase waits at most this long: three poll intervals and the executions' saving. */
const PHASE_TIMEOUT_MS = (3 * POLL_EVERY_S + 15) * 1000;

let n8n: harness.N8nInstance;
let standIn: StandIn;
let control: harness.StandInControl;
let lists: ReturnType<typeof listControl>;
let workflows: Record<Name, harness.WorkflowDoc>;
const executions = {} as Record<Name, harness.Execution[]>;
let picked: { status: number; results: ViewChoice[]; text: string };
const ids = { view: 0, otherView: 0, inViewBefore: 0, added: [0, 0], suspendedBefore: 0 };
const suspendedIds: number[] = [];
/** The keys each workflow had emitted just before the suspended ticket was recovered. */
const beforeRecovery = { keys: [] as string[], requestsAfter: 0 };

async function readExecutions(): Promise<void> {
	for (const name of NAMES) executions[name] = await finishedExecutions(n8n, workflows[name].id);
}

/** Until every workflow emitted every key wanted (at least once), read into `executions`. */
async function waitForKeys(what: string, wanted: Record<Name, string[]>): Promise<void> {
	const started = Date.now();
	await waitFor(
		what,
		async () => {
			await readExecutions();
			return NAMES.every((name) => {
				const keys = keysOf(name, executions[name]);
				return wanted[name].every((key) => keys.includes(key));
			});
		},
		{ timeoutMs: PHASE_TIMEOUT_MS, intervalMs: 1_000 },
	);
	recordTiming(`list modes: ${what}`, Date.now() - started);
}

/**
 * Until Ticket Entered View by ID emitted `left <ticketId>`, then until both view workflows read
 * the view once more. n8n saves static data only with an execution, so the saved state cannot
 * tell when the one without Also Emit Left View confirmed the exit; both poll at the same seconds,
 * and the read after the one that confirmed it in the other surely did (even had the two reads of
 * one tick fallen either side of the removal).
 */
async function waitForLeft(ticketId: number): Promise<void> {
	await waitForKeys('a ticket taken out until it left', {
		suspended: [],
		viewById: [`left ${ticketId}`],
		viewFromList: [],
	});
	const seenAt = Date.now();
	await waitFor(
		'both view workflows to read the view once more',
		async () =>
			(await control.requests()).filter(
				(q) => q.endpoint === 'view_tickets' && Date.parse(q.at) > seenAt,
			).length >= 2,
		{ timeoutMs: PHASE_TIMEOUT_MS },
	);
	// The answers are in; give the polls a moment to finish comparing.
	await harness.sleep(2_000);
}

describe(`New Suspended Ticket and Ticket Entered View (n8n ${installedN8n().version})`, () => {
	const started = Date.now();

	beforeAll(async () => {
		standIn = await startStandIn({ seedTickets: 0 });
		control = harness.standInControl(standIn.url);
		lists = listControl(standIn.url);
		const [before, a, b] = (await control.createTickets({ count: 3 })) as Json[];
		Object.assign(ids, { inViewBefore: before.id, added: [a.id, b.id] });
		ids.view = (await lists.createView({ title: 'Urgent tickets', ticketIds: [before.id] })).id;
		ids.otherView = (await lists.createView({ title: 'Billing questions' })).id;
		ids.suspendedBefore = (await lists.suspend({ subject: 'Before publishing' })).id;
		const credential = harness.apiTokenCredential({ name: 'Zendesk', baseUrl: standIn.url });
		const firstSecond = (await control.now()) + FIRST_TICK_AHEAD_S;

		n8n = await newInstance('list-modes');
		let t = Date.now();
		await n8n.importCredentials([credential]);
		await n8n.start();
		await n8n.ensureOwner();
		await n8n.ensureApiKey();
		recordTiming('list modes: import, n8n start until ready, owner, API key', Date.now() - t);

		// The View picker's list, as the editor asks for it while the user types "urgent".
		picked = await searchViewsInN8n(n8n, credential, 'urgent');
		const fromList = picked.results[0] ?? { name: '', value: String(ids.view) };
		workflows = listWorkflows(credential, firstSecond, { byId: ids.view, fromList });
		for (const name of NAMES) await n8n.createWorkflow(workflows[name]);

		// Publish; each activation poll reads its list once and saves what it holds.
		t = Date.now();
		for (const name of NAMES) {
			const answer = await n8n.activate(workflows[name].id);
			if (answer.status !== 200)
				throw new Error(`publish ${name}: ${answer.status} ${answer.text}`);
		}
		for (const name of NAMES)
			await waitFor(`${name}: list saved at activation`, async () =>
				savedListState(n8n, workflows[name].id),
			);
		recordTiming('list modes: publish three workflows until each list is saved', Date.now() - t);

		// 1. Two tickets suspended, two tickets added to the view.
		suspendedIds.push((await lists.suspend({ subject: 'Refund?' })).id);
		suspendedIds.push((await lists.suspend({ subject: 'Win a prize' })).id);
		for (const id of ids.added) await lists.addToView(ids.view, id);
		const entered = ids.added.map((id) => `entered ${id}`);
		await waitForKeys('suspensions and entries until emitted', {
			suspended: suspendedIds.map(String),
			viewById: entered,
			viewFromList: entered,
		});

		// 2. One suspended ticket recovered, one ticket taken out of the view: two reads confirm it.
		beforeRecovery.keys = keysOf('suspended', executions.suspended);
		const recoveredAt = Date.now();
		await lists.recover(suspendedIds[0]);
		const [leaving] = ids.added;
		await lists.removeFromView(ids.view, leaving);
		await waitForLeft(leaving);
		beforeRecovery.requestsAfter = (await control.requests()).filter(
			(q) => q.endpoint === 'suspended_tickets' && Date.parse(q.at) > recoveredAt,
		).length;

		// 3. The ticket put back: it enters again.
		await lists.addToView(ids.view, leaving);
		const again = (keys: string[]) => keys.filter((k) => k === `entered ${leaving}`).length >= 2;
		t = Date.now();
		await waitFor(
			'the ticket put back to enter again in both view workflows',
			async () => {
				await readExecutions();
				return (['viewById', 'viewFromList'] as const).every((name) =>
					again(keysOf(name, executions[name])),
				);
			},
			{ timeoutMs: PHASE_TIMEOUT_MS },
		);
		recordTiming('list modes: re-entry until emitted', Date.now() - t);
		// One more poll of each: it must emit nothing.
		await harness.sleep((POLL_EVERY_S + 3) * 1000);
		await readExecutions();
	}, 6 * 60_000);

	afterAll(async () => {
		await n8n?.stop();
		await standIn?.close();
		harness.log(`n8n log: ${n8n?.logFile}`);
		recordTiming('list modes: whole file', Date.now() - started);
	});

	const failed = (name: Name) => executions[name].filter((e) => e.status !== 'success');

	it('should emit each ticket suspended after publishing once, and nothing when one is recovered', () => {
		const keys = keysOf('suspended', executions.suspended);
		expect(keys.sort()).toEqual(suspendedIds.map(String).sort());
		expect(keys).not.toContain(String(ids.suspendedBefore));
		// The recovery was read (at least one poll after it) and added nothing.
		expect(beforeRecovery.requestsAfter).toBeGreaterThanOrEqual(1);
		expect(keys.length).toBe(beforeRecovery.keys.length);
		expect(failed('suspended')).toEqual([]);
	});

	it('should emit each ticket entering the view by ID once, its leaving, and its entering again', () => {
		const [leaving, staying] = ids.added;
		const keys = keysOf('viewById', executions.viewById);
		const firstEntries = keys.slice(0, 2).sort();
		expect(firstEntries).toEqual([`entered ${leaving}`, `entered ${staying}`].sort());
		expect(keys.slice(2)).toEqual([`left ${leaving}`, `entered ${leaving}`]);
		expect(keys).not.toContain(`entered ${ids.inViewBefore}`);
		const items = executions.viewById.flatMap((e) =>
			harness.triggerItems(e, 'Zendesk Export Trigger'),
		);
		expect(items.every((i) => (i as Json).view_id === ids.view)).toBe(true);
		expect(failed('viewById')).toEqual([]);
	});

	it('should offer the view in the View list and, picked there, emit entries only', () => {
		expect([picked.status, picked.results]).toEqual([
			200,
			[
				{
					name: 'Urgent tickets',
					value: String(ids.view),
					url: `${standIn.url}/agent/filters/${ids.view}`,
				},
			],
		]);
		const [leaving, staying] = ids.added;
		const keys = keysOf('viewFromList', executions.viewFromList);
		expect(keys.slice(0, 2).sort()).toEqual([`entered ${leaving}`, `entered ${staying}`].sort());
		expect(keys.slice(2)).toEqual([`entered ${leaving}`]);
		expect(failed('viewFromList')).toEqual([]);
	});

	it('should ask the stand-in only for the lists, all answered 200 for the admin', async () => {
		const requests = await control.requests();
		expect(requests.filter((q) => !SCRIPTED.includes(q.endpoint) || q.status !== 200)).toEqual([]);
		expect(new Set(requests.map((q) => q.user))).toEqual(new Set(['admin@example.com']));
		const viewTickets = requests.filter((q) => q.endpoint === 'view_tickets');
		expect(viewTickets.every((q) => q.path.includes(`/views/${ids.view}/tickets`))).toBe(true);
	});
});
