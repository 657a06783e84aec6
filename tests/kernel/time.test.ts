import { describe, expect, it } from 'vitest';
import {
  cityDateTimeInput,
  cityDay,
  cityIso,
  cityMonth,
  cityMonthRange,
  cityTimeZone,
  formatDate,
  formatDateTime,
  formatDay,
  formatTime,
  formatWeekday,
  isoWeekOf,
  isoWeekStart,
  parseCityDateTime,
  startOfCityDay,
  wallClock,
  weekPeriod,
} from '../../src/lib/server/time';

// 01:05 on 5 December in China is still 4 December in UTC.
const earlyMorning = new Date('2026-12-04T17:05:00Z');

describe('the city clock', () => {
  it('is Asia/Shanghai unless CITY_TIME_ZONE says otherwise', () => {
    expect(cityTimeZone).toBe('Asia/Shanghai');
  });

  it('puts an instant just after midnight China time on the China day, month and week', () => {
    expect(cityDay(earlyMorning)).toBe('2026-12-05');
    expect(cityMonth(new Date('2026-11-30T16:30:00Z'))).toBe('2026-12');
    expect(isoWeekStart(new Date('2026-11-29T16:30:00Z'))).toBe('2026-11-30'); // Monday 00:30 China time
    expect(isoWeekOf(new Date('2026-11-29T16:30:00Z'))).toBe('2026-W49');
  });

  it('shows dates and times in the city, whatever the server zone', () => {
    expect(formatDate(earlyMorning, 'zh-CN')).toBe('2026年12月5日');
    expect(formatDate(earlyMorning, 'en')).toBe('Dec 5, 2026');
    expect(formatDateTime(earlyMorning, 'zh-CN')).toContain('01:05');
    expect(cityIso(earlyMorning)).toBe('2026-12-05T01:05:00+08:00');
    expect(cityDateTimeInput(earlyMorning)).toBe('2026-12-05T01:05');
  });

  it('gives each style and language its own text for the same instant, asked again and again (the texts are kept)', () => {
    for (let round = 0; round < 2; round++) {
      expect(formatDate(earlyMorning, 'zh-CN')).toBe('2026年12月5日');
      expect(formatDate(earlyMorning, 'en', 'long')).toBe('December 5, 2026');
      expect(formatDateTime(earlyMorning, 'en')).toBe('Dec 5, 2026, 01:05');
      expect(formatTime(earlyMorning, 'zh-CN')).toBe('01:05');
      // A copy of the instant, and the next minute.
      expect(formatTime(new Date(earlyMorning.getTime()), 'en')).toBe('01:05');
      expect(formatTime(new Date(earlyMorning.getTime() + 60_000), 'en')).toBe('01:06');
      expect(formatDay('2026-12-05', 'zh-CN')).toBe('2026年12月5日');
      expect(formatDay('2026-12-05', 'en', 'short')).toBe('12/5/26');
      expect(formatWeekday(earlyMorning, 'zh-CN')).toBe('12月5日周六');
      expect(formatWeekday(earlyMorning, 'en')).toBe('Sat, Dec 5');
    }
    expect(() => formatDate(new Date(Number.NaN), 'en')).toThrow(RangeError);
  });

  it('reads typed days and times as city time and refuses impossible ones', () => {
    expect(parseCityDateTime('2026-12-05T01:05')).toEqual(earlyMorning);
    expect(startOfCityDay('2026-12-05')).toEqual(new Date('2026-12-04T16:00:00Z'));
    for (const bad of ['2026-02-30T09:00', '2026-13-01T09:00', '2026-12-05T24:00', '99999-01-01T00:00', '2026-12-05']) expect(parseCityDateTime(bad)).toBeNull();
    expect(startOfCityDay('2026-02-29')).toBeNull();
  });

  it('gives months and ISO weeks as [start, end) ranges across a year end', () => {
    expect(cityMonthRange('2026-12')).toEqual([new Date('2026-11-30T16:00:00Z'), new Date('2026-12-31T16:00:00Z')]);
    expect(cityMonthRange('2026-13')).toBeNull();
    const week = weekPeriod('2026-W53')!;
    expect(week.from).toEqual(new Date('2026-12-27T16:00:00Z')); // Monday 28 December
    expect(isoWeekOf(week.to)).toBe('2027-W01');
    expect(weekPeriod('2025-W53')).toBeNull();
  });
});

describe('the fast wall clock', () => {
  // Zones with summer time, half- and quarter-hour offsets, and China's own summer time of 1986-1991.
  const cases: [string, string][] = [
    ['Asia/Shanghai', '1988-01-01'],
    ['Asia/Shanghai', '2026-01-01'],
    ['Europe/London', '2026-01-01'],
    ['America/New_York', '2026-01-01'],
    ['America/St_Johns', '2026-01-01'],
    ['Australia/Lord_Howe', '2026-01-01'],
    ['Pacific/Chatham', '2026-01-01'],
    ['Asia/Kathmandu', '2026-01-01'],
  ];
  it.each(cases)('agrees with Intl in %s through the year from %s, at and around every quarter hour', (zone, from) => {
    const { wall, intl } = wallClock(zone);
    const start = Date.parse(`${from}T00:00:00Z`);
    let disagreements = 0;
    for (let t = start; t < start + 366 * 86_400_000; t += 15 * 60_000) {
      for (const at of [t - 1, t, t + 433_000]) {
        const fast = wall(new Date(at));
        const slow = intl(new Date(at));
        if (JSON.stringify(fast) !== JSON.stringify({ year: slow.year, month: slow.month, day: slow.day, hour: slow.hour, minute: slow.minute, second: slow.second }))
          disagreements++;
      }
    }
    expect(disagreements).toBe(0);
  });
});
