/**
 * Reporter points (积分) for useful participation, by rules admins set (point_rules; the defaults
 * below until they do). Awarded from domain events, inside the transaction that made the event:
 * a report accepted or verified as rectified (and the first report in a grid cell nobody reported in
 * before), a nomination accepted, volunteer hours approved, a quiz completed. Nothing for filing
 * alone, nor for rejected, merged or duplicate reports (points of a report later rejected or merged
 * are revoked).
 *
 * Anti-gaming: daily and weekly caps per account (the account's row is locked while its award is
 * counted, so concurrent events cannot pass a cap); reports by accounts younger than
 * `points.newAccountDays` earn nothing until accepted; nothing when the reporter handles the report
 * (accepts it, or is its department's staff or its cell's grid worker); a report from a cluster of
 * new accounts in one grid cell within a short time, or from a device several accounts filed from
 * with many reports in a short time (deviceCluster), is held for review instead. Points can be
 * revoked with a reason (audited). No cash value: points are a record of participation that the
 * office may recognise; the UI promises nothing else.
 */
import { and, asc, desc, eq, gte, inArray, isNotNull, lt, lte, ne, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { areas, pointAwards, pointProfiles, pointRules, reportDevices, reports, users, type AwardStatus, type PointEvent, type ReportStatus } from '../../../../db/schema';
import type { Actor } from '../auth/permissions';
import { recordAudit } from '../audit/record';
import { notify } from '../notifications';
import { fail, type Result } from '../result';
import { getSettings } from '../settings';
import { addDays, cityDay, cityMonth, isoWeekStart } from '../time';
import { csvField } from '../output';
import { communityPermissions } from './permissions';

/** Until an admin sets a rule: points per event (volunteer hours: per hour). */
export const DEFAULT_RULES: Record<PointEvent, number> = {
  report_accepted: 5,
  report_verified: 5,
  report_new_cell: 3,
  nomination_accepted: 5,
  volunteer_hours: 2,
  quiz_completed: 2,
};

export async function loadRules(db: Db): Promise<{ event: PointEvent; points: number; active: boolean }[]> {
  const rows = await db.select().from(pointRules);
  const stored = new Map(rows.map((row) => [row.event, row]));
  return (Object.keys(DEFAULT_RULES) as PointEvent[]).map((event) => ({
    event,
    points: stored.get(event)?.points ?? DEFAULT_RULES[event],
    active: stored.get(event)?.active ?? true,
  }));
}

export async function saveRule(
  db: Db,
  actor: Actor,
  input: { event: PointEvent; points: number; active: boolean },
  requestId: string | null = null,
): Promise<Result<{}, 'forbidden'>> {
  if (!communityPermissions['points.configure'](actor)) return fail('forbidden', 'error.forbidden');
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(pointRules).where(eq(pointRules.event, input.event));
    await tx
      .insert(pointRules)
      .values({ ...input, updatedBy: actor.id, updatedAt: new Date() })
      .onConflictDoUpdate({ target: pointRules.event, set: { points: input.points, active: input.active, updatedBy: actor.id, updatedAt: new Date() } });
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'points.rule',
      targetType: 'point_rule',
      targetId: input.event,
      summary: { before: before ? { points: before.points, active: before.active } : null, after: { points: input.points, active: input.active } },
      requestId,
    });
  });
  return { ok: true };
}

export interface AwardRequest {
  userId: number;
  event: PointEvent;
  sourceKey: string;
  /** Units of the rule (hours for volunteer_hours); 1 otherwise. */
  units?: number;
  communityId?: number | null;
  /** Held for review instead of counting (the cluster rule). */
  hold?: boolean;
  note?: string;
}

/**
 * Awards one event's points, once per (person, event, source). Locks the person's row, then caps
 * the points by what the day and the week (Monday-Sunday, city time) still allow; a capped award is
 * still recorded (0 points, the requested amount beside it) so that the history explains it.
 */
