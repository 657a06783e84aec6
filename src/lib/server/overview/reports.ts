/**
 * The reports section: received and closed in the period, open and overdue (by ticket colour) now,
 * and the month's on-time rate by department from the reports domain's league table (红黑榜).
 */
import { and, count, gte, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import { reports } from '../../../../db/schema';
import { loadCalendar } from '../calendar';
import { departmentLeague, loadThresholds, OPEN_STATUSES, ticketSql, TICKETS } from '../reports';
import type { Section, SectionProvider } from './section';
import { monthOf } from './period';

const LIST_SIZE = 3;

export const reportsSection: SectionProvider = async (db, period, locale) => {
  const now = new Date();
  const ticket = ticketSql(await loadCalendar(db), await loadThresholds(db), now);
  const [received] = await db.select({ n: count() }).from(reports).where(and(gte(reports.createdAt, period.from), lt(reports.createdAt, period.to)));
  const [closed] = await db.select({ n: count() }).from(reports).where(and(gte(reports.closedAt, period.from), lt(reports.closedAt, period.to)));
  const [open] = await db.select({ n: count() }).from(reports).where(inArray(reports.status, [...OPEN_STATUSES]));
  const overdue = await db.select({ ticket, n: sql<number>`count(*)::int` }).from(reports).where(isNotNull(ticket)).groupBy(sql`1`);
  const overdueBy = (colour: string) => Number(overdue.find((row) => row.ticket === colour)?.n ?? 0);
  const month = monthOf(period);
  const league = await departmentLeague(db, month, now);
  const rated = league.filter((row) => row.onTimeRate !== null);
  const entry = (row: (typeof league)[number]) => ({ nameZh: row.department.nameZh, nameEn: row.department.nameEn, onTimeRate: row.onTimeRate, received: row.received, red: row.overdue.red });
  const section: Section = {
    key: 'reports',
    titleKey: 'overview.reports.title',
    figures: [
      { key: 'received', labelKey: 'overview.reports.received', value: Number(received?.n ?? 0), format: 'count' },
      { key: 'closed', labelKey: 'overview.reports.closed', value: Number(closed?.n ?? 0), format: 'count' },
      { key: 'open', labelKey: 'overview.reports.open', value: Number(open?.n ?? 0), format: 'count', snapshot: true },
      ...TICKETS.map((colour) => ({ key: `overdue.${colour}`, labelKey: `overview.reports.overdue.${colour}`, value: overdueBy(colour), format: 'count' as const, snapshot: true })),
    ],
    tables: [
      {
        captionKey: 'overview.reports.league',
        columns: ['overview.col.department', 'overview.col.received', 'overview.col.onTime', 'overview.col.onTimeRate', 'overview.col.red'],
        rows: league.map((row) => ({
          cells: [locale === 'en' ? row.department.nameEn : row.department.nameZh, row.received, row.rectifiedOnTime, row.onTimeRate === null ? null : `${Math.round(row.onTimeRate * 1000) / 10}%`, row.overdue.red],
        })),
      },
    ],
    // The league is sorted best first; the black list is its worst, worst first, without the red list's.
    league: { month, red: rated.slice(0, LIST_SIZE).map(entry), black: rated.slice(LIST_SIZE).reverse().slice(0, LIST_SIZE).map(entry) },
  };
  return section;
};
