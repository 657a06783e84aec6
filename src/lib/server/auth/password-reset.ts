/**
 * 忘记密码: a six-digit code by SMS to the registered phone, then a new password. The answer to a
 * request is the same whether or not the number is registered: a row is written either way (for an
 * unknown number no SMS goes out and no code can ever match), so the rate limits, per phone and per
 * address, count alike and reveal nothing. A successful reset ends every session of the account.
 * Requests and confirms for one number take turns under a transaction-scoped advisory lock, so
 * concurrent requests are counted exactly.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { passwordResets, users } from '../../../../db/schema';
import { logger } from '../log';
import type { SmsSender } from '../notifications/sms';
import { takeAllowance, type Submitter as LimitSubmitter } from '../limits';
import { fail, type Result } from '../result';
import { hashPassword, passwordProblem } from './password';
import { maskPhone, normalizePhone } from './phone';
import { generateVerificationCode, wrongCode } from './phone-verification';
import { invalidateUserSessions } from './session';
import { clearFailures, throttleKey } from './throttle';

export const passwordResetPolicy = {
  codeMinutes: 10,
  maxAttempts: 5,
  /** One code per phone in this many seconds… */
  resendSeconds: 60,
  /** …at most this many per phone in a day… */
  perPhonePerDay: 5,
  /** …and at most this many from one address in an hour (many residents share a carrier's address). */
  perAddressPerHour: 20,
};

const HOUR_MS = 3600 * 1000;
const DAY_MS = 24 * HOUR_MS;

