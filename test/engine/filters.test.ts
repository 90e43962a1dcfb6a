import { createTicketFilter } from '../../nodes/ZendeskExportTrigger/engine/filters';
import type { TicketFilters } from '../../nodes/ZendeskExportTrigger/engine/settings';
import { createTicket, isoAt } from '../helpers/tickets';

const WINDOW_START = 1_700_000_000;
const all: TicketFilters = { event: 'createdOrUpdated', statuses: [], ignoreSystemUpdates: false };
const createdInWindow = createTicket({ at: WINDOW_START + 5 });
const updatedInWindow = createTicket({
	at: WINDOW_START + 5,
	created_at: isoAt(WINDOW_START - 86_400),
});
const systemOnly = createTicket({
	at: WINDOW_START + 5,
	created_at: isoAt(WINDOW_START - 86_400),
	updated_at: isoAt(WINDOW_START - 3600),
});

describe('createTicketFilter', () => {
	it('should let every ticket through with the default settings', () => {
		const accept = createTicketFilter(all, WINDOW_START);
		expect([createdInWindow, updatedInWindow, systemOnly].map(accept)).toEqual([true, true, true]);
	});

	it('should count a ticket created at or after the window start as created', () => {
		const accept = createTicketFilter({ ...all, event: 'created' }, WINDOW_START);
		const atStart = createTicket({ at: WINDOW_START });
		expect([createdInWindow, atStart, updatedInWindow].map(accept)).toEqual([true, true, false]);
	});

	it('should count a ticket created before the window start as updated', () => {
		const accept = createTicketFilter({ ...all, event: 'updated' }, WINDOW_START);
		expect([createdInWindow, updatedInWindow].map(accept)).toEqual([false, true]);
	});

	it('should skip system-only updates when asked', () => {
		const accept = createTicketFilter({ ...all, ignoreSystemUpdates: true }, WINDOW_START);
		expect([createdInWindow, updatedInWindow, systemOnly].map(accept)).toEqual([true, true, false]);
	});

	it('should emit only the chosen statuses', () => {
		const accept = createTicketFilter({ ...all, statuses: ['solved', 'deleted'] }, WINDOW_START);
		const statuses = ['open', 'solved', 'deleted', 'pending'];
		expect(statuses.map((status) => accept(createTicket({ status })))).toEqual([
			false,
			true,
			true,
			false,
		]);
	});

	it('should keep a ticket whose dates cannot be read rather than drop it', () => {
		const accept = createTicketFilter(
			{ ...all, event: 'created', ignoreSystemUpdates: true },
			WINDOW_START,
		);
		expect(accept(createTicket({ created_at: 'garbage', updated_at: '' }))).toBe(true);
	});
});
