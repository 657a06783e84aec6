/**
 * Minors (PIPL art. 28 and 31: personal information of a child under 14 is sensitive and is
 * processed only with a parent's or other guardian's consent). Registration asks for the year of
 * birth; someone who may be under 14 this year (born in the year fourteen years ago or later: the
 * year alone cannot tell a 13-year-old from a 14-year-old, so the doubt goes to the child) registers
 * as a volunteer or nominates only after a guardian's consent, recorded as a 'guardian' consent with
 * the notice version, the time and who gave it. Without it those commands are refused with a clear
 * message. Withdrawing it ends a volunteer registration (hours stay, anonymized).
 * Accounts with no year on record (staff, demo and service accounts) are not treated as children.
 */
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { privacyConsents, users, volunteers } from '../../../../db/schema';
import { fail, type Result } from '../result';
import { cityYear } from '../time';
import { endVolunteering, recordConsent, withdrawConsents } from './consents';

/** Below this age a guardian consents (PIPL art. 31). */
export const GUARDIAN_AGE = 14;
export const BIRTH_YEAR_MIN = 1900;
export const GUARDIAN_RELATIONS = ['father', 'mother', 'other'] as const;
export type GuardianRelation = (typeof GUARDIAN_RELATIONS)[number];
export const GUARDIAN_NAME_MAX = 30;

/** A guardian consent's recorded detail ("name (relation)") read back, for display. */
export function guardianDetail(detail: string | null): { name: string; relation: GuardianRelation | null } {
  const match = /^(.*) \((father|mother|other)\)$/s.exec(detail ?? '');
  return match ? { name: match[1]!, relation: match[2] as GuardianRelation } : { name: detail ?? '', relation: null };
}

/** The year of birth's problem at registration (an i18n key), or null. */
export function birthYearProblem(birthYear: unknown, now: Date): string | null {
  if (birthYear === undefined || birthYear === null || birthYear === '') return 'auth.birthYear.required';
  if (typeof birthYear !== 'number' || !Number.isInteger(birthYear) || birthYear < BIRTH_YEAR_MIN || birthYear > cityYear(now)) return 'auth.birthYear.invalid';
  return null;
}

/** The earliest year of birth that still needs a guardian in `now`'s year. */
export function guardianBirthYearFrom(now: Date): number {
  return cityYear(now) - GUARDIAN_AGE;
}

/** Whether someone born in `birthYear` may be under 14 at `now` (null: no year on record, not treated as a child). */
export function mayBeUnderGuardianAge(birthYear: number | null, now: Date): boolean {
  return birthYear !== null && birthYear >= guardianBirthYearFrom(now);
}

export interface GuardianStatus {
  /** A guardian's consent is needed (the person may be under 14). */
  needed: boolean;
  /** The consent in force, if any. */
  consent: { id: number; detail: string | null; version: string; acceptedAt: Date } | null;
}

export async function guardianStatus(db: Db, userId: number, now = new Date()): Promise<GuardianStatus> {
  const [user] = await db.select({ birthYear: users.birthYear }).from(users).where(eq(users.id, userId));
  const needed = mayBeUnderGuardianAge(user?.birthYear ?? null, now);
  if (!needed) return { needed, consent: null };
  const [consent] = await db
    .select({ id: privacyConsents.id, detail: privacyConsents.detail, version: privacyConsents.version, acceptedAt: privacyConsents.acceptedAt })
    .from(privacyConsents)
    .where(and(eq(privacyConsents.userId, userId), eq(privacyConsents.kind, 'guardian'), isNull(privacyConsents.withdrawnAt)))
    .orderBy(desc(privacyConsents.acceptedAt), desc(privacyConsents.id))
    .limit(1);
  return { needed, consent: consent ?? null };
}

/**
 * The check volunteering and nominating make first: refused for a possible child without a
 * guardian's consent in force.
 */
export async function requireGuardianConsent(db: Db, userId: number, now = new Date()): Promise<Result<{}, 'guardian_consent_required'>> {
  const status = await guardianStatus(db, userId, now);
  if (status.needed && !status.consent) {
    return fail('guardian_consent_required', 'privacy.minors.guardianRequired', { params: { age: GUARDIAN_AGE } });
  }
  return { ok: true };
}

export interface GuardianConsentInput {
  guardianName: string;
  relation: string;
  /** The guardian ticked that they are the guardian and consent. */
  confirm: boolean;
}

/** A guardian's consent, given on the child's account: recorded with the notice version, the time and who gave it. */
export async function giveGuardianConsent(
  db: Db,
  userId: number,
  input: GuardianConsentInput,
  version: string,
  now = new Date(),
): Promise<Result<{}, 'invalid' | 'not_needed' | 'not_found'>> {
  const fields: Record<string, string> = {};
  const guardianName = (input.guardianName ?? '').trim();
  if (!guardianName) fields.guardianName = 'privacy.minors.guardianName.required';
  else if ([...guardianName].length > GUARDIAN_NAME_MAX) fields.guardianName = 'privacy.minors.guardianName.tooLong';
  if (!(GUARDIAN_RELATIONS as readonly string[]).includes(input.relation)) fields.relation = 'privacy.minors.relation.required';
  if (!input.confirm) fields.confirm = 'privacy.minors.confirm.required';
  if (Object.keys(fields).length > 0) return fail('invalid', 'form.invalid', { fields });
  return db.transaction(async (tx) => {
    const [user] = await tx
      .select({ birthYear: users.birthYear })
      .from(users)
      .where(and(eq(users.id, userId), isNull(users.closedAt)))
      .for('update');
    if (!user) return fail('not_found', 'error.notFound');
    if (!mayBeUnderGuardianAge(user.birthYear, now)) return fail('not_needed', 'privacy.minors.notNeeded');
    // One consent in force: an earlier one is replaced, its record kept.
    await withdrawConsents(tx, userId, 'guardian', now);
    await recordConsent(tx, userId, 'guardian', version, now, `${guardianName} (${input.relation})`);
    return { ok: true as const };
  });
}

/**
 * Withdraws the guardian's consent: recorded on the row; a volunteer registration ends (its ID
 * number erased, hours kept without the name) and a resident-volunteer is a resident again.
 */
export async function withdrawGuardianConsent(db: Db, userId: number, options: { requestId?: string } = {}, now = new Date()): Promise<Result<{}, 'not_found'>> {
  return db.transaction(async (tx) => {
    const [user] = await tx
      .select({ role: users.role })
      .from(users)
      .where(and(eq(users.id, userId), isNull(users.closedAt)))
      .for('update');
    if (!user) return fail('not_found', 'error.notFound');
    if ((await withdrawConsents(tx, userId, 'guardian', now)) === 0) return fail('not_found', 'privacy.consent.nothingToWithdraw');
    const [volunteer] = await tx
      .select({ id: volunteers.id })
      .from(volunteers)
      .where(and(eq(volunteers.userId, userId), isNull(volunteers.endedAt)))
      .for('update');
    // The registration ends, and its separate consent to the ID number with it.
    if (volunteer) await withdrawConsents(tx, userId, 'id_number', now);
    await endVolunteering(tx, { id: userId, role: user.role }, volunteer, { action: 'consent.guardian.withdraw', requestId: options.requestId }, now);
    return { ok: true as const };
  });
}
