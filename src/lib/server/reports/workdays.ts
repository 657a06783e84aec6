/**
 * Working days on the holiday calendar that admins keep (holidays table): Monday to Friday, less
 * public holidays, plus the weekend days worked instead (调休). Dates are Asia/Shanghai calendar
 * dates as 'YYYY-MM-DD'.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { holidays } from '../../../../db/schema';

/** The State Council's 2026 arrangement (国办发明电〔2025〕号通知): holidays, and weekend days worked. */
export const HOLIDAYS_2026: { day: string; kind: 'holiday' | 'workday'; nameZh: string; nameEn: string }[] = [
  ...range('2026-01-01', '2026-01-03', 'holiday', '元旦', "New Year's Day"),
  { day: '2026-01-04', kind: 'workday', nameZh: '元旦调休上班', nameEn: "New Year's Day make-up working day" },
  { day: '2026-02-14', kind: 'workday', nameZh: '春节调休上班', nameEn: 'Spring Festival make-up working day' },
  ...range('2026-02-15', '2026-02-23', 'holiday', '春节', 'Spring Festival'),
  { day: '2026-02-28', kind: 'workday', nameZh: '春节调休上班', nameEn: 'Spring Festival make-up working day' },
  ...range('2026-04-04', '2026-04-06', 'holiday', '清明节', 'Qingming Festival'),
  ...range('2026-05-01', '2026-05-05', 'holiday', '劳动节', 'Labour Day'),
  { day: '2026-05-09', kind: 'workday', nameZh: '劳动节调休上班', nameEn: 'Labour Day make-up working day' },
  ...range('2026-06-19', '2026-06-21', 'holiday', '端午节', 'Dragon Boat Festival'),
  { day: '2026-09-20', kind: 'workday', nameZh: '国庆节调休上班', nameEn: 'National Day make-up working day' },
  ...range('2026-09-25', '2026-09-27', 'holiday', '中秋节', 'Mid-Autumn Festival'),
  ...range('2026-10-01', '2026-10-07', 'holiday', '国庆节', 'National Day'),
  { day: '2026-10-10', kind: 'workday', nameZh: '国庆节调休上班', nameEn: 'National Day make-up working day' },
];

function range(from: string, to: string, kind: 'holiday', nameZh: string, nameEn: string) {
  const days = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push({ day, kind, nameZh, nameEn });
  return days;
}

/** The calendar's exceptions: day → 'holiday' | 'workday'. */
export type Calendar = ReadonlyMap<string, 'holiday' | 'workday'>;

export async function loadCalendar(db: Db): Promise<Calendar> {
  const rows = await db.select({ day: holidays.day, kind: holidays.kind }).from(holidays);
  return new Map(rows.map((row) => [row.day, row.kind]));
}

/** Adds the 2026 calendar where missing (admins' edits stay). */
export async function seedHolidays(db: Db): Promise<void> {
  await db.insert(holidays).values(HOLIDAYS_2026).onConflictDoNothing({ target: holidays.day });
}

export async function setHoliday(db: Db, entry: { day: string; kind: 'holiday' | 'workday'; nameZh: string; nameEn: string }) {
  await db
    .insert(holidays)
    .values(entry)
    .onConflictDoUpdate({ target: holidays.day, set: { kind: sql`excluded.kind`, nameZh: sql`excluded.name_zh`, nameEn: sql`excluded.name_en` } });
}

export function addDays(day: string, count: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + count);
  return date.toISOString().slice(0, 10);
}

/** Today's date in China (UTC+8, no daylight saving). */
export function chinaDate(at: Date = new Date()): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export function isWorkingDay(day: string, calendar: Calendar): boolean {
  const kind = calendar.get(day);
  if (kind) return kind === 'workday';
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The n-th working day after `day` (n ≥ 1): a deadline of n working days from `day`. */
export function addWorkingDays(day: string, n: number, calendar: Calendar): string {
  let current = day;
  for (let left = n; left > 0; ) {
    current = addDays(current, 1);
    if (isWorkingDay(current, calendar)) left--;
  }
  return current;
}

/** Working days w with from < w ≤ to (0 when to ≤ from). */
export function workingDaysBetween(from: string, to: string, calendar: Calendar): number {
  let count = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) if (isWorkingDay(day, calendar)) count++;
  return count;
}

/** The k-th most recent working day on or before `day` (k ≥ 1). */
export function workingDayBefore(day: string, k: number, calendar: Calendar): string {
  let current = day;
  let found = 0;
  for (;;) {
    if (isWorkingDay(current, calendar) && ++found === k) return current;
    current = addDays(current, -1);
  }
}