export async function award(tx: Db, request: AwardRequest, now: Date = new Date()): Promise<{ points: number; status: AwardStatus } | null> {
  const rules = await loadRules(tx);
  const rule = rules.find((r) => r.event === request.event);
  if (!rule || !rule.active || rule.points === 0) return null;
  const requested = Math.min(1000, Math.round(rule.points * (request.units ?? 1)));
  if (requested <= 0) return null;
  // One award at a time per person: the caps below are read and written under this lock. NO KEY
  // UPDATE, so that it does not wait on the key-share locks the same transaction's other writes
  // (notices, timeline rows) take on the row, nor they on it: two awards still exclude each other.
  const [person] = await tx.select({ id: users.id }).from(users).where(eq(users.id, request.userId)).for('no key update');
  if (!person) return null;
  const [existing] = await tx
    .select({ id: pointAwards.id })
    .from(pointAwards)
    .where(and(eq(pointAwards.userId, request.userId), eq(pointAwards.event, request.event), eq(pointAwards.sourceKey, request.sourceKey)));
  if (existing) return null;
  const caps = await getSettings(tx, ['points.dailyCap', 'points.weeklyCap']);
  const day = cityDay(now);
  const weekStart = isoWeekStart(now);
  const [sums] = await tx
    .select({
      day: sql<number>`coalesce(sum(${pointAwards.points}) filter (where ${pointAwards.day} = ${day}), 0)::int`,
      week: sql<number>`coalesce(sum(${pointAwards.points}), 0)::int`,
    })
    .from(pointAwards)
    .where(and(eq(pointAwards.userId, request.userId), gte(pointAwards.day, weekStart), lt(pointAwards.day, addDays(weekStart, 7)), ne(pointAwards.status, 'revoked')));
  const room = Math.max(0, Math.min(caps['points.dailyCap'] - Number(sums?.day ?? 0), caps['points.weeklyCap'] - Number(sums?.week ?? 0)));
  const points = Math.min(requested, room);
  const status: AwardStatus = request.hold ? 'review' : 'awarded';
  await tx.insert(pointAwards).values({
    userId: request.userId,
    event: request.event,
    sourceKey: request.sourceKey,
    points,
    requested,
    status,
    communityId: request.communityId ?? null,
    day,
    // A held award keeps why it is held (the office reads it); otherwise a cut is marked.
    note: request.hold && request.note ? request.note : points < requested ? 'capped' : (request.note ?? null),
    createdAt: now,
  });
  return { points, status };
}

interface ReportForPoints {
  id: number;
  reporterId: number | null;
  departmentId: number | null;
  gridId: number | null;
  communityId?: number | null;
  createdAt?: Date;
}

/**
 * The report's points after one transition, in the transition's transaction: accepted pays the
 * reporter (and the first report of a cell), closed from rectified (verified) pays again; rejected
 * or merged after acceptance revokes what it paid.
 */
