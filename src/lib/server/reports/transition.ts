/**
 * Moving a report through the workflow (workflow.ts). Each change is one transaction: the report
 * row is updated only if its version is the one the actor saw (`where id = ? and version = ?`), so
 * of two staff acting at once exactly one wins and the other is told someone else changed it; the
 * same transaction writes the timeline entry, the audit entry, the notifications and the map counts.
 */
import { and, count, eq, or, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { departments, reportFollowers, reportPhotos, reportRatings, reports, reportTimeline, users, type Rating, type ReportStatus, RATINGS } from '../../../../db/schema';
import { recordAudit } from '../audit/record';
import type { Actor } from '../auth/permissions';
import { alertAreaFollowers } from '../messages/follows';
import { notify, notifyPhone } from '../notifications';
import { reportPermissions } from './permissions';
import { storePhoto, type StoredPhoto } from '../photos';
import { fail, type Result } from '../result';
import type { Storage } from '../storage';
import { routeCategory } from './categories';
import { countStatusChange } from './map';
import { pointsForReportTransition } from '../community/points';
import { discardPhotos, PHOTOS_MAX } from './submit';
import { addWorkingDays, loadCalendar, workingDaysBetween } from '../calendar';
import { cityDay } from '../time';
import { findTransition, RATING_WINDOW_DAYS, type Transition } from './workflow';

export const NOTE_MAX = 500;

export interface TransitionInput {
  to: ReportStatus;
  /** The version the actor saw. */
  version: number;
  note?: string | null | undefined;
  departmentId?: number | null | undefined;
  /** 'YYYY-MM-DD'; computed from the category's working days when absent. */
  deadline?: string | null | undefined;
  /** "After" photos uploaded with a rectification. */
  afterPhotos?: Uint8Array[] | undefined;
}

export type TransitionFailure =
  'not_found' | 'invalid_transition' | 'forbidden' | 'invalid' | 'conflict' | 'too_late' | 'photo_too_large' | 'photo_too_many_pixels' | 'photo_type' | 'photo_unreadable';

const reportColumns = {
  id: reports.id,
  status: reports.status,
  version: reports.version,
  categoryId: reports.categoryId,
  reporterId: reports.reporterId,
  departmentId: reports.departmentId,
  proposedDepartmentId: reports.proposedDepartmentId,
  gridId: reports.gridId,
  districtId: reports.districtId,
  deadline: reports.deadline,
  assignedAt: reports.assignedAt,
  closedAt: reports.closedAt,
  lat: reports.lat,
  lng: reports.lng,
  callerPhone: reports.callerPhone,
};

type LoadedReport = { [K in keyof typeof reportColumns]: (typeof reports.$inferSelect)[K extends 'id' ? 'id' : K] };

async function loadReport(db: Db, reportId: number): Promise<LoadedReport | null> {
  const [row] = await db.select(reportColumns).from(reports).where(eq(reports.id, reportId));
  return (row as LoadedReport | undefined) ?? null;
}

const conflict = () => fail('conflict' as const, 'reports.error.conflict');

export async function transitionReport(
  db: Db,
  storage: Storage,
  actor: Actor,
  reportId: number,
  input: TransitionInput,
  requestId?: string | null,
  now: Date = new Date(),
): Promise<Result<{ report: { id: number; status: ReportStatus; version: number } }, TransitionFailure>> {
  const report = await loadReport(db, reportId);
  if (!report) return fail('not_found', 'error.notFound');
  if (report.version !== input.version) return conflict();
  const transition = findTransition(report.status, input.to);
  if (!transition || transition.internal) return fail('invalid_transition', 'reports.error.invalidTransition');
  if (!reportPermissions['report.transition'](actor, { report, transition })) return fail('forbidden', 'error.forbidden');

  const note = (input.note ?? '').trim();
  const fields: Record<string, string> = {};
  if (transition.needsNote && !note) fields.note = 'reports.error.noteRequired';
  if (note.length > NOTE_MAX) fields.note = 'reports.error.noteTooLong';
  const calendar = await loadCalendar(db);
  const today = cityDay(now);
  let departmentId = report.departmentId;
  let deadline = report.deadline;
  if (transition.assigns) {
    departmentId = input.departmentId ?? report.departmentId ?? report.proposedDepartmentId;
    const [department] = departmentId ? await db.select({ id: departments.id }).from(departments).where(eq(departments.id, departmentId)) : [];
    if (!department) fields.departmentId = 'reports.error.department';
    if (input.deadline) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(input.deadline) || input.deadline < today) fields.deadline = 'reports.error.deadline';
      deadline = input.deadline;
    } else {
      const routing = await routeCategory(db, report.categoryId, report.districtId);
      deadline = addWorkingDays(today, routing?.deadlineDays ?? 5, calendar);
    }
  }
  const photos = input.afterPhotos ?? [];
  if (photos.length > PHOTOS_MAX) fields.photos = 'reports.error.photoCount';
  if (transition.needsAfterPhoto) {
    const [existing] = await db
      .select({ n: count() })
      .from(reportPhotos)
      .where(and(eq(reportPhotos.reportId, reportId), eq(reportPhotos.stage, 'after')));
    if ((existing?.n ?? 0) + photos.length === 0) fields.photos = 'reports.error.afterPhotoRequired';
  }
  if (Object.keys(fields).length) return fail('invalid', 'form.invalid', { fields });
  if (transition.withinWorkingDaysOfAssignment !== undefined && report.assignedAt) {
    const elapsed = workingDaysBetween(cityDay(report.assignedAt), today, calendar);
    if (elapsed > transition.withinWorkingDaysOfAssignment) return fail('too_late', 'reports.error.returnTooLate');
  }

  const stored: StoredPhoto[] = [];
  for (const [index, bytes] of photos.entries()) {
    const result = await storePhoto(storage, bytes, { folder: 'reports', visibility: 'public' });
    if (!result.ok) {
      await discardPhotos(storage, stored);
      return { ...result, fields: { photos: result.message }, params: { ...result.params, number: index + 1 } };
    }
    stored.push(result.photo);
  }

  const outcome = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(reports)
      .set({
        status: transition.to,
        version: sql`${reports.version} + 1`,
        departmentId,
        deadline,
        updatedAt: now,
        ...(transition.assigns && { assignedAt: now, rectifiedAt: null }),
        ...(transition.to === 'rectified' && { rectifiedAt: now }),
        ...(transition.to === 'closed' && { closedAt: now }),
      })
      .where(and(eq(reports.id, reportId), eq(reports.version, input.version)))
      .returning({ id: reports.id, status: reports.status, version: reports.version });
    if (!updated) return null;
    if (stored.length) {
      await tx.insert(reportPhotos).values(stored.map((photo) => ({ reportId, stage: 'after' as const, ...photo, uploadedBy: actor.id })));
    }
    await recordChange(tx, actor, report, transition, { note: note || null, departmentId, deadline, requestId, now });
    return updated;
  });
  if (!outcome) {
    await discardPhotos(storage, stored);
    return conflict();
  }
  return { ok: true, report: outcome };
}

