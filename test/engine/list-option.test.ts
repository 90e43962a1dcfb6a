import { readListOption } from '../../nodes/ZendeskExportTrigger/engine';

const STATUSES = ['new', 'open', 'pending', 'solved'];

describe('readListOption', () => {
	it('should take the list the editor gives as it is', () => {
		expect(readListOption(['open', 'pending'], STATUSES, 'Statuses')).toEqual({
			ok: true,
			values: ['open', 'pending'],
		});
	});

	it('should read a single value or a comma-separated text from an expression', () => {
		expect(readListOption('open', STATUSES, 'Statuses')).toEqual({ ok: true, values: ['open'] });
		expect(readListOption(' Open, pending ,', STATUSES, 'Statuses')).toEqual({
			ok: true,
			values: ['open', 'pending'],
		});
	});

	it('should read nothing as every value', () => {
		for (const empty of [undefined, null, '', []]) {
			expect(readListOption(empty, STATUSES, 'Statuses')).toEqual({ ok: true, values: [] });
		}
	});

	it('should refuse an unknown value by name instead of filtering everything out', () => {
		expect(readListOption('opne', STATUSES, 'Statuses')).toEqual({
			ok: false,
			problem: 'Statuses holds "opne", which is not one of: new, open, pending, solved',
		});
	});

	it('should refuse what is neither text nor a list', () => {
		expect(readListOption(42, STATUSES, 'Statuses').ok).toBe(false);
		expect(readListOption([42], STATUSES, 'Statuses').ok).toBe(false);
	});
});
