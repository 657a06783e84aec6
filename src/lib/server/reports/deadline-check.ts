/**
 * The deadline check: events that matter become rows when they happen, not computations when read.
 * Every 15 minutes (a recurring job, once across instances) it records, once per report and
 * deadline, a warning one working day before the deadline and each supervision ticket colour the
 * report reaches (white, yellow, red: ./tickets.ts), in `report_deadline_events`, and tells the
 * department's staff and the cell's grid worker, and for yellow and red the office (moderators).
 *
 * Batched by department: each department's overdue or due-tomorrow reports are one index range
 * (reports_department_status_idx: department, status, deadline), written with one
 * INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING and told in the same transaction, so a crash
 * loses nothing and repeats nothing; a recipient gets one notice per colour per run listing the
 * reports, not one per report. It never reads reports outside those ranges.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { departments, reportDeadlineEvents, reports, users } from '../../../../db/schema';
import { defineJob, defineRecurring } from '../jobs';
import { notify } from '../notifications';
import { loadThresholds, ticketSql } from './tickets';
import { addWorkingDays, loadCalendar } from '../calendar';
import { cityDay } from '../time';
import { DEADLINE_STATUSES } from './workflow';

export type DeadlineEventKind = 'warning' | 'white' | 'yellow' | 'red';

export interface DeadlineCheckResult {
  departments: number;
  events: Record<DeadlineEventKind, number>;
  notices: number;
}

export async function runDeadlineCheck(db: Db, now: Date): Promise<DeadlineCheckResult> {
  const [calendar, thresholds] = await Promise.all([loadCalendar(db), loadThresholds(db)]);
  const today = cityDay(now);
  const tomorrow = addWorkingDays(today, 1, calendar);
  const ticket = ticketSql(calendar, thresholds, now);
  const statuses = [...DEADLINE_STATUSES];
  const result: DeadlineCheckResult = { departments: 0, events: { warning: 0, white: 0, yellow: 0, red: 0 }, notices: 0 };
  const departmentIds = (await db.select({ id: departments.id }).from(departments)).map((row) => row.id);
  for (const departmentId of departmentIds) {
    await db.transaction(async (tx) => {
      const inRange = and(eq(reports.departmentId, departmentId), inArray(reports.status, statuses));
      // Overdue: the ticket the report carries today. Due on the next working day: a warning.
      const recorded = await tx.execute<{ report_id: number; kind: DeadlineEventKind }>(sql`
        insert into ${reportDeadlineEvents} (report_id, kind, deadline, at)
        select id, kind, deadline, ${now.toISOString()}::timestamptz from (
          select ${reports.id} as id, ${reports.deadline} as deadline, ${ticket} as kind from ${reports}
          where ${inRange} and ${reports.deadline} < ${today}::date
          union all
          select ${reports.id}, ${reports.deadline}, 'warning' from ${reports}
          where ${inRange} and ${reports.deadline} > ${today}::date and ${reports.deadline} <= ${tomorrow}::date
        ) due where kind is not null
        on conflict (report_id, kind, deadline) do nothing
        returning report_id, kind`);
      const rows = (Array.isArray(recorded) ? recorded : (recorded as { rows: { report_id: number; kind: DeadlineEventKind }[] }).rows) as {
        report_id: number;
        kind: DeadlineEventKind;
      }[];
      if (rows.length === 0) return;
      result.departments++;
      const ids = rows.map((row) => Number(row.report_id));
      const cells = await tx.select({ id: reports.id, gridId: reports.gridId }).from(reports).where(inArray(reports.id, ids));
      const gridOf = new Map(cells.map((row) => [row.id, row.gridId]));
      const gridIds = [...new Set(cells.map((row) => row.gridId).filter((id): id is number => id !== null))];
      const [staff, gridWorkers, office] = await Promise.all([
        tx
          .select({ id: users.id })
          .from(users)
          .where(and(eq(users.role, 'department_staff'), eq(users.departmentId, departmentId))),
        gridIds.length
          ? tx
              .select({ id: users.id, gridCellId: users.gridCellId })
              .from(users)
              .where(and(eq(users.role, 'grid_worker'), inArray(users.gridCellId, gridIds)))
          : [],
        rows.some((row) => row.kind === 'yellow' || row.kind === 'red') ? tx.select({ id: users.id }).from(users).where(eq(users.role, 'moderator')) : [],
      ]);
      // recipient → kind → report ids
      const told = new Map<number, Map<DeadlineEventKind, number[]>>();
      const tell = (userId: number, kind: DeadlineEventKind, reportId: number) => {
        const kinds = told.get(userId) ?? new Map<DeadlineEventKind, number[]>();
        kinds.set(kind, [...(kinds.get(kind) ?? []), reportId]);
        told.set(userId, kinds);
      };
      for (const row of rows) {
        const reportId = Number(row.report_id);
        result.events[row.kind]++;
        for (const person of staff) tell(person.id, row.kind, reportId);
        for (const person of gridWorkers) if (person.gridCellId === gridOf.get(reportId)) tell(person.id, row.kind, reportId);
        if (row.kind === 'yellow' || row.kind === 'red') for (const person of office) tell(person.id, row.kind, reportId);
      }
      for (const [userId, kinds] of told) {
        for (const [kind, reportIds] of kinds) {
          reportIds.sort((a, b) => a - b);
          const list =
            reportIds
              .slice(0, 10)
              .map((id) => `#${id}`)
              .join(', ') + (reportIds.length > 10 ? ' …' : '');
          await notify(
            tx as unknown as Db,
            [userId],
            {
              kind: kind === 'warning' ? 'report.deadline' : 'report.ticket',
              messageKey: `reports.notice.deadline.${kind}`,
              params: { count: reportIds.length, list, number: reportIds[0]!, ticket: kind, deadline: tomorrow },
              link: reportIds.length === 1 ? `/reports/${reportIds[0]}` : '/staff/reports',
            },
            now,
          );
          result.notices++;
        }
      }
    });
  }
  return result;
}

export const deadlineCheck = defineJob('reports.deadline-check', async (_payload: object, { db, now }) => {
  await runDeadlineCheck(db, now);
});
defineRecurring('reports.deadline-check', deadlineCheck, { every: '15m' });
