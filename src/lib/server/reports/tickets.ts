/**
 * Supervision tickets (三色督办): a report past its deadline gets a white ticket; yellow and red
 * follow after further working days (settings reports.ticket.yellowAfterDays / redAfterDays).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { reports } from '../../../../db/schema';
import { getSettings } from '../settings';
import { workingDayBefore, workingDaysBetween, type Calendar } from '../calendar';
import { cityDay } from '../time';
import { DEADLINE_STATUSES } from './workflow';
import { cachedForOneSecond } from '../cache';

export const TICKETS = ['white', 'yellow', 'red'] as const;
export type Ticket = (typeof TICKETS)[number];

export interface TicketThresholds {
  yellowAfterDays: number;
  redAfterDays: number;
}

/** The thresholds for reading pages: at most a second old (setSetting forgets the cached copy in this process). */
export function cachedThresholds(db: Db): Promise<TicketThresholds> {
  return cachedForOneSecond(db, 'thresholds', () => loadThresholds(db));
}

export async function loadThresholds(db: Db): Promise<TicketThresholds> {
  const values = await getSettings(db, ['reports.ticket.yellowAfterDays', 'reports.ticket.redAfterDays']);
  return { yellowAfterDays: values['reports.ticket.yellowAfterDays'], redAfterDays: values['reports.ticket.redAfterDays'] };
}

/** Working days past the deadline (0 when not overdue). */
export function overdueWorkingDays(deadline: string, today: string, calendar: Calendar): number {
  return workingDaysBetween(deadline, today, calendar);
}

/** The ticket a report in a deadline status carries today, or null. */
export function ticketFor(deadline: string | null, today: string, calendar: Calendar, thresholds: TicketThresholds): Ticket | null {
  if (!deadline) return null;
  const overdue = overdueWorkingDays(deadline, today, calendar);
  if (overdue <= 0) return null;
  if (overdue > thresholds.redAfterDays) return 'red';
  if (overdue > thresholds.yellowAfterDays) return 'yellow';
  return 'white';
}

/** The days a deadline must fall before for each ticket, remembered per calendar (a queue page asks twice). */
const ticketDayMemo = new WeakMap<Calendar, Map<string, { white: string; yellow: string; red: string }>>();

export function ticketDays(today: string, calendar: Calendar, thresholds: TicketThresholds): { white: string; yellow: string; red: string } {
  let byKey = ticketDayMemo.get(calendar);
  if (!byKey) ticketDayMemo.set(calendar, (byKey = new Map()));
  const key = `${today}|${thresholds.yellowAfterDays}|${thresholds.redAfterDays}`;
  let days = byKey.get(key);
  if (!days) {
    if (byKey.size >= 100) byKey.clear();
    days = {
      white: workingDayBefore(today, 1, calendar),
      yellow: workingDayBefore(today, thresholds.yellowAfterDays + 1, calendar),
      red: workingDayBefore(today, thresholds.redAfterDays + 1, calendar),
    };
    byKey.set(key, days);
  }
  return days;
}

/**
 * The same rule in SQL, for sorting and counting: a deadline earlier than the k-th most recent
 * working day is k or more working days overdue.
 */
export function ticketSql(calendar: Calendar, thresholds: TicketThresholds, now: Date = new Date()): SQL<Ticket | null> {
  const { white, yellow, red } = ticketDays(cityDay(now), calendar, thresholds);
  const inDeadlineStatus = sql.raw(`${DEADLINE_STATUSES.map((status) => `'${status}'`).join(', ')}`);
  return sql<Ticket | null>`case when ${reports.status} not in (${inDeadlineStatus}) or ${reports.deadline} is null then null
    when ${reports.deadline} < ${red}::date then 'red'
    when ${reports.deadline} < ${yellow}::date then 'yellow'
    when ${reports.deadline} < ${white}::date then 'white' end`;
}
