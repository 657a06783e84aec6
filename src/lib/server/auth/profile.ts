/**
 * A person changing their own account: the display name, and the phone number (the password first,
 * then a code sent to the new number; the number changes only when that code comes back). The
 * account's row is locked while a code is issued or checked, and the unique index on users.phone
 * decides a race for one number.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { users } from '../../../../db/schema';
import type { SmsSender } from '../notifications/sms';
import { fail, type Result } from '../result';
import { verifyPasswordHash } from './password';
import { maskPhone, normalizePhone } from './phone';
import { codeRateLimit, generateVerificationCode, issueCode, pendingCode, phoneVerificationPolicy, sendCode, useCode } from './phone-verification';
import { DISPLAY_NAME_MAX, isUniqueViolation } from './user';
import type { Submitter as LimitSubmitter } from '../limits';

export async function changeDisplayName(
  db: Db,
  userId: number,
  input: { displayName: string },
  now = new Date(),
): Promise<Result<{ displayName: string }, 'invalid' | 'not_found'>> {
  const displayName = (input.displayName ?? '').trim();
  if (!displayName) return fail('invalid', 'form.invalid', { fields: { displayName: 'auth.displayName.required' } });
  if ([...displayName].length > DISPLAY_NAME_MAX) return fail('invalid', 'form.invalid', { fields: { displayName: 'auth.displayName.tooLong' } });
  const updated = await db
    .update(users)
    .set({ displayName, updatedAt: now })
    .where(and(eq(users.id, userId), isNull(users.closedAt)))
    .returning({ id: users.id });
  if (updated.length === 0) return fail('not_found', 'error.notFound');
  return { ok: true, displayName };
}

export type PhoneChangeRequestFailure = 'invalid' | 'not_found' | 'same_phone' | 'phone_taken' | 'rate_limited' | 'send_failed';

/** Checks the password, then texts a code to the new number (an earlier unused one stops working). */
export async function requestPhoneChange(
  db: Db,
  userId: number,
  input: { newPhone: string; password: string },
  options: { secret: string; sender: SmsSender; revealCode?: boolean; limits?: LimitSubmitter },
  now = new Date(),
): Promise<Result<{ phone: string; expiresAt: Date; resendAt: Date; code?: string }, PhoneChangeRequestFailure>> {
  const policy = phoneVerificationPolicy;
  const newPhone = normalizePhone(input.newPhone ?? '');
  if (!newPhone) return fail('invalid', 'form.invalid', { fields: { newPhone: 'auth.phone.invalid' } });
  const [current] = await db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.closedAt)));
  if (!current) return fail('not_found', 'error.notFound');
  if (!(await verifyPasswordHash(current.passwordHash, input.password ?? ''))) {
    return fail('invalid', 'form.invalid', { fields: { password: 'auth.password.wrongCurrent' } });
  }
  const code = generateVerificationCode();
  const issued = await db.transaction(async (tx) => {
    const [user] = await tx.select({ phone: users.phone }).from(users).where(eq(users.id, userId)).for('update');
    if (!user) return fail('not_found', 'error.notFound');
    if (user.phone === newPhone) return fail('same_phone', 'form.invalid', { fields: { newPhone: 'account.phone.same' } });
    const [holder] = await tx.select({ id: users.id }).from(users).where(eq(users.phone, newPhone));
    if (holder) return fail('phone_taken', 'form.invalid', { fields: { newPhone: 'auth.phone.taken' } });
    const limited = await codeRateLimit(tx, userId, newPhone, now, options.limits);
    if (limited) return limited;
    const times = await issueCode(tx, { userId, phone: newPhone, purpose: 'change', secret: options.secret, code }, now);
    return { ok: true as const, phone: newPhone, ...times };
  });
  if (!issued.ok) return issued;
  const unsent = await sendCode(
    options.sender,
    newPhone,
    { kind: 'phone_change', code, minutes: policy.codeMinutes },
    { message: 'phone change sms failed', fields: { userId, phone: maskPhone(newPhone) } },
  );
  if (unsent) return unsent;
  return options.revealCode ? { ...issued, code } : issued;
}

export type PhoneChangeConfirmFailure = 'invalid' | 'not_found' | 'no_code' | 'expired' | 'too_many_attempts' | 'wrong_code' | 'phone_taken';

/** The right code moves the account to the new number, which counts as verified. */
export async function confirmPhoneChange(
  db: Db,
  userId: number,
  input: { code: string },
  options: { secret: string },
  now = new Date(),
): Promise<Result<{ phone: string }, PhoneChangeConfirmFailure>> {
  const code = (input.code ?? '').replace(/\s/g, '');
  if (!/^\d{6}$/.test(code)) return fail('invalid', 'form.invalid', { fields: { code: 'auth.phoneVerification.codeFormat' } });
  try {
    return await db.transaction(async (tx) => {
      const [user] = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.id, userId), isNull(users.closedAt)))
        .for('update');
      if (!user) return fail('not_found', 'error.notFound');
      const pending = await pendingCode(tx, userId, 'change');
      if (!pending) return fail('no_code', 'auth.phoneVerification.noCode', { fields: { code: 'auth.phoneVerification.noCode' } });
      if (pending.expiresAt <= now) return fail('expired', 'auth.phoneVerification.expired', { fields: { code: 'auth.phoneVerification.expired' } });
      const refused = await useCode(tx, pending, { secret: options.secret, code }, now);
      if (refused) return refused;
      await tx.update(users).set({ phone: pending.phone, phoneVerifiedAt: now, updatedAt: now }).where(eq(users.id, userId));
      return { ok: true as const, phone: pending.phone };
    });
  } catch (error) {
    // Someone registered the number between the code and its confirmation: the unique index decides.
    if (isUniqueViolation(error)) return fail('phone_taken', 'form.invalid', { fields: { code: 'auth.phone.taken' } });
    throw error;
  }
}
