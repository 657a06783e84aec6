/** Command: real-name registration of a volunteer (志愿服务条例: 实名注册). */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { areas, AVAILABILITY, SKILLS, users, volunteers } from '../../../../db/schema';
import { recordAudit } from '../audit/record';
import { normalizePhone } from '../auth/phone';
import type { Actor } from '../auth/permissions';
import { config } from '../config';
import { recordConsent } from '../privacy/consents';
import { takeAttempt, type Submitter as LimitSubmitter } from '../limits';
import { requireGuardianConsent } from '../privacy/minors';
import { fail, type Result } from '../result';
import { getSetting } from '../settings';
import { ageFromIdNumber, idNumberProblem, maskIdNumber, normalizeIdNumber } from './idnumber';
import { encryptIdNumber, hashIdNumber, type VolunteerKeys } from './secrets';

export interface VolunteerInput {
  realName: string;
  idNumber: string;
  phone: string;
  communityId: number;
  skills: string[];
  availability: string[];
  /** The separate, explicit consent to process the ID number (PIPL art. 29), ticked on its own. */
  idNumberConsent: boolean;
}

export const REAL_NAME_MAX = 30;

function isUniqueViolation(error: unknown): string | null {
  const e = error as { code?: string; constraint_name?: string; constraint?: string; cause?: { code?: string; constraint_name?: string; constraint?: string } };
  const inner = e?.code ? e : e?.cause;
  return inner?.code === '23505' ? (inner.constraint_name ?? inner.constraint ?? '') : null;
}

export async function registerVolunteer(
  db: Db,
  user: Actor,
  input: VolunteerInput,
  keys: VolunteerKeys,
  requestId?: string,
  now = new Date(),
  /** The web's and the API's submitter: every attempt counts against `limits.volunteer` (a refusal tells whether an ID number is registered). */
  limits?: LimitSubmitter,
): Promise<Result<{ volunteer: { id: number; volunteerNumber: string } }, 'invalid' | 'already_registered' | 'id_taken' | 'rate_limited' | 'guardian_consent_required'>> {
  // A child who may be under 14 volunteers only with a guardian's consent (PIPL art. 31).
  const guardian = await requireGuardianConsent(db, user.id, now);
  if (!guardian.ok) return guardian;
  const fields: Record<string, string> = {};
  const realName = (input.realName ?? '').trim();
  if (!/^[\p{Script=Han}·A-Za-z ]{2,30}$/u.test(realName)) fields.realName = 'volunteers.register.error.realName';
  const idNumber = normalizeIdNumber(input.idNumber ?? '');
  const problem = idNumberProblem(idNumber, now);
  const minimumAge = await getSetting(db, 'volunteers.minimumAge');
  if (problem) fields.idNumber = `volunteers.register.error.id.${problem}`;
  else if (ageFromIdNumber(idNumber, now) < minimumAge) fields.idNumber = 'volunteers.register.error.id.tooYoung';
  const phone = normalizePhone(input.phone ?? '');
  if (!phone) fields.phone = 'auth.phone.invalid';
  const [community] = Number.isInteger(input.communityId)
    ? await db
        .select({ id: areas.id })
        .from(areas)
        .where(and(eq(areas.id, input.communityId), eq(areas.level, 'community')))
    : [];
  if (!community) fields.communityId = 'volunteers.register.error.community';
  const skills = [...new Set(input.skills ?? [])];
  const availability = [...new Set(input.availability ?? [])];
  if (skills.some((skill) => !(SKILLS as readonly string[]).includes(skill))) fields.skills = 'volunteers.register.error.skills';
  if (availability.some((slot) => !(AVAILABILITY as readonly string[]).includes(slot))) fields.availability = 'volunteers.register.error.availability';
  if (!input.idNumberConsent) fields.idNumberConsent = 'privacy.consent.idNumberRequired';
  if (Object.keys(fields).length > 0) return fail('invalid', 'form.invalid', { fields, params: { age: minimumAge } });
  const limited = limits ? await takeAttempt(db, 'volunteer', limits, now) : null;
  if (limited) return limited;

  try {
    return await db.transaction(async (tx) => {
      const [account] = await tx.select({ role: users.role }).from(users).where(eq(users.id, user.id)).for('update');
      const [existing] = await tx.select({ id: volunteers.id, endedAt: volunteers.endedAt }).from(volunteers).where(eq(volunteers.userId, user.id));
      if (!account || (existing && !existing.endedAt)) return fail('already_registered', 'volunteers.register.error.already');
      const fields = {
        userId: user.id,
        realName,
        idNumberCipher: encryptIdNumber(keys, idNumber),
        idNumberHash: hashIdNumber(keys, idNumber),
        idNumberMasked: maskIdNumber(idNumber),
        phone: phone!,
        communityId: community!.id,
        skills,
        availability,
      };
      // A registration that ended (consent withdrawn) starts again on its row, keeping its number and past hours.
      const returning = { id: volunteers.id, volunteerNumber: volunteers.volunteerNumber };
      const [created] = existing
        ? await tx
            .update(volunteers)
            .set({ ...fields, endedAt: null })
            .where(eq(volunteers.id, existing.id))
            .returning(returning)
        : await tx.insert(volunteers).values(fields).returning(returning);
      await recordConsent(tx, user.id, 'id_number', config.privacyNoticeVersion, now);
      await recordAudit(tx, {
        actorId: user.id,
        actorRole: account.role,
        action: 'volunteer.register',
        targetType: 'volunteer',
        targetId: created!.id,
        summary: { after: { volunteerNumber: created!.volunteerNumber, idNumber: maskIdNumber(idNumber), communityId: community!.id } },
        requestId: requestId ?? null,
      });
      // A resident who registers becomes a volunteer; other roles (staff, leaders, admins) keep theirs.
      if (account.role === 'resident') {
        await tx.update(users).set({ role: 'volunteer', updatedAt: new Date() }).where(eq(users.id, user.id));
        await recordAudit(tx, {
          actorId: user.id,
          actorRole: account.role,
          action: 'user.role.change',
          targetType: 'user',
          targetId: user.id,
          summary: { before: { role: 'resident' }, after: { role: 'volunteer', reason: 'volunteer.register' } },
          requestId: requestId ?? null,
        });
      }
      return { ok: true as const, volunteer: created! };
    });
  } catch (error) {
    const constraint = isUniqueViolation(error);
    if (constraint?.includes('id_number')) return fail('id_taken', 'form.invalid', { fields: { idNumber: 'volunteers.register.error.id.taken' } });
    if (constraint !== null) return fail('already_registered', 'volunteers.register.error.already');
    throw error;
  }
}