/** Timeline, audit, notifications and map counts for a change already made to the row. */
async function recordChange(
  tx: Db,
  actor: Actor,
  report: LoadedReport,
  transition: Pick<Transition, 'from' | 'to'>,
  details: {
    note: string | null;
    departmentId: number | null;
    deadline: string | null;
    requestId?: string | null | undefined;
    now: Date;
    audited?: boolean;
    extra?: Record<string, unknown>;
  },
): Promise<void> {
  await tx.insert(reportTimeline).values({
    reportId: report.id,
    fromStatus: transition.from,
    toStatus: transition.to,
    actorId: actor.id,
    actorRole: actor.role,
    note: details.note,
    departmentId: details.departmentId,
    deadline: details.deadline,
    createdAt: details.now,
  });
  if (details.audited !== false) {
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: `report.${transition.to}`,
      targetType: 'report',
      targetId: report.id,
      summary: {
        before: { status: transition.from, departmentId: report.departmentId, deadline: report.deadline },
        after: { status: transition.to, departmentId: details.departmentId, deadline: details.deadline, note: details.note, ...details.extra },
      },
      requestId: details.requestId ?? null,
    });
  }
  await notifyFollowers(tx, report, actor.id, transition.to, details.now);
  if (transition.to === 'assigned' && details.departmentId) await notifyAssignees(tx, report, details.departmentId, details.deadline, details.now);
  // A report becoming public is news for those who follow its area.
  if (transition.to === 'accepted') await alertAreaFollowers(tx, report.id, details.now);
  await countStatusChange(tx, report, transition.from, transition.to);
  // Reporter points (积分): paid on acceptance and verification, revoked on rejection or merging.
  await pointsForReportTransition(tx, report, transition.from, transition.to, actor, details.now);
}

