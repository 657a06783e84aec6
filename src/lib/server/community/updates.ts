/**
 * Updates on reports (FixMyStreet's updates): a signed-in resident adds text and an optional photo to
 * a public report; the reporter and followers may mark it "still there" or "fixed". A mark reaches
 * the office and never changes the report: a "fixed" from the reporter on an open report asks the
 * office to verify, nothing more. Light moderation: the first update of a new account waits for a
 * moderator; later ones show at once and moderators may hide any with a reason (audited, the author
 * told). Text is masked like descriptions (phone and ID numbers) for everyone but its author and staff.
 */
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { reportFollowers, reports, reportUpdates, users, type UpdateMark, type UpdateStatus } from '../../../../db/schema';
import type { Actor } from '../auth/permissions';
import { recordAudit } from '../audit/record';
import { notify } from '../notifications';
import { mediaUrl, storePhoto, type StoredPhoto } from '../photos';
import { fail, type Result } from '../result';
import { maskPersonalNumbers } from '../reports/mask';
import { reportPermissions } from '../reports/permissions';
import { OPEN_STATUSES, PUBLIC_STATUSES } from '../reports/workflow';
import { getSetting } from '../settings';
import type { Storage } from '../storage';
import { discardPhotos } from '../reports/submit';
import { hiddenIds, isHidden } from './visibility';
import { communityPermissions } from './permissions';

export interface AddUpdateInput {
  text: string;
  mark?: UpdateMark | undefined;
  photo?: Uint8Array | null | undefined;
}

export type AddUpdateFailure = 'not_found' | 'not_public' | 'mark_not_allowed' | 'photo_too_large' | 'photo_too_many_pixels' | 'photo_type' | 'photo_unreadable';

export interface UpdateView {
  id: number;
  text: string;
  mark: UpdateMark | null;
  status: UpdateStatus;
  photo: { url: string; thumbnailUrl: string } | null;
  createdAt: Date;
  /** The viewer wrote it. */
  own: boolean;
  /** Staff only. */
  hiddenReason?: string | null;
}

/** The moderators and admins: they see marks and held updates. */
async function officeIds(db: Db): Promise<number[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.role, ['moderator', 'admin']), isNull(users.disabledAt), isNull(users.closedAt)));
  return rows.map((row) => row.id);
}

/**
 * Adds an update. The report must be public and not hidden by flags; a mark needs the reporter or
 * a follower. The first update of an account younger than `community.newAccountDays` waits for a
 * moderator (status pending); others show at once.
 */