function hashResetCode(secret: string, phone: string, code: string): string {
  return createHmac('sha256', secret).update(`password-reset:${phone}:${code}`).digest('hex');
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Serializes the writers of one number's reset rows until the transaction ends. */
async function lockPhone(tx: Db, phone: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`password-reset:${phone}`}))`);
}

export interface PasswordResetRequestOptions {
  secret: string;
  sender: SmsSender;
  /** Demo mode only: hand the code back (for unknown numbers too, so the answer stays the same). */
  revealCode?: boolean;
  /** The web's and the API's submitter, counted against the `limits.code` rules with every other code request. */
  limits?: LimitSubmitter;
}

export type PasswordResetRequestFailure = 'invalid' | 'rate_limited';

export async function requestPasswordReset(
  db: Db,
  input: { phone: string; ip: string },
  options: PasswordResetRequestOptions,
  now = new Date(),
): Promise<Result<{ expiresAt: Date; resendAt: Date; code?: string }, PasswordResetRequestFailure>> {
  const policy = passwordResetPolicy;
  const phone = normalizePhone(input.phone ?? '');
  if (!phone) return fail('invalid', 'form.invalid', { fields: { phone: 'auth.phone.invalid' } });
  const ipKey = throttleKey('ip', input.ip, options.secret);
  const code = generateVerificationCode();
  const issued = await db.transaction(async (tx) => {
    await lockPhone(tx, phone);
    const sent = await tx
      .select({ createdAt: passwordResets.createdAt })
      .from(passwordResets)
      .where(and(eq(passwordResets.phone, phone), gt(passwordResets.createdAt, new Date(now.getTime() - DAY_MS))))
      .orderBy(desc(passwordResets.createdAt));
    const wait = sent[0] ? Math.ceil((sent[0].createdAt.getTime() + policy.resendSeconds * 1000 - now.getTime()) / 1000) : 0;
    if (wait > 0) return fail('rate_limited', 'auth.phoneVerification.wait', { params: { seconds: wait } });
    if (sent.length >= policy.perPhonePerDay) {
      const hours = Math.ceil((sent[policy.perPhonePerDay - 1]!.createdAt.getTime() + DAY_MS - now.getTime()) / HOUR_MS);
      return fail('rate_limited', 'auth.phoneVerification.dailyLimit', { params: { count: policy.perPhonePerDay, hours, seconds: hours * 3600 } });
    }
    const [fromAddress] = await tx
      .select({ count: sql<number>`count(*)::int`, first: sql<string>`min(${passwordResets.createdAt})` })
      .from(passwordResets)
      .where(and(eq(passwordResets.ipKey, ipKey), gt(passwordResets.createdAt, new Date(now.getTime() - HOUR_MS))));
    if (fromAddress && fromAddress.count >= policy.perAddressPerHour) {
      const seconds = Math.max(1, Math.ceil((new Date(fromAddress.first).getTime() + HOUR_MS - now.getTime()) / 1000));
      return fail('rate_limited', 'auth.passwordReset.addressLimit', { params: { minutes: Math.ceil(seconds / 60), seconds } });
    }
    const limited = options.limits ? await takeAllowance(tx, 'code', options.limits, now) : null;
    if (limited) return limited;
    const [user] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.phone, phone), isNull(users.closedAt)));
    await tx
      .update(passwordResets)
      .set({ consumedAt: now })
      .where(and(eq(passwordResets.phone, phone), isNull(passwordResets.consumedAt)));
    const expiresAt = new Date(now.getTime() + policy.codeMinutes * 60_000);
    await tx.insert(passwordResets).values({ phone, userId: user?.id ?? null, ipKey, codeHash: hashResetCode(options.secret, phone, code), expiresAt, createdAt: now });
    return { ok: true as const, userId: user?.id ?? null, expiresAt, resendAt: new Date(now.getTime() + policy.resendSeconds * 1000) };
  });
  if (!issued.ok) return issued;
  if (issued.userId !== null) {
    // After the commit, so no lock is held while the gateway answers. A failure is logged but not
    // reported: telling the asker would tell them the number is registered.
    try {
      await options.sender.send(phone, { kind: 'password_reset', code, minutes: policy.codeMinutes });
    } catch (error) {
      logger.warn('password reset sms failed', { phone: maskPhone(phone), error: (error as Error).message });
    }
  }
  const result = { ok: true as const, expiresAt: issued.expiresAt, resendAt: issued.resendAt };
  return options.revealCode ? { ...result, code } : result;
}

export type PasswordResetConfirmFailure = 'invalid' | 'no_code' | 'expired' | 'too_many_attempts' | 'wrong_code';

/**
 * Sets a new password with the latest code sent to the number; every session of the account ends
 * and the number's failed-login record is cleared.
 */
export async function confirmPasswordReset(
  db: Db,
  input: { phone: string; code: string; newPassword: string },
  options: { secret: string },
  now = new Date(),
): Promise<Result<{ userId: number }, PasswordResetConfirmFailure>> {
  const policy = passwordResetPolicy;
  const phone = normalizePhone(input.phone ?? '');
  const code = (input.code ?? '').replace(/\s/g, '');
  const fields: Record<string, string> = {};
  if (!phone) fields.phone = 'auth.phone.invalid';
  if (!/^\d{6}$/.test(code)) fields.code = 'auth.phoneVerification.codeFormat';
  const problem = passwordProblem(input.newPassword ?? '', phone);
  if (problem) fields.newPassword = problem;
  if (!phone || Object.keys(fields).length > 0) return fail('invalid', 'form.invalid', { fields });
  const passwordHash = await hashPassword(input.newPassword);

  return db.transaction(async (tx) => {
    await lockPhone(tx, phone);
    const [pending] = await tx
      .select()
      .from(passwordResets)
      .where(and(eq(passwordResets.phone, phone), isNull(passwordResets.consumedAt)))
      .orderBy(desc(passwordResets.createdAt), desc(passwordResets.id))
      .limit(1);
    if (!pending) return fail('no_code', 'auth.phoneVerification.noCode', { fields: { code: 'auth.phoneVerification.noCode' } });
    if (pending.expiresAt <= now) return fail('expired', 'auth.phoneVerification.expired', { fields: { code: 'auth.phoneVerification.expired' } });
    if (pending.attempts >= policy.maxAttempts) return fail('too_many_attempts', 'auth.phoneVerification.tooManyAttempts');
    const [user] = pending.userId
      ? await tx
          .select({ id: users.id })
          .from(users)
          .where(and(eq(users.id, pending.userId), eq(users.phone, phone), isNull(users.closedAt)))
          .for('update')
      : [];
    if (!user || !sameHash(pending.codeHash, hashResetCode(options.secret, phone, code))) {
      // An unknown number's code never matches; its tries count the same way.
      const attempts = pending.attempts + 1;
      await tx.update(passwordResets).set({ attempts }).where(eq(passwordResets.id, pending.id));
      return wrongCode(policy.maxAttempts - attempts);
    }
    await tx
      .update(passwordResets)
      .set({ consumedAt: now })
      .where(and(eq(passwordResets.phone, phone), isNull(passwordResets.consumedAt)));
    // The code came by SMS to this number, so it is proved too.
    await tx
      .update(users)
      .set({ passwordHash, phoneVerifiedAt: sql`coalesce(${users.phoneVerifiedAt}, ${now.toISOString()}::timestamptz)`, updatedAt: now })
      .where(eq(users.id, user.id));
    await invalidateUserSessions(tx, user.id);
    await clearFailures(tx, throttleKey('login', phone, options.secret));
    return { ok: true as const, userId: user.id };
  });
}