/** A new assignment: the department's staff and the cell's grid worker hear of it. */
async function notifyAssignees(tx: Db, report: Pick<LoadedReport, 'id' | 'gridId'>, departmentId: number, deadline: string | null, now: Date) {
  const staff = await tx
    .select({ id: users.id })
    .from(users)
    .where(
      or(
        and(eq(users.role, 'department_staff'), eq(users.departmentId, departmentId)),
        report.gridId === null ? sql`false` : and(eq(users.role, 'grid_worker'), eq(users.gridCellId, report.gridId)),
      ),
    );
  await notify(
    tx,
    staff.map((row) => row.id),
    { kind: 'report.assigned', messageKey: 'reports.notice.newAssignment', params: { id: report.id, number: report.id, deadline: deadline ?? '' }, link: `/reports/${report.id}` },
    now,
  );
}

async function notifyFollowers(tx: Db, report: Pick<LoadedReport, 'id' | 'reporterId' | 'callerPhone'>, actorId: number, status: ReportStatus, now: Date) {
  const followers = await tx.select({ userId: reportFollowers.userId }).from(reportFollowers).where(eq(reportFollowers.reportId, report.id));
  const params = { id: report.id, number: report.id, status };
  const link = `/reports/${report.id}`;
  // The reporter is told about "your report", followers about "a report you follow".
  if (report.reporterId !== null && report.reporterId !== actorId) {
    await notify(tx, [report.reporterId], { kind: 'report.status', messageKey: `reports.notice.mine.${status}`, params, link }, now);
  }
  const others = followers.map((f) => f.userId).filter((id) => id !== actorId && id !== report.reporterId);
  await notify(tx, others, { kind: 'report.status', messageKey: `reports.notice.${status}`, params, link }, now);
  // Hotline callers have no account: an SMS at acceptance and at closing is all they get.
  if (report.callerPhone && (status === 'accepted' || status === 'closed' || status === 'rejected')) {
    await notifyPhone(
      tx,
      report.callerPhone,
      { kind: 'report.caller', messageKey: `reports.notice.caller.${status}`, params, link, dedupeKey: `report.caller:${report.id}:${status}` },
      now,
    );
  }
}

/**
 * The reporter rates the handling within 7 days of closing; 不满意 sends the report back to the
 * office (closed → disputed) in the same transaction.
 */
