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
 * - sessions: when they expire;
 * - exports: never stored (built on request);
 * - closed accounts: personal fields are erased at closure; N days later the consent records and
 *   follows that still point at the empty account go too.
 */
import { and, eq, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { emailVerifications, loginThrottles, passwordResets, phoneVerifications, privacyConsents, reportFollowers, reportPhotos, reports, sessions, users } from '../../../../db/schema';
import { getSettings } from '../settings';
import type { Storage } from '../storage';

export const RETENTION_SETTINGS = [
  'privacy.retention.hotlineCallerDays',
  'privacy.retention.blurredOriginalDays',
  'privacy.retention.codeDays',
  'privacy.retention.loginThrottleDays',
  'privacy.retention.closedAccountDays',
  'privacy.retention.outboxDays',
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
  };
}

/** Removes every personal datum whose period is over at `now`; returns how many rows it touched. */
export async function runRetention(db: Db, now: Date, options: { storage?: Storage } = {}): Promise<RetentionResult> {
  const periods = await retentionPeriods(db);
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const endedBefore = (days: number) => and(inArray(reports.status, [...ENDED]), sql`coalesce(${reports.closedAt}, ${reports.updatedAt}) < ${before(days).toISOString()}::timestamptz`);

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
    await db.update(reportPhotos).set({ originalKey: null, originalThumbnailKey: null }).where(inArray(reportPhotos.id, originals.map((p) => p.id)));
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

  const expiredSessions = await db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ id: sessions.id });

  const closed = await db.select({ id: users.id }).from(users).where(and(isNotNull(users.closedAt), lt(users.closedAt, before(periods.closedAccountDays))));
  let closedAccounts = 0;
  if (closed.length) {
    const ids = closed.map((u) => u.id);
    closedAccounts += (await db.delete(privacyConsents).where(inArray(privacyConsents.userId, ids)).returning({ id: privacyConsents.id })).length;
    closedAccounts += (await db.delete(reportFollowers).where(inArray(reportFollowers.userId, ids)).returning({ id: reportFollowers.userId })).length;
  }

  return {
    hotlineCallers: hotlineCallers.length,
    blurredOriginals: originals.length,
    codes,
    loginThrottles: throttles.length,
    sessions: expiredSessions.length,
    closedAccounts,
  };
}
