/**
 * What Simplify gives for the records that have versions (tickets, users, organizations), through
 * the poll loop on scripted pages: flat items with names from the page's own sideloads, custom
 * fields by title, and the keys that make an item unique (id and the version's time), so dedupe
 * and a user's own matching keep working. Comments and field changes: simplify-events.test.ts.
 */
import {
	organizationsKind,
	ticketsKind,
	usersKind,
	type ExportRecord,
} from '../../nodes/ZendeskExportTrigger/engine';
import { watchPolls } from '../helpers/engine-harness';
import { ScriptedSource, timePage } from '../helpers/scripted-source';
import { ALEX, at, itemsOf, RITA, SHAPE, SITE, TICKET_FIELDS } from '../helpers/simplify-fixtures';
import { createTicket, isoAt } from '../helpers/tickets';

watchPolls();

const simplifiedTickets = () =>
	ticketsKind({ event: 'createdOrUpdated', statuses: [], ignoreSystemUpdates: false }, SHAPE);

describe('Simplify: tickets', () => {
	it('should keep id and generated_timestamp and name the people, group and organization from the sideloads', async () => {
		const ticket = createTicket({ at, requester_id: 501, assignee_id: 601 });
		const sideloads = {
			users: [RITA, ALEX],
			groups: [{ id: 801, name: 'Tier 1' }],
			organizations: [{ id: 701, name: 'Acme Corp' }],
		};
		const source = new ScriptedSource()
			.onTime(timePage([ticket], at, true, { sideloads }))
			.onDefinitions('ticketFields', TICKET_FIELDS);
		const [item] = await itemsOf(simplifiedTickets(), source);
		expect(item).toMatchObject({
			id: ticket.id,
			generated_timestamp: at,
			requester_name: 'Rita Requester',
			requester_email: 'rita@example.com',
			assignee_name: 'Alex Agent',
			assignee_email: 'alex@example.com',
			group_name: 'Tier 1',
			organization_name: 'Acme Corp',
			requester_id: 501,
			agent_url: `${SITE}/agent/tickets/${ticket.id}`,
		});
		// Flat: the sideloaded records are not nested into the item as the raw shape does.
		expect(item).not.toHaveProperty('requester');
		expect(source.lookupRequests).toEqual([]);
	});

	it('should give custom fields by title, dropdown and multi-select values by option name', async () => {
		const ticket = createTicket({
			at,
			custom_fields: [
				{ id: 7001, value: 'plan_team' },
				{ id: 7004, value: ['chat', 'voice'] },
			],
		});
		const source = new ScriptedSource()
			.onTime(timePage([ticket], at, true))
			.onDefinitions('ticketFields', TICKET_FIELDS);
		const [item] = await itemsOf(simplifiedTickets(), source);
		expect(item.custom_fields).toEqual({ Plan: 'Team', Products: ['Chat', 'Voice'] });
	});

	it('should key a field the definitions do not list by its id, with its raw value', async () => {
		// A field deleted since the ticket was saved: its id is all there is to name it by.
		const ticket = createTicket({ at, custom_fields: [{ id: 9999, value: 'plan_team' }] });
		const source = new ScriptedSource()
			.onTime(timePage([ticket], at, true))
			.onDefinitions('ticketFields', TICKET_FIELDS);
		const [item] = await itemsOf(simplifiedTickets(), source);
		expect(item.custom_fields).toEqual({ '9999': 'plan_team' });
	});

	it("should keep two fields of one title apart by the second one's id", async () => {
		const ticket = createTicket({
			at,
			custom_fields: [
				{ id: 7001, value: 'plan_business' },
				{ id: 7005, value: 'written by hand' },
			],
		});
		const source = new ScriptedSource()
			.onTime(timePage([ticket], at, true))
			.onDefinitions('ticketFields', TICKET_FIELDS);
		const [item] = await itemsOf(simplifiedTickets(), source);
		expect(item.custom_fields).toEqual({ Plan: 'Business', 'Plan (7005)': 'written by hand' });
	});

	it('should give null names and keep the ids when a sideload lacks the record', async () => {
		const ticket = createTicket({ at, requester_id: 501, group_id: 801 });
		const source = new ScriptedSource()
			.onTime(timePage([ticket], at, true, { sideloads: { users: [], groups: [] } }))
			.onDefinitions('ticketFields', TICKET_FIELDS);
		const [item] = await itemsOf(simplifiedTickets(), source);
		expect(item).toMatchObject({
			requester_name: null,
			group_name: null,
			requester_id: 501,
			group_id: 801,
		});
	});
});

describe('Simplify: users and organizations', () => {
	const person = (id: number, extra: Record<string, unknown>): ExportRecord => ({
		id,
		created_at: isoAt(at),
		updated_at: isoAt(at),
		...extra,
	});

	it("should keep a user's id and updated_at and link the agent to the user's page", async () => {
		const user = person(7, { name: 'Rita', email: 'rita@example.com', role: 'end-user' });
		const source = new ScriptedSource().onTime(timePage([user], at, true));
		const kind = usersKind({ event: 'createdOrUpdated', roles: [] }, SHAPE);
		expect(await itemsOf(kind, source)).toEqual([
			expect.objectContaining({
				id: 7,
				updated_at: isoAt(at),
				name: 'Rita',
				email: 'rita@example.com',
				agent_url: `${SITE}/agent/users/7`,
			}),
		]);
	});

	it("should keep an organization's id and updated_at and link the agent to its page", async () => {
		const organization = person(9, { name: 'Acme Corp', domain_names: ['acme.com'] });
		const source = new ScriptedSource().onTime(timePage([organization], at, true));
		const kind = organizationsKind({ event: 'createdOrUpdated' }, SHAPE);
		expect(await itemsOf(kind, source)).toEqual([
			expect.objectContaining({
				id: 9,
				updated_at: isoAt(at),
				name: 'Acme Corp',
				domain_names: ['acme.com'],
				agent_url: `${SITE}/agent/organizations/9`,
			}),
		]);
	});
});
