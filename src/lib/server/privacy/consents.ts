/**
 * Consents (PIPL arts. 14, 15, 29, 31): each one recorded with the notice version and time; the ID
 * number (sensitive personal information) only after its own, separate consent naming its purpose
 * and retention; a withdrawal recorded on the row, never by deleting it. Withdrawing the ID-number
 * consent removes the ID number from the database row and ends the volunteer registration (hours
 * stay, anonymized). A new privacy notice version is accepted again at the next login.
 */
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { privacyConsents, users, volunteers, type ConsentKind } from '../../../../db/schema';
import { recordAudit } from '../audit/record';
import { fail, type Result } from '../result';
import { endVolunteerRegistration } from './erase';

export async function recordConsent(tx: Db, userId: number, kind: ConsentKind, version: string, now: Date, detail: string | null = null): Promise<void> {
  await tx.insert(privacyConsents).values({ userId, kind, version, detail, acceptedAt: now });
}

/** Marks the person's consents of a kind in force as withdrawn (the rows stay on record); how many there were. */
export async function withdrawConsents(tx: Db, userId: number, kind: ConsentKind, now: Date): Promise<number> {
  const withdrawn = await tx
    .update(privacyConsents)
    .set({ withdrawnAt: now })
    .where(and(eq(privacyConsents.userId, userId), eq(privacyConsents.kind, kind), isNull(privacyConsents.withdrawnAt)))
    .returning({ id: privacyConsents.id });
  return withdrawn.length;
}

/**
 * What withdrawing a consent that volunteering rests on ends: the volunteer registration (if any),
 * and a resident-volunteer is a resident again; audited as `action`, without personal data.
 */
export async function endVolunteering(
  tx: Db,
  user: { id: number; role: string },
  volunteer: { id: number } | undefined,
  audit: { action: string; requestId?: string | undefined },
  now: Date,
): Promise<void> {
  if (volunteer) await endVolunteerRegistration(tx, volunteer.id, now);
  if (user.role === 'volunteer') await tx.update(users).set({ role: 'resident', updatedAt: now }).where(eq(users.id, user.id));
  await recordAudit(tx, {
    actorId: user.id,
    actorRole: user.role,
    action: audit.action,
    targetType: 'user',
    targetId: user.id,
    summary: { after: { volunteerRegistrationEnded: Boolean(volunteer) } },
    requestId: audit.requestId ?? null,
  });
}

/** Every consent the person gave, newest first (withdrawn ones too). */
export async function listConsents(db: Db, userId: number) {
  return db
    .select({
      id: privacyConsents.id,
      kind: privacyConsents.kind,
      version: privacyConsents.version,
      acceptedAt: privacyConsents.acceptedAt,
      withdrawnAt: privacyConsents.withdrawnAt,
    })
    .from(privacyConsents)
    .where(eq(privacyConsents.userId, userId))
    .orderBy(desc(privacyConsents.acceptedAt), desc(privacyConsents.id));
}

/** The privacy notice version the person last accepted, or null. */
export async function acceptedNoticeVersion(db: Db, userId: number): Promise<string | null> {
  const [row] = await db
    .select({ version: privacyConsents.version })
    .from(privacyConsents)
    .where(and(eq(privacyConsents.userId, userId), eq(privacyConsents.kind, 'privacy'), isNull(privacyConsents.withdrawnAt)))
    .orderBy(desc(privacyConsents.acceptedAt), desc(privacyConsents.id))
    .limit(1);
  return row?.version ?? null;
}

/** Accepting the current notice (asked again at login after the notice changed). */
export async function acceptPrivacyNotice(db: Db, userId: number, version: string, now = new Date()): Promise<void> {
  if ((await acceptedNoticeVersion(db, userId)) === version) return;
  await recordConsent(db, userId, 'privacy', version, now);
}

/**
 * Withdraws the separate consent to process the ID number: the consent row is marked withdrawn, the
 * ID number, real name and phone are erased from the volunteer row (and issued certificates), the
 * registration ends and a resident-volunteer becomes a resident again. Audited without personal data.
 */
export async function withdrawIdNumberConsent(db: Db, userId: number, options: { requestId?: string } = {}, now = new Date()): Promise<Result<{}, 'not_found'>> {
  return db.transaction(async (tx) => {
    const [user] = await tx
      .select({ role: users.role })
      .from(users)
      .where(and(eq(users.id, userId), isNull(users.closedAt)))
      .for('update');
    if (!user) return fail('not_found', 'error.notFound');
    const [volunteer] = await tx
      .select({ id: volunteers.id })
      .from(volunteers)
      .where(and(eq(volunteers.userId, userId), isNull(volunteers.endedAt)))
      .for('update');
    const withdrawn = await withdrawConsents(tx, userId, 'id_number', now);
    if (!volunteer && withdrawn === 0) return fail('not_found', 'privacy.consent.nothingToWithdraw');
    await endVolunteering(tx, { id: userId, role: user.role }, volunteer, { action: 'consent.id_number.withdraw', requestId: options.requestId }, now);
    return { ok: true as const };
  });
}