export async function pointsForReportTransition(tx: Db, report: ReportForPoints, from: ReportStatus, to: ReportStatus, actor: Actor, now: Date = new Date()): Promise<void> {
  if (report.reporterId === null) return;
  if (to === 'rejected' || to === 'merged') {
    await revokeBySource(tx, report.reporterId, `report:${report.id}`, `reports.status.${to}`, now);
    return;
  }
  const verified = from === 'rectified' && to === 'closed';
  if (to !== 'accepted' && !verified) return;
  const [row] = await tx
    .select({
      createdAt: reports.createdAt,
      communityId: reports.communityId,
      gridId: reports.gridId,
      departmentId: reports.departmentId,
      status: reports.status,
      reporterCreatedAt: users.createdAt,
      reporterRole: users.role,
      reporterDepartmentId: users.departmentId,
      reporterGridCellId: users.gridCellId,
    })
    .from(reports)
    .innerJoin(users, eq(users.id, reports.reporterId))
    .where(eq(reports.id, report.id));
  if (!row) return;
  // No points when the reporter handles the report: they accepted or verified it, or it is theirs to fix.
  const handles =
    actor.id === report.reporterId ||
    (row.reporterRole === 'department_staff' && row.reporterDepartmentId !== null && row.reporterDepartmentId === row.departmentId) ||
    (row.reporterRole === 'grid_worker' && row.reporterGridCellId !== null && row.reporterGridCellId === row.gridId);
  if (handles) return;
  const settings = await getSettings(tx, [
    'points.newAccountDays',
    'points.clusterSize',
    'points.clusterWindowMinutes',
    'points.deviceClusterReports',
    'points.deviceClusterWindowMinutes',
  ]);
  const newAccountMs = settings['points.newAccountDays'] * 86_400_000;
  const wasNew = row.createdAt.getTime() - row.reporterCreatedAt.getTime() < newAccountMs;
  // New accounts earn nothing for a report that is not (yet) accepted: only these transitions pay.
  if (wasNew && !['accepted', 'assigned', 'in_progress', 'returned', 'rectified', 'closed', 'disputed'].includes(to)) return;
  const cell = wasNew && (await inCluster(tx, report.id, row.gridId, row.createdAt, settings['points.clusterSize'], settings['points.clusterWindowMinutes'], newAccountMs));
  const device = cell ? null : await deviceCluster(tx, report.id, row.createdAt, settings['points.deviceClusterReports'], settings['points.deviceClusterWindowMinutes']);
  const hold = cell || device !== null;
  const rule = cell ? 'cell' : 'device';
  const base = { userId: report.reporterId, sourceKey: `report:${report.id}`, communityId: row.communityId, hold, ...(hold && { note: `cluster:${rule}` }) };
  const given = await award(tx, { ...base, event: verified ? 'report_verified' : 'report_accepted' }, now);
  if (to === 'accepted' && row.gridId !== null) {
    // The first report ever accepted in its grid cell (no other report there made it past the office).
    const [earlier] = await tx
      .select({ id: reports.id })
      .from(reports)
      .where(
        and(
          eq(reports.gridId, row.gridId),
          ne(reports.id, report.id),
          inArray(reports.status, ['accepted', 'assigned', 'in_progress', 'returned', 'rectified', 'closed', 'disputed']),
        ),
      )
      .limit(1);
    if (!earlier) await award(tx, { ...base, event: 'report_new_cell' }, now);
  }
  if (given?.status === 'review') {
    // Flagged for the office's review instead of paid: audited, and the office told.
    await recordAudit(tx, {
      actorId: null,
      actorRole: 'system',
      action: 'points.hold',
      targetType: 'report',
      targetId: report.id,
      summary: { after: { status: 'review', rule, userId: report.reporterId, points: given.points, ...(device && { reports: device.reports, accounts: device.accounts }) } },
    });
    const office = await tx
      .select({ id: users.id })
      .from(users)
      .where(inArray(users.role, ['moderator', 'admin']));
    await notify(
      tx,
      office.map((o) => o.id),
      { kind: 'points.review', messageKey: rule === 'cell' ? 'points.notice.review' : 'points.notice.reviewDevice', params: { number: report.id }, link: '/staff/points#review' },
      now,
    );
  }
}

/**
 * The cluster rule: this many reports or more in the report's grid cell within the window around it,
 * each from an account that was new when it filed, and this report among them.
 */
async function inCluster(tx: Db, reportId: number, gridId: number | null, createdAt: Date, size: number, windowMinutes: number, newAccountMs: number): Promise<boolean> {
  if (gridId === null) return false;
  const windowMs = windowMinutes * 60_000;
  const [result] = await tx
    .select({ n: sql<number>`count(*)::int`, accounts: sql<number>`count(distinct ${reports.reporterId})::int` })
    .from(reports)
    .innerJoin(users, eq(users.id, reports.reporterId))
    .where(
      and(
        eq(reports.gridId, gridId),
        gte(reports.createdAt, new Date(createdAt.getTime() - windowMs)),
        lt(reports.createdAt, new Date(createdAt.getTime() + windowMs)),
        sql`${reports.createdAt} - ${users.createdAt} < ${`${Math.round(newAccountMs / 1000)} seconds`}::interval`,
      ),
    );
  void reportId;
  return Number(result?.n ?? 0) >= size && Number(result?.accounts ?? 0) >= 2;
}