export async function addUpdate(
  db: Db,
  storage: Storage,
  actor: Actor,
  reportId: number,
  input: AddUpdateInput,
  now: Date = new Date(),
): Promise<Result<{ update: { id: number; status: UpdateStatus } }, AddUpdateFailure>> {
  const [report] = await db
    .select({ id: reports.id, status: reports.status, reporterId: reports.reporterId, departmentId: reports.departmentId, gridId: reports.gridId })
    .from(reports)
    .where(eq(reports.id, reportId));
  if (!report || !reportPermissions['report.read'](actor, report) || (await isHidden(db, 'report', reportId))) return fail('not_found', 'error.notFound');
  if (!PUBLIC_STATUSES.includes(report.status)) return fail('not_public', 'updates.error.notPublic');
  const isReporter = report.reporterId === actor.id;
  if (input.mark) {
    const [following] = isReporter
      ? [true]
      : await db
          .select({ userId: reportFollowers.userId })
          .from(reportFollowers)
          .where(and(eq(reportFollowers.reportId, reportId), eq(reportFollowers.userId, actor.id)));
    if (!following) return fail('mark_not_allowed', 'updates.error.markNotAllowed', { fields: { mark: 'updates.error.markNotAllowed' } });
  }
  let photo: StoredPhoto | null = null;
  if (input.photo && input.photo.length > 0) {
    const stored = await storePhoto(storage, input.photo, { folder: 'updates', visibility: 'public' });
    if (!stored.ok) return { ...stored, fields: { photo: stored.message } };
    photo = stored.photo;
  }
  try {
    return await db.transaction(async (tx) => {
      // One update of an author at a time (their row locked to the end of the transaction): two
      // simultaneous first updates of a new account would otherwise each find no earlier visible
      // one and both be held, or, once one is approved, both skip the check. NO KEY UPDATE, like
      // the points' lock, so the notices' key-share locks on the row do not wait on it.
      const [author] = await tx.select({ createdAt: users.createdAt }).from(users).where(eq(users.id, actor.id)).for('no key update');
      const newAccountDays = await getSetting(tx, 'community.newAccountDays');
      const isNew = !author || now.getTime() - author.createdAt.getTime() < newAccountDays * 86_400_000;
      const [earlier] = isNew
        ? await tx
            .select({ id: reportUpdates.id })
            .from(reportUpdates)
            .where(and(eq(reportUpdates.authorId, actor.id), eq(reportUpdates.status, 'visible')))
            .limit(1)
        : [];
      const status: UpdateStatus = isNew && !earlier ? 'pending' : 'visible';
      const [created] = await tx
        .insert(reportUpdates)
        .values({
          reportId,
          authorId: actor.id,
          body: input.text.trim(),
          mark: input.mark ?? null,
          status,
          photoKey: photo?.key ?? null,
          photoThumbnailKey: photo?.thumbnailKey ?? null,
          photoWidth: photo?.width ?? null,
          photoHeight: photo?.height ?? null,
          createdAt: now,
        })
        .returning({ id: reportUpdates.id, status: reportUpdates.status });
      const office = await officeIds(tx);
      if (input.mark === 'fixed' && isReporter && OPEN_STATUSES.includes(report.status)) {
        await notify(tx, office, { kind: 'update.fixed', messageKey: 'updates.notice.fixed', params: { number: reportId }, link: `/staff/community#marks` }, now);
      } else if (status === 'pending') {
        await notify(tx, office, { kind: 'update.pending', messageKey: 'updates.notice.pending', params: { number: reportId }, link: `/staff/community#pending` }, now);
      }
      return { ok: true as const, update: created! };
    });
  } catch (error) {
    if (photo) await discardPhotos(storage, [photo]);
    throw error;
  }
}

/**
 * The updates of a report as the viewer may see them, oldest first: visible ones (not hidden by
 * flags) for everyone; the author also sees their own held or hidden ones; staff who handle the
 * report see all, with unmasked text and the reason of a hide.
 */
export async function listUpdates(db: Db, viewer: Actor | null, reportId: number, options: { staff?: boolean } = {}): Promise<UpdateView[]> {
  const rows = await db.select().from(reportUpdates).where(eq(reportUpdates.reportId, reportId)).orderBy(asc(reportUpdates.id));
  if (rows.length === 0) return [];
  const flagged = await hiddenIds(
    db,
    'update',
    rows.map((row) => row.id),
  );
  const staff = options.staff === true;
  return rows
    .filter((row) => staff || (row.status === 'visible' && !flagged.has(row.id)) || (viewer !== null && row.authorId === viewer.id))
    .map((row) => {
      const own = viewer !== null && row.authorId === viewer.id;
      return {
        id: row.id,
        text: staff || own ? row.body : maskPersonalNumbers(row.body),
        mark: row.mark,
        status: flagged.has(row.id) ? ('hidden' as const) : row.status,
        photo: row.photoKey && row.photoThumbnailKey ? { url: mediaUrl(row.photoKey), thumbnailUrl: mediaUrl(row.photoThumbnailKey) } : null,
        createdAt: row.createdAt,
        own,
        ...(staff && { hiddenReason: row.hiddenReason }),
      };
    });
}

/** The API's update: public fields only. */
export function updateJson(update: UpdateView) {
  return { id: update.id, text: update.text, mark: update.mark, photo: update.photo, createdAt: update.createdAt.toISOString() };
}

