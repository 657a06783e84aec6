/**
 * Erasing a person from records that must stay for the public record. One place decides what an
 * erased volunteer registration and a closed account look like, for account closure, the withdrawal
 * of the ID-number consent and the retention job alike.
 */
import { and, eq, gt, inArray } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { volunteerCertificates, volunteerShifts, volunteerSignups, volunteerTeamMembers, volunteers } from '../../../../db/schema';
import { lockShift, releaseSignup } from '../volunteers/signup';

/** What a closed account's display name becomes (the same for everyone, so it identifies no one). */
export const CLOSED_ACCOUNT_NAME = '已注销用户';
/** What an ended volunteer registration's real name becomes. */
export const ERASED_NAME = '（已删除）';

/**
 * Ends a volunteer registration: future sign-ups are released (their seats go to the waitlist),
 * team memberships end, and the name, ID number, phone and calendar feed are erased from the row
 * and from issued certificates. Approved hours and certificates stay, without the person's identity.
 */
export async function endVolunteerRegistration(tx: Db, volunteerId: number, now: Date): Promise<void> {
  const upcoming = await tx
    .select({ id: volunteerSignups.id, shiftId: volunteerSignups.shiftId, status: volunteerSignups.status, position: volunteerSignups.position })
    .from(volunteerSignups)
    .innerJoin(volunteerShifts, eq(volunteerShifts.id, volunteerSignups.shiftId))
    .where(and(eq(volunteerSignups.volunteerId, volunteerId), inArray(volunteerSignups.status, ['confirmed', 'waitlisted']), gt(volunteerShifts.startsAt, now)))
    .orderBy(volunteerSignups.shiftId);
  for (const signup of upcoming) {
    const shift = await lockShift(tx, signup.shiftId);
    if (shift) await releaseSignup(tx, shift, { id: signup.id, status: signup.status as 'confirmed' | 'waitlisted', position: signup.position }, now);
  }
  await tx.delete(volunteerTeamMembers).where(eq(volunteerTeamMembers.volunteerId, volunteerId));
  await tx
    .update(volunteers)
    .set({
      realName: ERASED_NAME,
      idNumberCipher: '',
      // Unique and not null: a placeholder that frees the ID number for a new registration.
      idNumberHash: `erased:${volunteerId}`,
      idNumberMasked: '',
      phone: '',
      skills: [],
      availability: [],
      calendarTokenHash: null,
      pausedUntil: null,
      endedAt: now,
    })
    .where(eq(volunteers.id, volunteerId));
  await tx.update(volunteerCertificates).set({ realName: ERASED_NAME, idNumberMasked: '' }).where(eq(volunteerCertificates.volunteerId, volunteerId));
}
