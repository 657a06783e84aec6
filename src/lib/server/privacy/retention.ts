/**
 * Retention (PIPL art. 19: no longer than the purpose needs). Each period is a run-time setting
 * (admins change it; the privacy page lists the values in force). runRetention removes what is due
 * and nothing else; it is idempotent and runs nightly through the job queue (retention-job.ts).
 *
 * - hotline callers' names and phones: N days after the report is closed (or rejected);
 * - originals kept behind blurred photos: N days after the report is closed (or rejected);
 * - SMS and e-mail codes: N days after they were sent (spent or not);
 * - the outbox of SMS and e-mail as sent: N days after queued (src/lib/server/messages/purge.ts);
 * - failed-login counters: N days after the last failure;
 * - the device hash kept with a report (the points' cluster rule): N days after it was filed;
 * - sessions: when they expire;
 * - exports: never stored (built on request);
 * - closed accounts: personal fields are erased at closure; N days later the consent records and
 *   follows that still point at the empty account go too.
 *
 * Each run is recorded (retention_runs: when, the periods in force, how many of each kind went) for
 * the admins' page /admin/privacy, where the periods are changed within RETENTION_BOUNDS (audited).
 */
import { and, desc, eq, inArray, isNotNull, isNull, lt, notInArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import {
  emailVerifications,
  loginThrottles,
  passwordResets,
  phoneVerifications,
  privacyConsents,
  reportDevices,
  reportFollowers,
  reportPhotos,
  reports,
  retentionRuns,
  sessions,
  users,
} from '../../../../db/schema';
import { recordAudit } from '../audit/record';
import type { Actor } from '../auth/permissions';
import { fail, type Result } from '../result';
import { getSettings, RETENTION_BOUNDS, setSetting } from '../settings';
import type { Storage } from '../storage';

export const RETENTION_SETTINGS = [
  'privacy.retention.hotlineCallerDays',
  'privacy.retention.blurredOriginalDays',
  'privacy.retention.codeDays',
  'privacy.retention.loginThrottleDays',
  'privacy.retention.closedAccountDays',
  'privacy.retention.outboxDays',
  'privacy.retention.deviceDays',
] as const;

const DAY_MS = 24 * 3600 * 1000;
const ENDED = ['closed', 'rejected'] as const;

export interface RetentionResult {
  hotlineCallers: number;
  blurredOriginals: number;
  codes: number;
  loginThrottles: number;
  sessions: number;
  closedAccounts: number;
  devices: number;
}

export async function retentionPeriods(db: Db) {
  const values = await getSettings(db, [...RETENTION_SETTINGS]);
  return {
    hotlineCallerDays: values['privacy.retention.hotlineCallerDays'],
    blurredOriginalDays: values['privacy.retention.blurredOriginalDays'],
    codeDays: values['privacy.retention.codeDays'],
    loginThrottleDays: values['privacy.retention.loginThrottleDays'],
    closedAccountDays: values['privacy.retention.closedAccountDays'],
    /** Purged by the messages domain (src/lib/server/messages/purge.ts). */
    outboxDays: values['privacy.retention.outboxDays'],
    deviceDays: values['privacy.retention.deviceDays'],
  };
}

/** Removes every personal datum whose period is over at `now`; returns how many rows it touched. */
export async function runRetention(db: Db, now: Date, options: { storage?: Storage } = {}): Promise<RetentionResult> {
  const periods = await retentionPeriods(db);
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const endedBefore = (days: number) =>
    and(inArray(reports.status, [...ENDED]), sql`coalesce(${reports.closedAt}, ${reports.updatedAt}) < ${before(days).toISOString()}::timestamptz`);

  const hotlineCallers = await db
    .update(reports)
    .set({ callerName: null, callerPhone: null })
    .where(and(or(isNotNull(reports.callerPhone), isNotNull(reports.callerName)), endedBefore(periods.hotlineCallerDays)))
    .returning({ id: reports.id });

  const originals = await db
    .select({ id: reportPhotos.id, originalKey: reportPhotos.originalKey, originalThumbnailKey: reportPhotos.originalThumbnailKey })
    .from(reportPhotos)
    .innerJoin(reports, eq(reports.id, reportPhotos.reportId))
    .where(and(isNotNull(reportPhotos.originalKey), endedBefore(periods.blurredOriginalDays)));
  if (originals.length) {
    for (const photo of originals) {
      for (const key of [photo.originalKey, photo.originalThumbnailKey]) if (key && options.storage) await options.storage.delete(key).catch(() => undefined);
    }
    await db
      .update(reportPhotos)
      .set({ originalKey: null, originalThumbnailKey: null })
      .where(
        inArray(
          reportPhotos.id,
          originals.map((p) => p.id),
        ),
      );
  }

  const codesBefore = before(periods.codeDays);
  const codes =
    (await db.delete(phoneVerifications).where(lt(phoneVerifications.createdAt, codesBefore)).returning({ id: phoneVerifications.id })).length +
    (await db.delete(passwordResets).where(lt(passwordResets.createdAt, codesBefore)).returning({ id: passwordResets.id })).length +
    (await db.delete(emailVerifications).where(lt(emailVerifications.createdAt, codesBefore)).returning({ id: emailVerifications.id })).length;

  const throttles = await db
    .delete(loginThrottles)
    .where(and(lt(loginThrottles.lastFailureAt, before(periods.loginThrottleDays)), or(isNull(loginThrottles.blockedUntil), lt(loginThrottles.blockedUntil, now))))
    .returning({ key: loginThrottles.key });

  const devices = await db
    .delete(reportDevices)
    .where(lt(reportDevices.createdAt, before(periods.deviceDays)))
    .returning({ id: reportDevices.reportId });

  const expiredSessions = await db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ id: sessions.id });

  const closed = await db
    .select({ id: users.id })
    .from(users)
    .where(and(isNotNull(users.closedAt), lt(users.closedAt, before(periods.closedAccountDays))));
  let closedAccounts = 0;
  if (closed.length) {
    const ids = closed.map((u) => u.id);
    closedAccounts += (await db.delete(privacyConsents).where(inArray(privacyConsents.userId, ids)).returning({ id: privacyConsents.id })).length;
    closedAccounts += (await db.delete(reportFollowers).where(inArray(reportFollowers.userId, ids)).returning({ id: reportFollowers.userId })).length;
  }

  const removed: RetentionResult = {
    hotlineCallers: hotlineCallers.length,
    blurredOriginals: originals.length,
    codes,
    loginThrottles: throttles.length,
    sessions: expiredSessions.length,
    closedAccounts,
    devices: devices.length,
  };
  await db.insert(retentionRuns).values({ ranAt: now, periods, removed: { ...removed } });
  // The record of runs is kept short: the latest RUNS_KEPT.
  const kept = db.select({ id: retentionRuns.id }).from(retentionRuns).orderBy(desc(retentionRuns.ranAt), desc(retentionRuns.id)).limit(RUNS_KEPT);
  await db.delete(retentionRuns).where(notInArray(retentionRuns.id, kept));
  return removed;
}

