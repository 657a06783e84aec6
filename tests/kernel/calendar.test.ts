import { describe, expect, it } from 'vitest';
import { addWorkingDays, Calendar, officialYears, statutoryHolidays } from '../../src/lib/server/calendar';

const calendar = new Calendar();

describe('the working-day calendar', () => {
  it('carries the published schedules through 2026', () => {
    expect(officialYears[0]).toBeLessThanOrEqual(2020);
    expect(officialYears).toContain(2026);
    expect(calendar.source(2026)).toBe('official');
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true); // a Saturday worked for the Spring Festival
    expect(calendar.entry('2026-10-01')).toMatchObject({ kind: 'holiday', nameZh: '国庆节', source: 'official' });
  });

  it("falls back to the statutory holidays for a year whose schedule is not published, so 2027's New Year is off", () => {
    const year = officialYears.at(-1)! + 1;
    expect(calendar.source(year)).toBe('fallback');
    expect(calendar.entry('2027-01-01')).toMatchObject({ kind: 'holiday', nameZh: '元旦', source: 'fallback' });
    expect(calendar.year(2027).map((d) => d.day)).toEqual(
      expect.arrayContaining(['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-04-05', '2027-06-09', '2027-09-15', '2027-10-03']),
    );
    // Thursday 31 December 2026 plus one working day skips Friday 1 January 2027.
    expect(addWorkingDays('2026-12-31', 1, calendar)).toBe('2027-01-04');
  });

  it('computes the statutory holidays that the published 2025 schedule also contains', () => {
    for (const day of statutoryHolidays(2025)) expect(calendar.entry(day.day)?.kind, day.day).toBe('holiday');
    expect(statutoryHolidays(2025)).toHaveLength(13);
  });

  it("lets an admin's entry win over the schedule", () => {
    const overridden = new Calendar(new Map([['2026-10-01', { day: '2026-10-01', kind: 'workday' as const, nameZh: '补班', nameEn: 'Worked', source: 'override' as const }]]));
    expect(overridden.isWorkingDay('2026-10-01')).toBe(true);
    expect(overridden.year(2026).find((d) => d.day === '2026-10-01')?.source).toBe('override');
  });
});
