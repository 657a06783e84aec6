/**
 * Proving an account holds its phone: a six-digit code by SMS, typed back within ten minutes, in at
 * most five tries. Only a keyed hash of the code is stored. The code rows are also the rate limit's
 * record (per account and per phone, in the database so every instance sees the same counts); the
 * account's row is locked while a code is issued or checked, so concurrent requests and confirms
 * are counted exactly.
 */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, gt, isNull, or } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { phoneVerifications, users } from '../../../../db/schema';
import { logger } from '../log';
import type { SmsMessage, SmsSender } from '../notifications/sms';
import { takeAllowance, type Submitter as LimitSubmitter } from '../limits';
import { fail, type Result } from '../result';

export const phoneVerificationPolicy = {
  codeLength: 6,
  codeMinutes: 10,
  maxAttempts: 5,
  /** One code per account, and per phone, in this many seconds… */
  resendSeconds: 60,
  /** …and at most this many in a day. */
  perDay: 5,
};

const DAY_MS = 24 * 3600 * 1000;

export function generateVerificationCode(): string {
  return String(randomInt(0, 10 ** phoneVerificationPolicy.codeLength)).padStart(phoneVerificationPolicy.codeLength, '0');
}

/** The stored form of a code: bound to the account and the number it was sent to. */
export function hashVerificationCode(secret: string, userId: number, phone: string, code: string): string {
  return createHmac('sha256', secret).update(`phone-verification:${userId}:${phone}:${code}`).digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * The SMS rate limit shared by every code sent for an account (verification or a new number): one
 * per account and per phone each resendSeconds, perDay a day. A failure, or null when a code may go.
 */
export async function codeRateLimit(tx: Db, userId: number, phone: string, now: Date, limits?: LimitSubmitter) {
  const policy = phoneVerificationPolicy;
  const recent = await tx
    .select({ userId: phoneVerifications.userId, phone: phoneVerifications.phone, createdAt: phoneVerifications.createdAt })
    .from(phoneVerifications)
    .where(and(or(eq(phoneVerifications.userId, userId), eq(phoneVerifications.phone, phone)), gt(phoneVerifications.createdAt, new Date(now.getTime() - DAY_MS))))
    .orderBy(desc(phoneVerifications.createdAt));
  // Per account and per phone alike (a number that changed hands keeps its history).
  for (const sent of [recent.filter((row) => row.userId === userId), recent.filter((row) => row.phone === phone)]) {
    const wait = sent[0] ? Math.ceil((sent[0].createdAt.getTime() + policy.resendSeconds * 1000 - now.getTime()) / 1000) : 0;
    if (wait > 0) return fail('rate_limited', 'auth.phoneVerification.wait', { params: { seconds: wait } });
    if (sent.length >= policy.perDay) {
      const hours = Math.ceil((sent[policy.perDay - 1]!.createdAt.getTime() + DAY_MS - now.getTime()) / 3600_000);
      return fail('rate_limited', 'auth.phoneVerification.dailyLimit', { params: { count: policy.perDay, hours, seconds: hours * 3600 } });
    }
  }
  // The web's and the API's requests: also per address (one address asking codes for many accounts).
  return limits ? takeAllowance(tx, 'code', limits, now) : null;
}

type CodePurpose = 'verify' | 'change';

/**
 * Records a fresh code for an account and a number, in the caller's transaction that holds the
 * account's row: an earlier unused code of the same purpose stops working. When the new one expires
 * and when another may be asked.
 */
export async function issueCode(
  tx: Db,
  issue: { userId: number; phone: string; purpose: CodePurpose; secret: string; code: string },
  now: Date,
): Promise<{ expiresAt: Date; resendAt: Date }> {
  const { userId, phone, purpose } = issue;
  const policy = phoneVerificationPolicy;
  await tx
    .update(phoneVerifications)
    .set({ consumedAt: now })
    .where(and(eq(phoneVerifications.userId, userId), eq(phoneVerifications.purpose, purpose), isNull(phoneVerifications.consumedAt)));
  const expiresAt = new Date(now.getTime() + policy.codeMinutes * 60_000);
  await tx.insert(phoneVerifications).values({ userId, phone, purpose, codeHash: hashVerificationCode(issue.secret, userId, phone, issue.code), expiresAt, createdAt: now });
  return { expiresAt, resendAt: new Date(now.getTime() + policy.resendSeconds * 1000) };
}

/** Texts a code after the commit (no lock is held while the gateway answers, and the code is on record). */
export async function sendCode(sender: SmsSender, phone: string, message: SmsMessage, log: { message: string; fields: Record<string, unknown> }) {
  try {
    await sender.send(phone, message);
    return null;
  } catch (error) {
    logger.warn(log.message, { ...log.fields, error: (error as Error).message });
    return fail('send_failed', 'auth.phoneVerification.sendFailed');
  }
}

/** The answer to a wrong code with `left` tries left: how many, or that there are none. */
export function wrongCode(left: number) {
  return left > 0
    ? fail('wrong_code', 'auth.phoneVerification.wrongCode', { params: { left }, fields: { code: 'auth.phoneVerification.wrongCode' } })
    : fail('too_many_attempts', 'auth.phoneVerification.tooManyAttempts');
}

/** The account's latest unused code of a purpose, if any. */
export async function pendingCode(tx: Db, userId: number, purpose: CodePurpose) {
  const [pending] = await tx
    .select()
    .from(phoneVerifications)
    .where(and(eq(phoneVerifications.userId, userId), eq(phoneVerifications.purpose, purpose), isNull(phoneVerifications.consumedAt)))
    .orderBy(desc(phoneVerifications.createdAt), desc(phoneVerifications.id))
    .limit(1);
  return pending;
}

/**
 * Checks a typed code against the account's pending one (found, not expired): a wrong code counts a
 * try, and the last try refuses further ones; the right code is used up. A failure, or null when right.
 */
export async function useCode(tx: Db, pending: typeof phoneVerifications.$inferSelect, input: { secret: string; code: string }, now: Date) {
  const policy = phoneVerificationPolicy;
  if (pending.attempts >= policy.maxAttempts) return fail('too_many_attempts', 'auth.phoneVerification.tooManyAttempts');
  if (!sameHash(pending.codeHash, hashVerificationCode(input.secret, pending.userId, pending.phone, input.code))) {
    const attempts = pending.attempts + 1;
    await tx.update(phoneVerifications).set({ attempts }).where(eq(phoneVerifications.id, pending.id));
    return wrongCode(policy.maxAttempts - attempts);
  }
  await tx.update(phoneVerifications).set({ consumedAt: now }).where(eq(phoneVerifications.id, pending.id));
  return null;
}

export type PhoneCodeRequestFailure = 'not_found' | 'no_phone' | 'already_verified' | 'rate_limited' | 'send_failed';

export interface PhoneCodeRequestOptions {
  secret: string;
  sender: SmsSender;
  /** Demo mode only: hand the code back so a tester can proceed without a real SMS. */
  revealCode?: boolean;
  /** The web's and the API's submitter, counted against the `limits.code` rules. */
  limits?: LimitSubmitter;
}

/** Sends a fresh code to the account's own phone; an older unused code stops working. */
export async function requestPhoneVerification(
  db: Db,
  userId: number,
  options: PhoneCodeRequestOptions,
  now = new Date(),
): Promise<Result<{ phone: string; expiresAt: Date; resendAt: Date; code?: string }, PhoneCodeRequestFailure>> {
  const policy = phoneVerificationPolicy;
  const code = generateVerificationCode();
  const issued = await db.transaction(async (tx) => {
    const [user] = await tx.select({ phone: users.phone, verifiedAt: users.phoneVerifiedAt }).from(users).where(eq(users.id, userId)).for('update');
    if (!user) return fail('not_found', 'error.notFound');
    if (!user.phone) return fail('no_phone', 'auth.phoneVerification.noPhone');
    if (user.verifiedAt) return fail('already_verified', 'auth.phoneVerification.already');
    const limited = await codeRateLimit(tx, userId, user.phone, now, options.limits);
    if (limited) return limited;
    const times = await issueCode(tx, { userId, phone: user.phone, purpose: 'verify', secret: options.secret, code }, now);
    return { ok: true as const, phone: user.phone, ...times };
  });
  if (!issued.ok) return issued;
  const unsent = await sendCode(
    options.sender,
    issued.phone,
    { kind: 'phone_verification', code, minutes: policy.codeMinutes },
    { message: 'verification sms failed', fields: { userId } },
  );
  if (unsent) return unsent;
  return options.revealCode ? { ...issued, code } : issued;
}

export type PhoneCodeConfirmFailure = 'not_found' | 'invalid' | 'already_verified' | 'no_code' | 'expired' | 'too_many_attempts' | 'wrong_code';

/** Checks a typed code against the account's latest one; the right code marks the phone verified. */
export async function confirmPhoneVerification(
  db: Db,
  userId: number,
  input: { code: string; secret: string },
  now = new Date(),
): Promise<Result<{ phoneVerifiedAt: Date }, PhoneCodeConfirmFailure>> {
  const policy = phoneVerificationPolicy;
  const code = (input.code ?? '').replace(/\s/g, '');
  if (!new RegExp(`^\\d{${policy.codeLength}}$`).test(code)) {
    return fail('invalid', 'form.invalid', { fields: { code: 'auth.phoneVerification.codeFormat' } });
  }
  return db.transaction(async (tx) => {
    // The account's row first: two confirms of one account take turns, so each try is counted.
    const [user] = await tx.select({ phone: users.phone, verifiedAt: users.phoneVerifiedAt }).from(users).where(eq(users.id, userId)).for('update');
    if (!user) return fail('not_found', 'error.notFound');
    if (user.verifiedAt) return fail('already_verified', 'auth.phoneVerification.already');
    const pending = await pendingCode(tx, userId, 'verify');
    if (!pending || pending.phone !== user.phone) return fail('no_code', 'auth.phoneVerification.noCode');
    if (pending.expiresAt <= now) return fail('expired', 'auth.phoneVerification.expired');
    const refused = await useCode(tx, pending, { secret: input.secret, code }, now);
    if (refused) return refused;
    await tx.update(users).set({ phoneVerifiedAt: now, updatedAt: now }).where(eq(users.id, userId));
    return { ok: true as const, phoneVerifiedAt: now };
  });
}