/** What the office's moderation page lists: held updates, and "fixed"/"still there" marks not yet looked at. */
export async function moderationQueue(db: Db) {
  const columns = {
    id: reportUpdates.id,
    reportId: reportUpdates.reportId,
    text: reportUpdates.body,
    mark: reportUpdates.mark,
    status: reportUpdates.status,
    photoKey: reportUpdates.photoThumbnailKey,
    createdAt: reportUpdates.createdAt,
    reportStatus: reports.status,
    byReporter: sql<boolean>`${reportUpdates.authorId} = ${reports.reporterId}`,
  };
  const pending = await db
    .select(columns)
    .from(reportUpdates)
    .innerJoin(reports, eq(reports.id, reportUpdates.reportId))
    .where(eq(reportUpdates.status, 'pending'))
    .orderBy(asc(reportUpdates.id))
    .limit(100);
  const marks = await db
    .select(columns)
    .from(reportUpdates)
    .innerJoin(reports, eq(reports.id, reportUpdates.reportId))
    .where(and(sql`${reportUpdates.mark} is not null`, isNull(reportUpdates.markHandledAt), inArray(reports.status, [...OPEN_STATUSES])))
    .orderBy(desc(reportUpdates.id))
    .limit(100);
  const shape = (row: (typeof pending)[number]) => ({ ...row, byReporter: Boolean(row.byReporter), photoUrl: row.photoKey ? mediaUrl(row.photoKey) : null });
  return { pending: pending.map(shape), marks: marks.map(shape) };
}

/**
 * A moderator approves a held update or hides one (a reason required; the author is told it).
 * Audited either way. Hiding never deletes: the author still sees it, marked hidden.
 */
export async function moderateUpdate(
  db: Db,
  actor: Actor,
  updateId: number,
  decision: 'approve' | 'hide',
  reason: string | undefined,
  requestId: string | null = null,
  now: Date = new Date(),
): Promise<Result<{ status: UpdateStatus }, 'forbidden' | 'not_found' | 'reason_required'>> {
  if (!communityPermissions['community.moderate'](actor)) return fail('forbidden', 'error.forbidden');
  if (decision === 'hide' && !reason?.trim()) return fail('reason_required', 'updates.error.reasonRequired', { fields: { reason: 'input.required' } });
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(reportUpdates).where(eq(reportUpdates.id, updateId)).for('update');
    if (!row) return fail('not_found', 'error.notFound');
    const status: UpdateStatus = decision === 'approve' ? 'visible' : 'hidden';
    await tx
      .update(reportUpdates)
      .set({ status, hiddenReason: decision === 'hide' ? reason!.trim() : null, moderatedBy: actor.id, moderatedAt: now })
      .where(eq(reportUpdates.id, updateId));
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: decision === 'approve' ? 'update.approve' : 'update.hide',
      targetType: 'report_update',
      targetId: updateId,
      summary: { before: { status: row.status }, after: { status, ...(decision === 'hide' && { reason: reason!.trim() }), reportId: row.reportId } },
      requestId,
    });
    if (decision === 'hide' && row.authorId !== null) {
      await notify(
        tx,
        [row.authorId],
        { kind: 'update.hidden', messageKey: 'updates.notice.hidden', params: { number: row.reportId, reason: reason!.trim() }, link: `/reports/${row.reportId}#updates` },
        now,
      );
    }
    return { ok: true as const, status };
  });
}

/** The office has looked at a mark (verified on site, or not): it leaves the queue. Audited. */
export async function handleMark(db: Db, actor: Actor, updateId: number, requestId: string | null = null, now: Date = new Date()): Promise<Result<{}, 'forbidden' | 'not_found'>> {
  if (!communityPermissions['community.moderate'](actor)) return fail('forbidden', 'error.forbidden');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(reportUpdates)
      .set({ markHandledAt: now })
      .where(and(eq(reportUpdates.id, updateId), sql`${reportUpdates.mark} is not null`))
      .returning({ reportId: reportUpdates.reportId, mark: reportUpdates.mark });
    if (!row) return fail('not_found', 'error.notFound');
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'update.markHandled',
      targetType: 'report_update',
      targetId: updateId,
      summary: { after: { mark: row.mark, reportId: row.reportId } },
      requestId,
    });
    return { ok: true as const };
  });
}
