/**
 * The working-day calendar that deadlines, supervision tickets, public notices and readiness count
 * on: Monday to Friday, less public holidays, plus the weekend days worked instead (调休). The
 * official schedule (./official.ts) is the base; admins' entries (the `holidays` table) override it
 * day by day. Days are the city's calendar dates, 'YYYY-MM-DD'.
 */
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { holidays } from '../../../../db/schema';
import { addDays, weekdayOf } from '../time';
import { baseSchedule, scheduleSource, type CalendarEntry, type DayKind } from './official';
import { cachedForOneSecond, forgetCachedReads } from '../cache';

export { officialYears, scheduleSource, statutoryHolidays, type CalendarEntry, type DayKind, type DaySource } from './official';

/** The calendar: the official schedule with admins' overrides on top. */
export class Calendar {
  constructor(private readonly overrides: ReadonlyMap<string, CalendarEntry> = new Map()) {}

  /** The day's exception (holiday or make-up working day), if it has one. */
  entry(day: string): CalendarEntry | undefined {
    return this.overrides.get(day) ?? baseSchedule(Number(day.slice(0, 4))).get(day);
  }

  /** 'holiday' or 'workday' for an exception, undefined for an ordinary weekday or weekend day. */
  get(day: string): DayKind | undefined {
    return this.entry(day)?.kind;
  }

  isWorkingDay(day: string): boolean {
    const kind = this.get(day);
    if (kind) return kind === 'workday';
    const weekday = weekdayOf(day);
    return weekday !== 0 && weekday !== 6;
  }

  /** The year's exceptions in date order, each with its source. */
  year(year: number): CalendarEntry[] {
    const days = new Map(baseSchedule(year));
    for (const [day, entry] of this.overrides) if (day.startsWith(`${year}-`)) days.set(day, entry);
    return [...days.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
  }

  /** 'official' once the State Council's schedule for the year is in the package, else 'fallback'. */
  source(year: number): 'official' | 'fallback' {
    return scheduleSource(year);
  }
}

/** The calendar with the admins' overrides read from the database. */
/** The calendar for reading pages (queues, report pages): at most a second old; writers use loadCalendar. */
export function cachedCalendar(db: Db): Promise<Calendar> {
  return cachedForOneSecond(db, 'calendar', () => loadCalendar(db));
}

export async function loadCalendar(db: Db): Promise<Calendar> {
  const rows = await db.select().from(holidays).orderBy(asc(holidays.day));
  return new Calendar(new Map(rows.map((row) => [row.day, { day: row.day, kind: row.kind, nameZh: row.nameZh, nameEn: row.nameEn, source: 'override' as const }])));
}

/** The admins' overrides, for the settings page. */
export async function listOverrides(db: Db) {
  return db.select().from(holidays).orderBy(asc(holidays.day));
}

/** Adds or changes an admin's override (callers check permission and audit). */
export async function setHoliday(db: Db, entry: { day: string; kind: DayKind; nameZh: string; nameEn: string }) {
  await db
    .insert(holidays)
    .values(entry)
    .onConflictDoUpdate({ target: holidays.day, set: { kind: sql`excluded.kind`, nameZh: sql`excluded.name_zh`, nameEn: sql`excluded.name_en` } });
  forgetCachedReads();
}

/** Removes an admin's override; the official (or fallback) status of the day applies again. */
export async function removeOverride(db: Db, day: string) {
  const [removed] = await db.delete(holidays).where(eq(holidays.day, day)).returning();
  forgetCachedReads();
  return removed ?? null;
}

export function isWorkingDay(day: string, calendar: Calendar): boolean {
  return calendar.isWorkingDay(day);
}

/** The n-th working day after `day` (n ≥ 1): a deadline of n working days from `day`. */
export function addWorkingDays(day: string, n: number, calendar: Calendar): string {
  let current = day;
  for (let left = n; left > 0;) {
    current = addDays(current, 1);
    if (calendar.isWorkingDay(current)) left--;
  }
  return current;
}

/** Working days w with from < w ≤ to (0 when to ≤ from). */
export function workingDaysBetween(from: string, to: string, calendar: Calendar): number {
  let count = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) if (calendar.isWorkingDay(day)) count++;
  return count;
}

/** The k-th most recent working day on or before `day` (k ≥ 1). */
export function workingDayBefore(day: string, k: number, calendar: Calendar): string {
  let current = day;
  let found = 0;
  for (;;) {
    if (calendar.isWorkingDay(current) && ++found === k) return current;
    current = addDays(current, -1);
  }
}

/** The first working day on or after `day`. */
export function workingDayFrom(day: string, calendar: Calendar): string {
  let current = day;
  while (!calendar.isWorkingDay(current)) current = addDays(current, 1);
  return current;
}
