/**
 * The optional e-mail address: added or changed on the profile, proved by a link sent to it, removed
 * at will. The address is the account's (users.email) only once its link came back: until then it
 * waits in email_verifications, so an unverified address never receives any mail (the messages
 * domain sends e-mail to users.email only, with email_verified_at set). The link carries a random
 * single-use token of which only the SHA-256 is stored; it lasts 24 hours, and a newer link replaces
 * an older one. At most one link a minute and five a day per account; the e-mail goes through the
 * messages outbox (nodemailer over SMTP when SMTP_URL is set), queued in the same transaction.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { emailVerifications, users } from '../../../../db/schema';
import { translator, type Locale } from '../../../i18n';
import { absoluteUrl } from '../http/origin';
import { queueMessage } from '../messages/outbox';
import { fail, type Result } from '../result';
import { isUniqueViolation } from './user';

export const emailVerificationPolicy = {
  linkHours: 24,
  resendSeconds: 60,
  perDay: 5,
};

export const EMAIL_MAX = 254;
export const EMAIL_VERIFICATION_KIND = 'account.email_verification';
const DAY_MS = 24 * 3600 * 1000;

/** A plausible address, trimmed, the domain in lower case; null when it is not one. */
export function normalizeEmail(value: string): string | null {
  const email = (value ?? '').trim();
  if (email.length > EMAIL_MAX) return null;
  const match = /^([^\s@<>()[\]\\,;:"]{1,64})@((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})$/.exec(email);
  return match ? `${match[1]}@${match[2]!.toLowerCase()}` : null;
}

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function emailVerificationUrl(token: string): string {
  return absoluteUrl(`/account/email/verify?token=${token}`);
}

export type EmailRequestFailure = 'invalid' | 'not_found' | 'same_email' | 'rate_limited';

/**
 * Sends a verification link to a new address (the account's verified address, if any, stays until
 * the link comes back). In demo mode only, the result carries the link.
 */
export async function requestEmailVerification(
  db: Db,
  userId: number,
  input: { email: string },
  options: { revealLink?: boolean; locale?: Locale } = {},
  now = new Date(),
): Promise<Result<{ email: string; expiresAt: Date; link?: string }, EmailRequestFailure>> {
  const email = normalizeEmail(input.email ?? '');
  if (!email) return fail('invalid', 'form.invalid', { fields: { email: 'account.email.invalid' } });
  const token = randomBytes(32).toString('base64url');
  const link = emailVerificationUrl(token);
  const result = await db.transaction(async (tx) => {
    const [user] = await tx
      .select({ email: users.email, emailVerifiedAt: users.emailVerifiedAt })
      .from(users)
      .where(and(eq(users.id, userId), isNull(users.closedAt)))
      .for('update');
    if (!user) return fail('not_found', 'error.notFound');
    if (user.email === email && user.emailVerifiedAt) return fail('same_email', 'form.invalid', { fields: { email: 'account.email.same' } });
    const recent = await tx
      .select({ createdAt: emailVerifications.createdAt })
      .from(emailVerifications)
      .where(and(eq(emailVerifications.userId, userId), gt(emailVerifications.createdAt, new Date(now.getTime() - DAY_MS))))
      .orderBy(desc(emailVerifications.createdAt));
    const policy = emailVerificationPolicy;
    const wait = recent[0] ? Math.ceil((recent[0].createdAt.getTime() + policy.resendSeconds * 1000 - now.getTime()) / 1000) : 0;
    if (wait > 0) return fail('rate_limited', 'account.email.wait', { params: { seconds: wait } });
    if (recent.length >= policy.perDay) return fail('rate_limited', 'account.email.dailyLimit', { params: { count: policy.perDay, seconds: 3600 } });
    // A newer link replaces an older one.
    await tx
      .update(emailVerifications)
      .set({ consumedAt: now })
      .where(and(eq(emailVerifications.userId, userId), isNull(emailVerifications.consumedAt)));
    const expiresAt = new Date(now.getTime() + policy.linkHours * 3600_000);
    await tx.insert(emailVerifications).values({ userId, email, tokenHash: tokenHash(token), expiresAt, createdAt: now });
    const t = translator(options.locale ?? 'zh-CN');
    await queueMessage(
      tx,
      {
        channel: 'email',
        recipient: email,
        userId,
        kind: EMAIL_VERIFICATION_KIND,
        isCode: true,
        locale: options.locale ?? 'zh-CN',
        subject: t('account.email.mailSubject'),
        body: [t('account.email.mailBody', { hours: policy.linkHours }), '', link, '', t('account.email.mailIgnore')].join('\n'),
      },
      now,
    );
    return { ok: true as const, email, expiresAt };
  });
  if (!result.ok) return result;
  return options.revealLink ? { ...result, link } : result;
}

export type EmailVerifyFailure = 'invalid' | 'expired' | 'email_taken';

/** The link came back: the address becomes the account's, verified. Works without logging in (the token is the proof). */
export async function verifyEmail(db: Db, token: string, now = new Date()): Promise<Result<{ userId: number; email: string }, EmailVerifyFailure>> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token ?? '')) return fail('invalid', 'account.email.linkInvalid');
  try {
    return await db.transaction(async (tx) => {
      const [pending] = await tx
        .select()
        .from(emailVerifications)
        .where(eq(emailVerifications.tokenHash, tokenHash(token)))
        .for('update');
      if (!pending || pending.consumedAt) return fail('invalid', 'account.email.linkInvalid');
      if (pending.expiresAt <= now) return fail('expired', 'account.email.linkExpired');
      const [user] = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.id, pending.userId), isNull(users.closedAt)))
        .for('update');
      if (!user) return fail('invalid', 'account.email.linkInvalid');
      await tx.update(emailVerifications).set({ consumedAt: now }).where(eq(emailVerifications.id, pending.id));
      await tx.update(users).set({ email: pending.email, emailVerifiedAt: now, updatedAt: now }).where(eq(users.id, pending.userId));
      return { ok: true as const, userId: pending.userId, email: pending.email };
    });
  } catch (error) {
    // Another account proved the same address first: the unique index decides.
    if (isUniqueViolation(error)) return fail('email_taken', 'account.email.taken');
    throw error;
  }
}

/** Removes the address (and any link still pending): no more e-mail. */
export async function removeEmail(db: Db, userId: number, now = new Date()): Promise<Result<{}, 'not_found'>> {
  return db.transaction(async (tx) => {
    const updated = await tx
      .update(users)
      .set({ email: null, emailVerifiedAt: null, updatedAt: now })
      .where(and(eq(users.id, userId), isNull(users.closedAt)))
      .returning({ id: users.id });
    if (updated.length === 0) return fail('not_found', 'error.notFound');
    await tx
      .update(emailVerifications)
      .set({ consumedAt: now })
      .where(and(eq(emailVerifications.userId, userId), isNull(emailVerifications.consumedAt)));
    return { ok: true as const };
  });
}

/** The address waiting for its link, if any (shown on the profile and in the export). */
export async function pendingEmail(db: Db, userId: number, now = new Date()): Promise<{ email: string; expiresAt: Date } | null> {
  const [row] = await db
    .select({ email: emailVerifications.email, expiresAt: emailVerifications.expiresAt })
    .from(emailVerifications)
    .where(and(eq(emailVerifications.userId, userId), isNull(emailVerifications.consumedAt), gt(emailVerifications.expiresAt, now)))
    .orderBy(desc(emailVerifications.createdAt))
    .limit(1);
  return row ?? null;
}
