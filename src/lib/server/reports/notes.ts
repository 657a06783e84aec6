/**
 * Inside a department: the named person who works on a report (an assignee among the department's
 * staff), and internal notes that only the staff handling the report read. Both are audited.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { reportNotes, reports, users } from '../../../../db/schema';
import { recordAudit } from '../audit/record';
import type { Actor } from '../auth/permissions';
import { fail, type Result } from '../result';
import { reportPermissions, type ReportRef } from './permissions';

async function reportRef(db: Db, reportId: number): Promise<(ReportRef & { assigneeId: number | null }) | null> {
  const [row] = await db
    .select({ status: reports.status, reporterId: reports.reporterId, departmentId: reports.departmentId, gridId: reports.gridId, assigneeId: reports.assigneeId })
    .from(reports)
    .where(eq(reports.id, reportId));
  return row ?? null;
}

export interface InternalNote {
  id: number;
  body: string;
  createdAt: Date;
  author: string | null;
}

/** The report's internal notes, oldest first; empty for anyone who may not read them. */
export async function listInternalNotes(db: Db, actor: Actor | null, reportId: number): Promise<InternalNote[]> {
  const ref = await reportRef(db, reportId);
  if (!ref || !reportPermissions['report.note'](actor, ref)) return [];
  return db
    .select({ id: reportNotes.id, body: reportNotes.body, createdAt: reportNotes.createdAt, author: users.displayName })
    .from(reportNotes)
    .leftJoin(users, eq(users.id, reportNotes.authorId))
    .where(eq(reportNotes.reportId, reportId))
    .orderBy(asc(reportNotes.id));
}

export async function addInternalNote(db: Db, actor: Actor, reportId: number, body: string, requestId?: string | null): Promise<Result<{ id: number }, 'not_found' | 'forbidden'>> {
  return db.transaction(async (tx) => {
    const ref = await reportRef(tx, reportId);
    if (!ref || !reportPermissions['report.read'](actor, ref)) return fail('not_found', 'error.notFound');
    if (!reportPermissions['report.note'](actor, ref)) return fail('forbidden', 'error.forbidden');
    const [note] = await tx.insert(reportNotes).values({ reportId, authorId: actor.id, body }).returning({ id: reportNotes.id });
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'report.note',
      targetType: 'report',
      targetId: reportId,
      summary: { after: { note: body } },
      requestId: requestId ?? null,
    });
    return { ok: true as const, id: note!.id };
  });
}

/** Staff of the report's department: whom it can be assigned to. */
export async function assignableStaff(db: Db, departmentId: number | null): Promise<{ id: number; displayName: string }[]> {
  if (departmentId === null) return [];
  return db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(and(eq(users.role, 'department_staff'), eq(users.departmentId, departmentId)))
    .orderBy(asc(users.displayName), asc(users.id));
}

/** Names (or, with null, clears) the person in the department who works on the report. */
export async function setAssignee(
  db: Db,
  actor: Actor,
  reportId: number,
  assigneeId: number | null,
  requestId?: string | null,
): Promise<Result<{ assigneeId: number | null }, 'not_found' | 'forbidden' | 'invalid'>> {
  return db.transaction(async (tx) => {
    const ref = await reportRef(tx, reportId);
    if (!ref || !reportPermissions['report.read'](actor, ref)) return fail('not_found', 'error.notFound');
    if (!reportPermissions['report.assign'](actor, ref)) return fail('forbidden', 'error.forbidden');
    if (assigneeId !== null) {
      const staff = await assignableStaff(tx, ref.departmentId);
      if (!staff.some((person) => person.id === assigneeId))
        return fail('invalid', 'reports.assignee.notInDepartment', { fields: { assigneeId: 'reports.assignee.notInDepartment' } });
    }
    await tx.update(reports).set({ assigneeId }).where(eq(reports.id, reportId));
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'report.assignee',
      targetType: 'report',
      targetId: reportId,
      summary: { before: { assigneeId: ref.assigneeId }, after: { assigneeId } },
      requestId: requestId ?? null,
    });
    return { ok: true as const, assigneeId };
  });
}

/** The assignee's name for the report page (staff only). */
export async function assigneeOf(db: Db, reportId: number): Promise<{ id: number; displayName: string } | null> {
  const [row] = await db.select({ id: users.id, displayName: users.displayName }).from(reports).innerJoin(users, eq(users.id, reports.assigneeId)).where(eq(reports.id, reportId));
  return row ?? null;
}
