import { DateTime } from 'luxon';
import { parseStartDate } from '../../nodes/ZendeskExportTrigger/engine';

const seconds = (iso: string) => Date.parse(iso) / 1000;

describe('parseStartDate', () => {
	it("should read the date picker's value without an offset in the workflow's time zone", () => {
		expect(parseStartDate('2026-11-01T09:00:00', 'Asia/Tokyo')).toEqual({
			ok: true,
			seconds: seconds('2026-11-01T00:00:00Z'),
		});
	});

	it('should read a wall time on either side of a daylight-saving change in that zone', () => {
		expect(parseStartDate('2026-03-29T00:30:00', 'Europe/Berlin')).toEqual({
			ok: true,
			seconds: seconds('2026-03-28T23:30:00Z'),
		});
		expect(parseStartDate('2026-03-29T04:30:00', 'Europe/Berlin')).toEqual({
			ok: true,
			seconds: seconds('2026-03-29T02:30:00Z'),
		});
	});

	it('should keep an offset or a Z that the value carries, whatever the time zone', () => {
		expect(parseStartDate('2026-11-01T09:00:00+09:00', 'America/New_York')).toEqual({
			ok: true,
			seconds: seconds('2026-11-01T00:00:00Z'),
		});
		expect(parseStartDate('2026-11-01T09:00:00.500Z', 'Asia/Tokyo')).toEqual({
			ok: true,
			seconds: seconds('2026-11-01T09:00:00Z'),
		});
	});

	it('should take epoch seconds and epoch milliseconds, as numbers or digits', () => {
		const at = seconds('2026-11-01T00:00:00Z');
		expect(parseStartDate(at, 'UTC')).toEqual({ ok: true, seconds: at });
		expect(parseStartDate(at * 1000, 'UTC')).toEqual({ ok: true, seconds: at });
		expect(parseStartDate(String(at), 'UTC')).toEqual({ ok: true, seconds: at });
	});

	it('should take a Luxon DateTime and a JS Date from an expression', () => {
		const at = seconds('2026-11-01T00:00:00Z');
		const luxon = DateTime.fromSeconds(at, { zone: 'Asia/Tokyo' });
		expect(parseStartDate(luxon, 'UTC')).toEqual({ ok: true, seconds: at });
		expect(parseStartDate(new Date(at * 1000), 'UTC')).toEqual({ ok: true, seconds: at });
	});

	it('should refuse what it cannot read with a sentence, never guess', () => {
		for (const input of [
			'',
			'next monday',
			'2026-13-01T00:00:00',
			'2026-02-30',
			'November 1, 2026',
			{},
			true,
		]) {
			const result = parseStartDate(input, 'UTC');
			expect(result.ok).toBe(false);
			if (!result.ok) expect(result.problem).toMatch(/^Start Date/);
		}
	});

	it('should say so when the workflow time zone is unknown', () => {
		expect(parseStartDate('2026-11-01T09:00:00', 'Mars/Olympus')).toEqual({
			ok: false,
			problem: `The workflow's time zone "Mars/Olympus" is not one this server knows`,
		});
	});
});