/**
 * The device rule: the accounts that filed from this report's device (its keyed hash, see
 * http/device.ts) within the window around it are one cluster; when they are two accounts or more
 * and filed more than `maxReports` reports between them in that window (from any device), the
 * report is held. One person filing many reports from their own phone is not a cluster (the caps
 * bound them); several accounts on one phone, or accounts that share one now and then, are.
 */
async function deviceCluster(tx: Db, reportId: number, createdAt: Date, maxReports: number, windowMinutes: number): Promise<{ reports: number; accounts: number } | null> {
  const [own] = await tx.select({ hash: reportDevices.deviceHash }).from(reportDevices).where(eq(reportDevices.reportId, reportId));
  if (!own) return null;
  const from = new Date(createdAt.getTime() - windowMinutes * 60_000);
  const to = new Date(createdAt.getTime() + windowMinutes * 60_000);
  const accounts = await tx
    .selectDistinct({ id: reports.reporterId })
    .from(reportDevices)
    .innerJoin(reports, eq(reports.id, reportDevices.reportId))
    .where(and(eq(reportDevices.deviceHash, own.hash), gte(reportDevices.createdAt, from), lte(reportDevices.createdAt, to), isNotNull(reports.reporterId)));
  if (accounts.length < 2) return null;
  const [filed] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(reports)
    .where(
      and(
        inArray(
          reports.reporterId,
          accounts.map((a) => a.id!),
        ),
        gte(reports.createdAt, from),
        lte(reports.createdAt, to),
      ),
    );
  const n = Number(filed?.n ?? 0);
  return n > maxReports ? { reports: n, accounts: accounts.length } : null;
}

async function revokeBySource(tx: Db, userId: number, sourceKey: string, reason: string, now: Date): Promise<void> {
  const revoked = await tx
    .update(pointAwards)
    .set({ status: 'revoked', revokedAt: now, revokedReason: reason })
    .where(and(eq(pointAwards.userId, userId), eq(pointAwards.sourceKey, sourceKey), ne(pointAwards.status, 'revoked')))
    .returning({ id: pointAwards.id, points: pointAwards.points });
  for (const row of revoked) {
    await recordAudit(tx, {
      actorId: null,
      actorRole: 'system',
      action: 'points.revoke',
      targetType: 'point_award',
      targetId: row.id,
      summary: { after: { status: 'revoked', reason, points: row.points } },
    });
  }
}

/** A moderator revokes an award with a reason: it leaves the total and the leaderboard. Audited; the person is told. */
export async function revokeAward(
  db: Db,
  actor: Actor,
  awardId: number,
  reason: string,
  requestId: string | null = null,
  now: Date = new Date(),
): Promise<Result<{}, 'forbidden' | 'not_found'>> {
  if (!communityPermissions['points.manage'](actor)) return fail('forbidden', 'error.forbidden');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(pointAwards)
      .set({ status: 'revoked', revokedBy: actor.id, revokedAt: now, revokedReason: reason.trim() })
      .where(and(eq(pointAwards.id, awardId), ne(pointAwards.status, 'revoked')))
      .returning({ userId: pointAwards.userId, points: pointAwards.points, event: pointAwards.event });
    if (!row) return fail('not_found', 'error.notFound');
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'points.revoke',
      targetType: 'point_award',
      targetId: awardId,
      summary: { after: { status: 'revoked', reason: reason.trim(), points: row.points, userId: row.userId } },
      requestId,
    });
    await notify(tx, [row.userId], { kind: 'points.revoked', messageKey: 'points.notice.revoked', params: { points: row.points, reason: reason.trim() }, link: '/points' }, now);
    return { ok: true as const };
  });
}

