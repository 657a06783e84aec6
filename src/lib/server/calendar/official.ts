/**
 * China's official holiday schedule (国务院办公厅 节假日安排): public holidays and the weekend days
 * worked instead (调休), from the `chinese-days` package, which carries the published schedules
 * (2004 to its newest year). A year it does not know yet falls back to the statutory holidays
 * (全国年节及纪念日放假办法, as amended in 2024): 元旦, 春节 (除夕 to 初三), 清明, 劳动节 (2 days),
 * 端午, 中秋 and 国庆节 (3 days), on their solar or lunar dates, without make-up working days.
 */
import { createRequire } from 'node:module';
import { addDays } from '../time';

export type DayKind = 'holiday' | 'workday';
/** Where a day's status comes from: the published schedule, the statutory fallback, or an admin. */
export type DaySource = 'official' | 'fallback' | 'override';

export interface CalendarEntry {
  day: string;
  kind: DayKind;
  nameZh: string;
  nameEn: string;
  source: DaySource;
}

interface ScheduleData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

// The package is a UMD bundle (no ESM named exports under Node), so it is required; its published
// schedules are read as data ("Spring Festival,春节,4" per day), once.
const require = createRequire(import.meta.url);
const { getSolarDateFromLunar, getSolarTermDate } = require('chinese-days') as typeof import('chinese-days');
const data = require('chinese-days/dist/chinese-days.json') as ScheduleData;

function entryOf(day: string, kind: DayKind, label: string): CalendarEntry {
  const [nameEn = label, nameZh = nameEn] = label.split(',');
  return kind === 'holiday'
    ? { day, kind, nameZh, nameEn, source: 'official' }
    : { day, kind, nameZh: `${nameZh}调休上班`, nameEn: `${nameEn} make-up working day`, source: 'official' };
}

const official = new Map<number, Map<string, CalendarEntry>>();
for (const [kind, days] of [
  ['holiday', data.holidays],
  ['workday', data.workdays],
] as const) {
  for (const [day, label] of Object.entries(days)) {
    const year = Number(day.slice(0, 4));
    if (!official.has(year)) official.set(year, new Map());
    official.get(year)!.set(day, entryOf(day, kind, label));
  }
}

/** Years whose official schedule the package carries. */
export const officialYears: readonly number[] = [...official.keys()].sort((a, b) => a - b);

const LUNAR_MIN = 1901;
const LUNAR_MAX = 2099;

/**
 * The solar date of a lunar month and day in `year`. The package reads 'YYYY-MM-DD' strings as UTC
 * midnight but local getters, which is a day early west of UTC; a local Date avoids that.
 */
function lunar(year: number, month: number, day: number): string {
  return getSolarDateFromLunar(new Date(year, month - 1, day)).date;
}

/** 清明 (the solar term): the package's string has the same UTC-versus-local slip, corrected here. */
function qingming(year: number): string {
  const day = getSolarTermDate(year, 4, 'pure_brightness');
  return new Date(Date.UTC(year, 3, 5)).getDate() === 5 ? day : addDays(day, 1);
}

function fallbackYear(year: number): Map<string, CalendarEntry> {
  const days = new Map<string, CalendarEntry>();
  const add = (day: string, count: number, nameZh: string, nameEn: string) => {
    for (let i = 0; i < count; i++) {
      const d = addDays(day, i);
      if (d.startsWith(`${year}-`) && !days.has(d)) days.set(d, { day: d, kind: 'holiday', nameZh, nameEn, source: 'fallback' });
    }
  };
  add(`${year}-01-01`, 1, '元旦', "New Year's Day");
  if (year >= LUNAR_MIN && year <= LUNAR_MAX) add(addDays(lunar(year, 1, 1), -1), 4, '春节', 'Spring Festival');
  if (year >= LUNAR_MIN && year <= LUNAR_MAX) add(qingming(year), 1, '清明节', 'Qingming Festival');
  add(`${year}-05-01`, 2, '劳动节', 'Labour Day');
  if (year >= LUNAR_MIN && year <= LUNAR_MAX) add(lunar(year, 5, 5), 1, '端午节', 'Dragon Boat Festival');
  if (year >= LUNAR_MIN && year <= LUNAR_MAX) add(lunar(year, 8, 15), 1, '中秋节', 'Mid-Autumn Festival');
  add(`${year}-10-01`, 3, '国庆节', 'National Day');
  // 除夕 of the next lunar year can fall in late January of this one only; nothing to add here.
  return days;
}

const fallback = new Map<number, Map<string, CalendarEntry>>();

/** Whether `year`'s schedule is the published one or the statutory fallback. */
export function scheduleSource(year: number): 'official' | 'fallback' {
  return official.has(year) ? 'official' : 'fallback';
}

/** The year's exceptions to Monday-Friday working: official when published, else the fallback. */
export function baseSchedule(year: number): ReadonlyMap<string, CalendarEntry> {
  const known = official.get(year);
  if (known) return known;
  let days = fallback.get(year);
  if (!days) {
    days = fallbackYear(year);
    fallback.set(year, days);
  }
  return days;
}

/** The statutory holidays of a year (the fallback), for checking it against a published year. */
export function statutoryHolidays(year: number): CalendarEntry[] {
  return [...fallbackYear(year).values()];
}
