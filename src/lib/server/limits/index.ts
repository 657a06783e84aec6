/**
 * Submission rate limits, in the database so that every instance counts the same submissions:
 * reports, nominations, objections, volunteer registrations, new accounts and SMS code requests,
 * each per account and per client address under the rules of its `limits.<kind>` setting.
 *
 * A submission takes its allowance inside the transaction that records it: the keys are locked
 * (transaction-scoped advisory locks, in a fixed order), the hits in each rule's window counted,
 * and one hit per key added. Parallel submissions of one account therefore take turns and the limit
 * holds exactly; a submission that fails later rolls its hits back, so only what was accepted counts.
 * Addresses are stored as keyed hashes (the login throttle's), never in clear.
 */
import { and, desc, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { submissionHits } from '../../../../db/schema';
import { throttleKey } from '../auth/throttle';
import { config } from '../config';
import { fail, type Failure } from '../result';
import { getSetting, type LimitRule } from '../settings';

export const LIMIT_KINDS = ['report', 'nomination', 'objection', 'volunteer', 'signup', 'code'] as const;
export type LimitKind = (typeof LIMIT_KINDS)[number];

/**
 * Who is submitting: the account (null when signed out) and the client's address as a keyed hash
 * (`addressKey()`; null when unknown).
 */
export interface Submitter {
  userId?: number | null;
  address?: string | null;
}

export type RateLimited = Failure<'rate_limited'>;

/** A client address as the limits store it: the login throttle's keyed hash. */
export function addressKey(ip: string, secret = config.appSecret): string {
  return throttleKey('ip', ip, secret);
}

/** The submitter of a web or API request: its account, and its address hashed. */
export function submitterOf(locals: { user: { id: number } | null; clientIp: string }): Submitter {
  return { userId: locals.user?.id ?? null, address: locals.clientIp ? addressKey(locals.clientIp) : null };
}

/**
 * Counts one submission of `kind` against every rule, or refuses it: a `rate_limited` failure whose
 * message says how long to wait (params: minutes, seconds; the API's Retry-After). `tx` must be the
 * submission's transaction.
 */
export async function takeAllowance(tx: Db, kind: LimitKind, who: Submitter, now = new Date()): Promise<RateLimited | null> {
  return allowance(tx, kind, who, now, true);
}

/**
 * Counts an attempt in a transaction of its own, whatever then becomes of it: for commands whose
 * refusals tell something (an ID number or a phone already registered), so that trying many is
 * limited too.
 */
export async function takeAttempt(db: Db, kind: LimitKind, who: Submitter, now = new Date()): Promise<RateLimited | null> {
  return db.transaction((tx) => takeAllowance(tx, kind, who, now));
}

/**
 * The same count without locking or counting: a cheap early answer before costly work (a report's
 * photos), which the transaction's takeAllowance then confirms.
 */
export async function checkAllowance(db: Db, kind: LimitKind, who: Submitter, now = new Date()): Promise<RateLimited | null> {
  return allowance(db, kind, who, now, false);
}

/** Thrown inside a transaction to roll it back with the refusal; caught by the command that began it. */
export class Limited extends Error {
  constructor(readonly failure: RateLimited) {
    super(failure.message);
  }
}

async function allowance(tx: Db, kind: LimitKind, who: Submitter, now: Date, take: boolean): Promise<RateLimited | null> {
  const rules = await getSetting(tx, `limits.${kind}`);
  const subjects = new Map<string, LimitRule[]>();
  for (const rule of rules) {
    const value = rule.per === 'account' ? who.userId : who.address;
    if (value === null || value === undefined || value === '') continue;
    const key = rule.per === 'account' ? `${kind}:account:${value}` : `${kind}:${value}`;
    subjects.set(key, [...(subjects.get(key) ?? []), rule]);
  }
  const keys = [...subjects.keys()].sort();
  // One order for every caller, so two submissions never wait for each other's second lock.
  if (take) for (const key of keys) await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`limit:${key}`}))`);
  let wait = 0;
  for (const key of keys) {
    const keyRules = subjects.get(key)!;
    const longest = Math.max(...keyRules.map((rule) => rule.minutes));
    const most = Math.max(...keyRules.map((rule) => rule.max));
    const hits = await tx
      .select({ at: submissionHits.at })
      .from(submissionHits)
      .where(and(eq(submissionHits.key, key), gt(submissionHits.at, new Date(now.getTime() - longest * 60_000))))
      .orderBy(desc(submissionHits.at))
      .limit(most);
    for (const rule of keyRules) {
      const since = now.getTime() - rule.minutes * 60_000;
      const inWindow = hits.filter((hit) => hit.at.getTime() > since);
      // The oldest of the last `max` hits must leave the window before another is allowed.
      if (inWindow.length >= rule.max) wait = Math.max(wait, inWindow[rule.max - 1]!.at.getTime() + rule.minutes * 60_000 - now.getTime());
    }
  }
  if (wait > 0) {
    const seconds = Math.max(1, Math.ceil(wait / 1000));
    return fail('rate_limited', `limits.${kind}`, { params: { minutes: Math.ceil(seconds / 60), seconds } });
  }
  if (take && keys.length) await tx.insert(submissionHits).values(keys.map((key) => ({ key, at: now })));
  return null;
}