/** A moderator releases an award held by the cluster rule: it counts from now. Audited. */
export async function releaseAward(db: Db, actor: Actor, awardId: number, requestId: string | null = null): Promise<Result<{}, 'forbidden' | 'not_found'>> {
  if (!communityPermissions['points.manage'](actor)) return fail('forbidden', 'error.forbidden');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(pointAwards)
      .set({ status: 'awarded' })
      .where(and(eq(pointAwards.id, awardId), eq(pointAwards.status, 'review')))
      .returning({ userId: pointAwards.userId, points: pointAwards.points });
    if (!row) return fail('not_found', 'error.notFound');
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'points.release',
      targetType: 'point_award',
      targetId: awardId,
      summary: { before: { status: 'review' }, after: { status: 'awarded', points: row.points, userId: row.userId } },
      requestId,
    });
    return { ok: true as const };
  });
}

/** A person's points: the total that counts, and every award newest first (held and revoked ones included, marked). */
export async function myPoints(db: Db, userId: number) {
  const history = await db
    .select({
      id: pointAwards.id,
      event: pointAwards.event,
      sourceKey: pointAwards.sourceKey,
      points: pointAwards.points,
      requested: pointAwards.requested,
      status: pointAwards.status,
      day: pointAwards.day,
      note: pointAwards.note,
      revokedReason: pointAwards.revokedReason,
      createdAt: pointAwards.createdAt,
    })
    .from(pointAwards)
    .where(eq(pointAwards.userId, userId))
    .orderBy(desc(pointAwards.id))
    .limit(500);
  const [sum] = await db
    .select({ total: sql<number>`coalesce(sum(${pointAwards.points}), 0)::int` })
    .from(pointAwards)
    .where(and(eq(pointAwards.userId, userId), eq(pointAwards.status, 'awarded')));
  return { total: Number(sum?.total ?? 0), history };
}

export function pointsJson(points: Awaited<ReturnType<typeof myPoints>>) {
  return {
    total: points.total,
    history: points.history.map((row) => ({
      id: row.id,
      event: row.event,
      source: row.sourceKey,
      points: row.points,
      requested: row.requested,
      status: row.status,
      day: row.day,
      capped: row.note === 'capped',
      revokedReason: row.revokedReason,
      at: row.createdAt.toISOString(),
    })),
  };
}

/**
 * The monthly leaderboard of one community (or every community): people by points that count,
 * earned in that community that month. Only people who chose a name to show are named; others are
 * counted as "a resident" so the ranks stay true.
 */
export async function leaderboard(db: Db, month: string = cityMonth(), communityId?: number, limit = 20) {
  const from = `${month}-01`;
  const to = addDays(`${month}-28`, 4).slice(0, 7) + '-01';
  const conditions = [eq(pointAwards.status, 'awarded'), gte(pointAwards.day, from), lt(pointAwards.day, to), sql`${pointAwards.points} > 0`];
  if (communityId) conditions.push(eq(pointAwards.communityId, communityId));
  const rows = await db
    .select({ userId: pointAwards.userId, points: sql<number>`sum(${pointAwards.points})::int`, name: pointProfiles.leaderboardName })
    .from(pointAwards)
    .leftJoin(pointProfiles, eq(pointProfiles.userId, pointAwards.userId))
    .where(and(...conditions))
    .groupBy(pointAwards.userId, pointProfiles.leaderboardName)
    .orderBy(desc(sql`sum(${pointAwards.points})`), asc(pointAwards.userId))
    .limit(limit);
  return rows.map((row, index) => ({ rank: index + 1, points: Number(row.points), name: row.name ?? null, userId: row.userId }));
}

