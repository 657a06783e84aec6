/**
 * The morning digest for departments and grid workers (08:00 China time, a recurring job): how many
 * of their reports are open and how many overdue, in-app and by e-mail (kind "report.digest"). Two
 * aggregate queries (per department on reports_department_status_idx, per grid cell on
 * reports_grid_status_idx), then one once-only notice per person per day.
 */
import { and, count, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { reports, users } from '../../../../db/schema';
import { defineJob, defineRecurring } from '../jobs';
import { notify } from '../notifications';
import { cityDay as chinaDate } from '../time';
import { DEADLINE_STATUSES } from './workflow';

export async function sendStaffDigests(db: Db, now: Date): Promise<number> {
  const today = chinaDate(now);
  const open = inArray(reports.status, [...DEADLINE_STATUSES]);
  const overdue = sql<number>`count(*) filter (where ${reports.deadline} < ${today}::date)`.mapWith(Number);
  const [byDepartment, byCell, staff] = await Promise.all([
    db
      .select({ key: reports.departmentId, open: count(), overdue })
      .from(reports)
      .where(and(open, isNotNull(reports.departmentId)))
      .groupBy(reports.departmentId),
    db
      .select({ key: reports.gridId, open: count(), overdue })
      .from(reports)
      .where(and(open, isNotNull(reports.gridId)))
      .groupBy(reports.gridId),
    db
      .select({ id: users.id, role: users.role, departmentId: users.departmentId, gridCellId: users.gridCellId })
      .from(users)
      .where(inArray(users.role, ['department_staff', 'grid_worker'])),
  ]);
  const departments = new Map(byDepartment.map((row) => [row.key, row]));
  const cells = new Map(byCell.map((row) => [row.key, row]));
  let sent = 0;
  for (const person of staff) {
    const figures = person.role === 'department_staff' ? departments.get(person.departmentId) : cells.get(person.gridCellId);
    if (!figures || figures.open === 0) continue;
    await notify(
      db,
      [person.id],
      {
        kind: 'report.digest',
        messageKey: 'reports.notice.digest',
        params: { open: figures.open, overdue: figures.overdue, day: today },
        link: '/staff/reports',
        dedupeKey: `report.digest:${today}`,
      },
      now,
    );
    sent++;
  }
  return sent;
}

export const staffDigest = defineJob('reports.staff-digest', async (_payload: object, { db, now }) => {
  await sendStaffDigests(db, now);
});
defineRecurring('reports.staff-digest.daily', staffDigest, { dailyAt: '08:00' });
