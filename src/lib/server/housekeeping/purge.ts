/**
 * Housekeeping: deletes rows whose purpose has passed, on either driver. Run hourly, once across
 * instances, by the job queue (jobs.ts); every statement is idempotent, so a second run finds nothing.
 * - sessions past their expiry;
 * - login throttle rows not blocking and without a failure for a day (the counters' window);
 * - phone codes older than a day past their expiry (the per-day sending limit counts a day of rows);
 * - report idempotency keys older than a day (clients retry within minutes);
 * - submission rate-limit hits older than a week (the longest window a limit may have);
 * - form drafts kept across the login detour, past their half hour.
 */
import { and, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { purgeFormDrafts } from '../http/form-drafts';
import { loginThrottles, phoneVerifications, reportIdempotencyKeys, sessions, submissionHits } from '../../../../db/schema';

const DAY_MS = 24 * 3600 * 1000;

export interface PurgeResult {
  sessions: number;
  loginThrottles: number;
  phoneCodes: number;
  idempotencyKeys: number;
  submissionHits: number;
  formDrafts: number;
}

export async function purgeExpiredRows(db: Db, now: Date): Promise<PurgeResult> {
  const dayAgo = new Date(now.getTime() - DAY_MS);
  const count = (rows: unknown[]) => rows.length;
  return {
    sessions: count(await db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ id: sessions.id })),
    loginThrottles: count(
      await db
        .delete(loginThrottles)
        .where(and(lt(loginThrottles.lastFailureAt, dayAgo), or(isNull(loginThrottles.blockedUntil), lt(loginThrottles.blockedUntil, now))))
        .returning({ key: loginThrottles.key }),
    ),
    phoneCodes: count(await db.delete(phoneVerifications).where(lt(phoneVerifications.expiresAt, dayAgo)).returning({ id: phoneVerifications.id })),
    idempotencyKeys: count(await db.delete(reportIdempotencyKeys).where(lt(reportIdempotencyKeys.createdAt, dayAgo)).returning({ key: reportIdempotencyKeys.clientKey })),
    formDrafts: await purgeFormDrafts(db, now),
    submissionHits: count(
      await db
        .delete(submissionHits)
        .where(lt(submissionHits.at, new Date(now.getTime() - 7 * DAY_MS)))
        .returning({ id: submissionHits.id }),
    ),
  };
}
