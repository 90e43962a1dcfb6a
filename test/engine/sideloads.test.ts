import { createSideloadAttacher } from '../../nodes/ZendeskExportTrigger/engine/sideloads';
import { createTicket } from '../helpers/tickets';

const users = [
	{ id: 501, email: 'requester@example.com' },
	{ id: 601, email: 'agent@example.com' },
];

describe('createSideloadAttacher', () => {
	it('should put the requester, submitter and assignee on the ticket from the users sideload', () => {
		const ticket = createTicket({ requester_id: 501, submitter_id: 501, assignee_id: 601 });
		createSideloadAttacher({ users })(ticket);
		expect(ticket).toMatchObject({
			requester: { email: 'requester@example.com' },
			submitter: { email: 'requester@example.com' },
			assignee: { email: 'agent@example.com' },
		});
	});

	it('should put the organization, group, ticket form and metric set on the ticket', () => {
		const ticket = createTicket({ organization_id: 7, group_id: 8, ticket_form_id: 9 });
		createSideloadAttacher({
			organizations: [{ id: 7, name: 'Acme' }],
			groups: [{ id: 8, name: 'Tier 1' }],
			ticket_forms: [{ id: 9, name: 'Default' }],
			metric_sets: [{ id: 1, ticket_id: ticket.id, reopens: 2 }],
		})(ticket);
		expect(ticket).toMatchObject({
			organization: { name: 'Acme' },
			group: { name: 'Tier 1' },
			ticket_form: { name: 'Default' },
			metric_set: { reopens: 2 },
		});
	});

	it('should set null for a reference the sideload does not resolve', () => {
		const ticket = createTicket({ assignee_id: null });
		createSideloadAttacher({ users })(ticket);
		expect(ticket.assignee).toBeNull();
	});

	it('should add nothing for sideloads that were not requested', () => {
		const ticket = createTicket();
		const before = Object.keys(ticket);
		createSideloadAttacher({})(ticket);
		expect(Object.keys(ticket)).toEqual(before);
	});
});