export async function rateReport(
  db: Db,
  actor: Actor,
  reportId: number,
  input: { rating: Rating; comment?: string | null | undefined },
  now: Date = new Date(),
): Promise<Result<{ disputed: boolean }, 'not_found' | 'forbidden' | 'invalid' | 'not_closed' | 'too_late' | 'already_rated' | 'conflict'>> {
  const report = await loadReport(db, reportId);
  if (!report) return fail('not_found', 'error.notFound');
  if (!reportPermissions['report.rate'](actor, report)) return fail('forbidden', 'error.forbidden');
  if (!RATINGS.includes(input.rating)) return fail('invalid', 'form.invalid', { fields: { rating: 'reports.error.rating' } });
  if (report.status !== 'closed' || !report.closedAt) return fail('not_closed', 'reports.error.notClosed');
  if (now.getTime() - report.closedAt.getTime() > RATING_WINDOW_DAYS * 86_400_000) return fail('too_late', 'reports.error.ratingTooLate');
  const comment = (input.comment ?? '').trim().slice(0, NOTE_MAX) || null;
  return db
    .transaction(async (tx) => {
      const [rated] = await tx
        .insert(reportRatings)
        .values({ reportId, userId: actor.id, departmentId: report.departmentId, rating: input.rating, comment })
        .onConflictDoNothing()
        .returning();
      if (!rated) return fail('already_rated', 'reports.error.alreadyRated');
      if (input.rating !== 'unsatisfied') return { ok: true as const, disputed: false };
      const [updated] = await tx
        .update(reports)
        .set({ status: 'disputed', version: sql`${reports.version} + 1`, updatedAt: now })
        .where(and(eq(reports.id, reportId), eq(reports.version, report.version)))
        .returning({ id: reports.id });
      if (!updated) {
        tx.rollback();
      }
      await recordChange(
        tx,
        actor,
        report,
        { from: 'closed', to: 'disputed' },
        {
          note: comment,
          departmentId: report.departmentId,
          deadline: report.deadline,
          now,
          audited: false,
        },
      );
      return { ok: true as const, disputed: true };
    })
    .catch((error: unknown) => {
      if ((error as Error)?.name === 'TransactionRollbackError') return conflict();
      throw error;
    });
}

/**
 * Merges a duplicate into the report it repeats: followers (and its reporter) follow the target,
 * photos move, the duplicate points to the target and leaves the map.
 */
export async function mergeReports(
  db: Db,
  actor: Actor,
  duplicateId: number,
  targetId: number,
  version: number,
  requestId?: string | null,
  now: Date = new Date(),
): Promise<Result<{ targetId: number }, 'not_found' | 'forbidden' | 'invalid_transition' | 'invalid' | 'conflict'>> {
  if (duplicateId === targetId) return fail('invalid', 'reports.error.mergeSelf');
  const duplicate = await loadReport(db, duplicateId);
  const target = await loadReport(db, targetId);
  if (!duplicate || !target) return fail('not_found', 'error.notFound');
  const transition = findTransition(duplicate.status, 'merged');
  if (!transition || ['merged', 'rejected'].includes(target.status)) return fail('invalid_transition', 'reports.error.invalidTransition');
  if (!reportPermissions['report.transition'](actor, { report: duplicate, transition })) return fail('forbidden', 'error.forbidden');
  const merged = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(reports)
      .set({ status: 'merged', mergedIntoId: targetId, version: sql`${reports.version} + 1`, updatedAt: now })
      .where(and(eq(reports.id, duplicateId), eq(reports.version, version)))
      .returning({ id: reports.id });
    if (!updated) return false;
    const movers = await tx.select({ userId: reportFollowers.userId }).from(reportFollowers).where(eq(reportFollowers.reportId, duplicateId));
    const userIds = [...new Set([...movers.map((m) => m.userId), ...(duplicate.reporterId !== null ? [duplicate.reporterId] : [])])].filter((id) => id !== target.reporterId);
    if (userIds.length)
      await tx
        .insert(reportFollowers)
        .values(userIds.map((userId) => ({ reportId: targetId, userId })))
        .onConflictDoNothing();
    await tx.update(reportPhotos).set({ reportId: targetId }).where(eq(reportPhotos.reportId, duplicateId));
    await tx
      .update(reports)
      .set({
        followerCount: sql`(select count(*) from ${reportFollowers} where ${reportFollowers.reportId} = ${targetId})`,
        version: sql`${reports.version} + 1`,
        updatedAt: now,
      })
      .where(eq(reports.id, targetId));
    await recordChange(tx, actor, duplicate, transition, {
      note: null,
      departmentId: duplicate.departmentId,
      deadline: duplicate.deadline,
      requestId,
      now,
      extra: { mergedInto: targetId },
    });
    return true;
  });
  return merged ? { ok: true, targetId } : conflict();
}
