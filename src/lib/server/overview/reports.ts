/**
 * The reports section: received and closed in the period, open and overdue (by ticket colour) now,
 * and the month's on-time rate by department from the reports domain's league table (红黑榜).
 */
import { and, count, gte, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import { reports } from '../../../../db/schema';
import { loadCalendar } from '../calendar';
import { departmentLeague, loadThresholds, OPEN_STATUSES, ticketSql, TICKETS } from '../reports';
import { formatPercent } from '../../percent';
import { getSetting } from '../settings';
import type { Section, SectionProvider } from './section';
import { monthOf } from './period';

export const reportsSection: SectionProvider = async (db, period, locale, now) => {
  const ticket = ticketSql(await loadCalendar(db), await loadThresholds(db), now);
  const [received] = await db
    .select({ n: count() })
    .from(reports)
    .where(and(gte(reports.createdAt, period.from), lt(reports.createdAt, period.to)));
  const [closed] = await db
    .select({ n: count() })
    .from(reports)
    .where(and(gte(reports.closedAt, period.from), lt(reports.closedAt, period.to)));
  const [open] = await db
    .select({ n: count() })
    .from(reports)
    .where(inArray(reports.status, [...OPEN_STATUSES]));
  const overdue = await db
    .select({ ticket, n: sql<number>`count(*)::int` })
    .from(reports)
    .where(isNotNull(ticket))
    .groupBy(sql`1`);
  const overdueBy = (colour: string) => Number(overdue.find((row) => row.ticket === colour)?.n ?? 0);
  const month = monthOf(period, now);
  const league = await departmentLeague(db, month, now);
  const minCases = await getSetting(db, 'reports.league.minCases');
  const entry = (row: (typeof league)[number]) => ({
    nameZh: row.department.nameZh,
    nameEn: row.department.nameEn,
    onTimeRate: row.onTimeRate,
    received: row.received,
    red: row.overdue.red,
  });
  const section: Section = {
    key: 'reports',
    titleKey: 'overview.reports.title',
    figures: [
      { key: 'received', labelKey: 'overview.reports.received', value: Number(received?.n ?? 0), format: 'count' },
      { key: 'closed', labelKey: 'overview.reports.closed', value: Number(closed?.n ?? 0), format: 'count' },
      { key: 'open', labelKey: 'overview.reports.open', value: Number(open?.n ?? 0), format: 'count', snapshot: true },
      ...TICKETS.map((colour) => ({
        key: `overdue.${colour}`,
        labelKey: `overview.reports.overdue.${colour}`,
        value: overdueBy(colour),
        format: 'count' as const,
        snapshot: true,
      })),
    ],
    tables: [
      {
        captionKey: 'overview.reports.league',
        columns: ['overview.col.department', 'overview.col.received', 'overview.col.onTime', 'overview.col.onTimeRate', 'overview.col.red'],
        rows: league.map((row) => ({
          cells: [
            locale === 'en' ? row.department.nameEn : row.department.nameZh,
            row.received,
            row.rectifiedOnTime,
            row.onTimeRate === null ? null : formatPercent(row.onTimeRate),
            row.overdue.red,
          ],
          // Fewer cases than the league ranks: shown, marked, as the public league table does.
          small: row.rank === null,
        })),
        smallNote: { key: 'overview.reports.league.small', params: { min: minCases } },
      },
    ],
    // The public league's own lists (ranked departments only; none with open red tickets on the red list), worst first on the black.
    league: {
      month,
      red: league.filter((row) => row.list === 'red').map(entry),
      black: league
        .filter((row) => row.list === 'black')
        .reverse()
        .map(entry),
    },
  };
  return section;
};
