/**
 * 注销: a person closes their account with their password. At once, in one transaction: every
 * session ends; the phone, login name, e-mail, birth year and display name are erased (the phone can
 * register again; logging in with it finds nothing); codes, notifications, followed areas, message
 * choices and drafts go, unsent messages are suppressed and sent ones lose their recipient; a volunteer registration ends (see erase.ts); nominators' contacts, objectors' details
 * and ballots' addresses are erased, and the device hashes kept with their reports deleted. What must stay for the public record stays without the
 * person's identity: their reports (closed or not), approved hours behind certificates, counted
 * ballots and quiz answers in the aggregate rates. The audit entry names no personal data.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import {
  areaFollows,
  contactEmails,
  emailVerifications,
  nominationBallots,
  nominationObjections,
  nominations,
  notificationPreferences,
  notifications,
  outboxMessages,
  passwordResets,
  phoneVerifications,
  privacyConsents,
  reportDevices,
  reportIdempotencyKeys,
  reports,
  pointProfiles,
  reportRatings,
  sessions,
  users,
  volunteers,
} from '../../../../db/schema';
import { recordAudit } from '../audit/record';
import { confirmPassword } from '../auth/user';
import { fail, type Result } from '../result';
import { CLOSED_ACCOUNT_NAME, endVolunteerRegistration } from './erase';

export type CloseAccountFailure = 'not_found' | 'wrong_password' | 'throttled' | 'last_admin';

export async function closeAccount(
  db: Db,
  userId: number,
  input: { password: string },
  options: { secret: string; requestId?: string },
  now = new Date(),
): Promise<Result<{}, CloseAccountFailure>> {
  const checked = await confirmPassword(db, userId, input.password, options.secret, now);
  if (!checked.ok) return checked;
  return db.transaction(async (tx) => {
    const [user] = await tx
      .select({ id: users.id, role: users.role })
      .from(users)
      .where(and(eq(users.id, userId), isNull(users.closedAt)))
      .for('update');
    if (!user) return fail('not_found', 'error.notFound');
    if (user.role === 'admin') {
      const admins = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.role, 'admin'), isNull(users.closedAt), isNull(users.disabledAt)));
      if (admins.length <= 1) return fail('last_admin', 'privacy.close.lastAdmin');
    }
    await eraseAccount(tx, userId, now);
    await recordAudit(tx, {
      actorId: userId,
      actorRole: user.role,
      action: 'account.close',
      targetType: 'user',
      targetId: userId,
      summary: {},
      requestId: options.requestId ?? null,
    });
    return { ok: true as const };
  });
}

/** The erasure itself, in the caller's transaction (closure now; the retention job re-applies it). */
export async function eraseAccount(tx: Db, userId: number, now: Date): Promise<void> {
  await tx.delete(sessions).where(eq(sessions.userId, userId));
  await tx.delete(phoneVerifications).where(eq(phoneVerifications.userId, userId));
  await tx.delete(passwordResets).where(eq(passwordResets.userId, userId));
  await tx.delete(emailVerifications).where(eq(emailVerifications.userId, userId));
  await tx.delete(contactEmails).where(eq(contactEmails.userId, userId));
  await tx.delete(notifications).where(eq(notifications.userId, userId));
  await tx.delete(reportIdempotencyKeys).where(eq(reportIdempotencyKeys.userId, userId));
  // Followed areas (a circle may be drawn around home) and message choices go; messages not yet
  // sent are not sent, and no message keeps the phone or address it went to.
  await tx.delete(areaFollows).where(eq(areaFollows.userId, userId));
  await tx.delete(notificationPreferences).where(eq(notificationPreferences.userId, userId));
  await tx
    .update(outboxMessages)
    .set({ status: 'suppressed', reason: 'account-closed' })
    .where(and(eq(outboxMessages.userId, userId), inArray(outboxMessages.status, ['queued', 'held'])));
  await tx.update(outboxMessages).set({ recipient: '' }).where(eq(outboxMessages.userId, userId));
  // Consent records stay (proof of what was agreed, and when), without a guardian's name.
  await tx.update(privacyConsents).set({ detail: null }).where(eq(privacyConsents.userId, userId));
  await tx.update(reportRatings).set({ comment: null }).where(eq(reportRatings.userId, userId));
  // The name chosen for the points leaderboard goes; the awards stay in the office's ledger under the closed account.
  await tx.delete(pointProfiles).where(eq(pointProfiles.userId, userId));
  await tx.update(nominations).set({ nominatorContact: '' }).where(eq(nominations.nominatorId, userId));
  await tx.update(nominationObjections).set({ objectorName: '', objectorContact: '' }).where(eq(nominationObjections.userId, userId));
  await tx.update(nominationBallots).set({ ip: '' }).where(eq(nominationBallots.userId, userId));
  // The device hashes kept with their reports (the points' cluster rule) go with the account.
  await tx.delete(reportDevices).where(inArray(reportDevices.reportId, tx.select({ id: reports.id }).from(reports).where(eq(reports.reporterId, userId))));
  const [volunteer] = await tx.select({ id: volunteers.id, endedAt: volunteers.endedAt }).from(volunteers).where(eq(volunteers.userId, userId)).for('update');
  if (volunteer && !volunteer.endedAt) await endVolunteerRegistration(tx, volunteer.id, now);
  await tx
    .update(users)
    .set({
      phone: null,
      username: null,
      email: null,
      emailVerifiedAt: null,
      phoneVerifiedAt: null,
      birthYear: null,
      displayName: CLOSED_ACCOUNT_NAME,
      // Not a hash any password can match.
      passwordHash: '!closed',
      role: 'resident',
      departmentId: null,
      gridCellId: null,
      organizationName: null,
      disabledAt: null,
      closedAt: now,
      updatedAt: now,
    })
    .where(eq(users.id, userId));
}
