/**
 * Failed-login throttling, kept in the database so that every instance behind the load balancer
 * sees the same counts. A key is either the login that was tried (whether or not such an account
 * exists, so that throttling reveals nothing) or the client's address; both are stored as keyed
 * hashes, never in clear.
 */
import { createHmac } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { loginThrottles } from '../../../../db/schema';

export interface ThrottlePolicy {
  /** Failures allowed before any delay. */
  freeFailures: number;
  /** The first delay, doubled on each further failure. */
  baseDelaySeconds: number;
  /** At this many failures the key is locked for lockSeconds. */
  lockAfter: number;
  lockSeconds: number;
  /** Failures older than this are forgotten. */
  windowSeconds: number;
}

/** Per account: a person mistyping gets a few tries, a guesser soon waits, then is locked out for 15 minutes. */
export const accountLoginThrottle: ThrottlePolicy = {
  freeFailures: 3,
  baseDelaySeconds: 2,
  lockAfter: 10,
  lockSeconds: 15 * 60,
  windowSeconds: 60 * 60,
};

/** Per address: looser, because many residents share one carrier-grade NAT address. */
export const ipLoginThrottle: ThrottlePolicy = {
  freeFailures: 20,
  baseDelaySeconds: 1,
  lockAfter: 100,
  lockSeconds: 15 * 60,
  windowSeconds: 60 * 60,
};

export function throttleKey(kind: 'login' | 'ip', value: string, secret: string): string {
  return `${kind}:${createHmac('sha256', secret).update(value.trim().toLowerCase()).digest('base64url').slice(0, 32)}`;
}

/** The delay, in seconds, that follows the given number of consecutive failures. */
export function delayAfter(policy: ThrottlePolicy, failures: number): number {
  if (failures >= policy.lockAfter) return policy.lockSeconds;
  if (failures <= policy.freeFailures) return 0;
  return Math.min(policy.baseDelaySeconds * 2 ** (failures - policy.freeFailures - 1), policy.lockSeconds);
}

/** Seconds until this key may try again (0 when it may now). */
export async function secondsUntilAllowed(db: Db, key: string, now = new Date()): Promise<number> {
  const [row] = await db.select({ blockedUntil: loginThrottles.blockedUntil }).from(loginThrottles).where(eq(loginThrottles.key, key));
  if (!row?.blockedUntil) return 0;
  return Math.max(0, Math.ceil((row.blockedUntil.getTime() - now.getTime()) / 1000));
}

/** Counts one failure atomically (concurrent failures all count) and returns the new count. */
export async function recordFailure(db: Db, key: string, policy: ThrottlePolicy, now = new Date()): Promise<number> {
  const windowStart = new Date(now.getTime() - policy.windowSeconds * 1000);
  const [row] = await db
    .insert(loginThrottles)
    .values({ key, failures: 1, lastFailureAt: now })
    .onConflictDoUpdate({
      target: loginThrottles.key,
      set: {
        failures: sql`case when ${loginThrottles.lastFailureAt} < ${windowStart.toISOString()}::timestamptz then 1 else ${loginThrottles.failures} + 1 end`,
        lastFailureAt: now,
      },
    })
    .returning({ failures: loginThrottles.failures });
  const failures = row!.failures;
  const delay = delayAfter(policy, failures);
  if (delay > 0) {
    const until = new Date(now.getTime() + delay * 1000);
    // greatest(): a concurrent failure that computed a longer block must not be shortened.
    await db
      .update(loginThrottles)
      .set({ blockedUntil: sql`greatest(${loginThrottles.blockedUntil}, ${until.toISOString()}::timestamptz)` })
      .where(eq(loginThrottles.key, key));
  }
  return failures;
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.delete(loginThrottles).where(eq(loginThrottles.key, key));
}