/** The communities with points in a month, for the leaderboard's picker. */
export async function leaderboardCommunities(db: Db, month: string = cityMonth()) {
  const from = `${month}-01`;
  const to = addDays(`${month}-28`, 4).slice(0, 7) + '-01';
  return db
    .selectDistinct({ id: areas.id, nameZh: areas.nameZh, nameEn: areas.nameEn })
    .from(pointAwards)
    .innerJoin(areas, eq(areas.id, pointAwards.communityId))
    .where(and(eq(pointAwards.status, 'awarded'), gte(pointAwards.day, from), lt(pointAwards.day, to)))
    .orderBy(asc(areas.nameZh));
}

/** Opt-in: the name shown on the leaderboard, or none. */
export async function setLeaderboardName(db: Db, userId: number, name: string | null): Promise<void> {
  await db
    .insert(pointProfiles)
    .values({ userId, leaderboardName: name, updatedAt: new Date() })
    .onConflictDoUpdate({ target: pointProfiles.userId, set: { leaderboardName: name, updatedAt: new Date() } });
}

export async function leaderboardNameOf(db: Db, userId: number): Promise<string | null> {
  const [row] = await db.select({ name: pointProfiles.leaderboardName }).from(pointProfiles).where(eq(pointProfiles.userId, userId));
  return row?.name ?? null;
}

/** Awards held by the cluster rules, for the office (note: `cluster:cell` or `cluster:device`, or `capped`). */
export async function heldAwards(db: Db) {
  return db
    .select({
      id: pointAwards.id,
      userId: pointAwards.userId,
      name: users.displayName,
      event: pointAwards.event,
      sourceKey: pointAwards.sourceKey,
      points: pointAwards.points,
      day: pointAwards.day,
      note: pointAwards.note,
    })
    .from(pointAwards)
    .innerJoin(users, eq(users.id, pointAwards.userId))
    .where(eq(pointAwards.status, 'review'))
    .orderBy(asc(pointAwards.id))
    .limit(200);
}

/** The month's awards that count, one row per person, for the office to give rewards (CSV, no phone numbers). */
export async function* pointsCsv(db: Db, month: string): AsyncGenerator<string> {
  const from = `${month}-01`;
  const to = addDays(`${month}-28`, 4).slice(0, 7) + '-01';
  yield '\uFEFFuser_id,display_name,leaderboard_name,points,awards,month\r\n';
  const rows = await db
    .select({
      userId: pointAwards.userId,
      displayName: users.displayName,
      name: pointProfiles.leaderboardName,
      points: sql<number>`sum(${pointAwards.points})::int`,
      awards: sql<number>`count(*)::int`,
    })
    .from(pointAwards)
    .innerJoin(users, eq(users.id, pointAwards.userId))
    .leftJoin(pointProfiles, eq(pointProfiles.userId, pointAwards.userId))
    .where(and(eq(pointAwards.status, 'awarded'), gte(pointAwards.day, from), lt(pointAwards.day, to)))
    .groupBy(pointAwards.userId, users.displayName, pointProfiles.leaderboardName)
    .orderBy(desc(sql`sum(${pointAwards.points})`), asc(pointAwards.userId));
  for (const row of rows) yield [row.userId, row.displayName, row.name ?? '', row.points, row.awards, month].map((v) => csvField(String(v))).join(',') + '\r\n';
}

/** The recent awards of everyone, newest first, for the office's page (revoke from there). */
export async function recentAwards(db: Db, limit = 100) {
  return db
    .select({
      id: pointAwards.id,
      userId: pointAwards.userId,
      name: users.displayName,
      event: pointAwards.event,
      sourceKey: pointAwards.sourceKey,
      points: pointAwards.points,
      status: pointAwards.status,
      day: pointAwards.day,
      revokedReason: pointAwards.revokedReason,
    })
    .from(pointAwards)
    .innerJoin(users, eq(users.id, pointAwards.userId))
    .orderBy(desc(pointAwards.id))
    .limit(limit);
}