const RUNS_KEPT = 60;

/** The latest runs of the sweep, newest first. */
export async function latestRetentionRuns(db: Db, limit = 10) {
  return db.select().from(retentionRuns).orderBy(desc(retentionRuns.ranAt), desc(retentionRuns.id)).limit(limit);
}

export type RetentionPeriods = Awaited<ReturnType<typeof retentionPeriods>>;
export type RetentionPeriodName = keyof RetentionPeriods;

/** Each period's setting and allowed bounds (days), in the order the pages list them. */
export const RETENTION_PERIODS = RETENTION_SETTINGS.map((key) => ({
  name: key.slice('privacy.retention.'.length) as RetentionPeriodName,
  key,
  min: RETENTION_BOUNDS[key][0],
  max: RETENTION_BOUNDS[key][1],
}));

/**
 * An admin changes the retention periods: each within its bounds (a value outside them is refused
 * with the bounds named), all or none; audited with the values before and after.
 */
export async function setRetentionPeriods(
  db: Db,
  actor: Actor,
  input: Partial<Record<RetentionPeriodName, number>>,
  requestId?: string,
): Promise<Result<{ periods: RetentionPeriods }, 'invalid'>> {
  const fields: Record<string, string> = {};
  const params: Record<string, number> = {};
  for (const period of RETENTION_PERIODS) {
    const value = input[period.name];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < period.min || value > period.max) {
      fields[period.name] = 'privacy.retention.outOfBounds';
      params[`${period.name}Min`] = period.min;
      params[`${period.name}Max`] = period.max;
    }
  }
  if (Object.keys(fields).length > 0) return fail('invalid', 'form.invalid', { fields, params });
  return db.transaction(async (tx) => {
    const before = await retentionPeriods(tx);
    const changed = RETENTION_PERIODS.filter((period) => input[period.name] !== undefined && input[period.name] !== before[period.name]);
    for (const period of changed) await setSetting(tx, period.key, input[period.name]!, actor.id);
    const after = await retentionPeriods(tx);
    if (changed.length > 0) {
      await recordAudit(tx, {
        actorId: actor.id,
        actorRole: actor.role,
        action: 'privacy.retention.update',
        targetType: 'setting',
        targetId: 'privacy.retention',
        summary: {
          before: Object.fromEntries(changed.map((period) => [period.name, before[period.name]])),
          after: Object.fromEntries(changed.map((period) => [period.name, after[period.name]])),
        },
        requestId: requestId ?? null,
      });
    }
    return { ok: true as const, periods: after };
  });
}
