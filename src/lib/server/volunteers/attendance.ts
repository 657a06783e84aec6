/**
 * On site: check-in and check-out by the rotating QR code or by a leader's hand, the distance to
 * the project's place, system hours clamped to the shift, and the settling of ended shifts
 * (no-shows, missing check-outs, pauses).
 */
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { volunteerHours, volunteerProjects, volunteers, volunteerShifts, volunteerSignups } from '../../../../db/schema';
import { recordAudit } from '../audit/record';
import type { Actor } from '../auth/permissions';
import { fail, type Result } from '../result';
import { distanceMeters } from '../kernel/geo';
import { getSettings } from '../settings';
import { applyNoShowPause, NO_SHOW_RULES } from './no-show';
import { releaseSignup } from './signup';
import { CHECK_IN_TICKET_MS, verifyCheckInToken, type CheckInMode, type VolunteerKeys } from './secrets';
import { cityDay } from '../time';

/** Check-in opens this long before the start. */
export const CHECK_IN_EARLY_MS = 60 * 60_000;
/** Check-out stays possible this long after the end. */
export const CHECK_OUT_LATE_MS = 3 * 3600_000;

/** Minutes between check-in and check-out, both clamped to the shift. */
export function clampedMinutes(shift: { startsAt: Date; endsAt: Date }, checkedInAt: Date, checkedOutAt: Date): number {
  const clamp = (t: number) => Math.min(Math.max(t, shift.startsAt.getTime()), shift.endsAt.getTime());
  return Math.max(0, Math.floor((clamp(checkedOutAt.getTime()) - clamp(checkedInAt.getTime())) / 60_000));
}

export interface Location {
  lat: number;
  lng: number;
}

export type AttendanceFailure = 'invalid_code' | 'expired_code' | 'not_volunteer' | 'not_signed_up' | 'too_early' | 'too_late' | 'not_checked_in' | 'not_found';

type AttendanceOk = { mode: CheckInMode; shiftId: number; title: string; already: boolean; distanceM: number | null; flagged: boolean; minutes: number | null };

async function recordSystemHours(
  tx: Db,
  signup: { volunteerId: number; shiftId: number },
  shift: { projectId: number; startsAt: Date; endsAt: Date },
  checkedInAt: Date,
  checkedOutAt: Date,
  noCheckOut: boolean,
) {
  const minutes = clampedMinutes(shift, checkedInAt, checkedOutAt);
  // The time served, clamped to the shift like the minutes: what manual hours may not overlap.
  const clamp = (t: Date) => new Date(Math.min(Math.max(t.getTime(), shift.startsAt.getTime()), shift.endsAt.getTime()));
  const startsAt = clamp(checkedInAt);
  const endsAt = clamp(checkedOutAt);
  await tx
    .insert(volunteerHours)
    .values({
      volunteerId: signup.volunteerId,
      projectId: shift.projectId,
      shiftId: signup.shiftId,
      source: 'system',
      servedOn: cityDay(shift.startsAt),
      startsAt,
      endsAt,
      minutes,
      noCheckOut,
    })
    .onConflictDoUpdate({
      target: [volunteerHours.shiftId, volunteerHours.volunteerId],
      targetWhere: sql`${volunteerHours.source} = 'system'`,
      set: { minutes, startsAt, endsAt, noCheckOut, status: 'pending', approvedMinutes: null, approvedBy: null, approvedAt: null },
    });
  return minutes;
}

/**
 * Applies one check-in or check-out to a volunteer's sign-up. Scanning twice is harmless: a second
 * check-in answers "already", and a check-out before any check-in is refused.
 */
async function applyAttendance(
  db: Db,
  volunteerId: number,
  shiftId: number,
  mode: CheckInMode,
  method: 'qr' | 'manual',
  now: Date,
  location: Location | null,
): Promise<Result<AttendanceOk, AttendanceFailure>> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ signup: volunteerSignups, shift: volunteerShifts, project: { title: volunteerProjects.title, lat: volunteerProjects.lat, lng: volunteerProjects.lng } })
      .from(volunteerSignups)
      .innerJoin(volunteerShifts, eq(volunteerShifts.id, volunteerSignups.shiftId))
      .innerJoin(volunteerProjects, eq(volunteerProjects.id, volunteerShifts.projectId))
      .where(and(eq(volunteerSignups.shiftId, shiftId), eq(volunteerSignups.volunteerId, volunteerId)))
      .for('update', { of: volunteerSignups });
    if (!row || row.signup.status !== 'confirmed') return fail('not_signed_up', 'volunteers.checkin.error.notSignedUp');
    const { signup, shift, project } = row;
    const base = { mode, shiftId, title: project.title };
    if (mode === 'in') {
      const measure = async () => {
        if (!location) return { distanceM: null, flagged: false };
        const { 'volunteers.checkInRadiusMeters': radius } = await getSettings(tx, ['volunteers.checkInRadiusMeters']);
        const distanceM = Math.round(distanceMeters(location, project));
        return { distanceM, flagged: distanceM > radius };
      };
      if (signup.checkedInAt) {
        // The scan checks in at once; the phone's location, which takes a moment, may follow within the ticket's life.
        if (location && signup.checkInDistanceM === null && signup.checkInMethod === 'qr' && now.getTime() - signup.checkedInAt.getTime() <= CHECK_IN_TICKET_MS) {
          const place = await measure();
          await tx.update(volunteerSignups).set({ checkInDistanceM: place.distanceM, checkInFlagged: place.flagged }).where(eq(volunteerSignups.id, signup.id));
          return { ok: true as const, ...base, already: true, ...place, minutes: null };
        }
        return { ok: true as const, ...base, already: true, distanceM: signup.checkInDistanceM, flagged: signup.checkInFlagged, minutes: null };
      }
      if (now.getTime() < shift.startsAt.getTime() - CHECK_IN_EARLY_MS)
        return fail('too_early', 'volunteers.checkin.error.tooEarly', { params: { opensAt: new Date(shift.startsAt.getTime() - CHECK_IN_EARLY_MS).toISOString() } });
      if (now >= shift.endsAt) return fail('too_late', 'volunteers.checkin.error.tooLate');
      const place = await measure();
      await tx
        .update(volunteerSignups)
        .set({ checkedInAt: now, checkInMethod: method, checkInDistanceM: place.distanceM, checkInFlagged: place.flagged })
        .where(eq(volunteerSignups.id, signup.id));
      return { ok: true as const, ...base, already: false, ...place, minutes: null };
    }
    if (!signup.checkedInAt) return fail('not_checked_in', 'volunteers.checkin.error.notCheckedIn');
    if (signup.checkedOutAt) {
      return { ok: true as const, ...base, already: true, distanceM: null, flagged: false, minutes: clampedMinutes(shift, signup.checkedInAt, signup.checkedOutAt) };
    }
    if (now.getTime() > shift.endsAt.getTime() + CHECK_OUT_LATE_MS) return fail('too_late', 'volunteers.checkin.error.tooLate');
    await tx.update(volunteerSignups).set({ checkedOutAt: now, checkOutMethod: method }).where(eq(volunteerSignups.id, signup.id));
    const minutes = await recordSystemHours(tx, signup, shift, signup.checkedInAt, now, false);
    return { ok: true as const, ...base, already: false, distanceM: null, flagged: false, minutes };
  });
}

/** A volunteer scanned the leader's code (the token from the QR's URL). */
export async function checkInWithToken(
  db: Db,
  keys: VolunteerKeys,
  userId: number,
  token: string,
  location: Location | null,
  now = new Date(),
): Promise<Result<AttendanceOk, AttendanceFailure>> {
  const check = verifyCheckInToken(keys, token, now);
  if (!check.ok) return check.reason === 'expired' ? fail('expired_code', 'volunteers.checkin.error.expired') : fail('invalid_code', 'volunteers.checkin.error.invalid');
  const [volunteer] = await db.select({ id: volunteers.id }).from(volunteers).where(eq(volunteers.userId, userId));
  if (!volunteer) return fail('not_volunteer', 'volunteers.signup.error.notVolunteer');
  const valid = location && Number.isFinite(location.lat) && Number.isFinite(location.lng) && Math.abs(location.lat) <= 90 && Math.abs(location.lng) <= 180;
  return applyAttendance(db, volunteer.id, check.shiftId, check.mode, 'qr', now, valid ? location : null);
}

/** A leader checks a volunteer in or out by hand (audited). */
export async function checkInByHand(db: Db, actor: Actor, shiftId: number, volunteerId: number, mode: CheckInMode, requestId?: string, now = new Date()) {
  const result = await applyAttendance(db, volunteerId, shiftId, mode, 'manual', now, null);
  if (result.ok && !result.already) {
    await recordAudit(db, {
      actorId: actor.id,
      actorRole: actor.role,
      action: mode === 'in' ? 'volunteer.checkin.manual' : 'volunteer.checkout.manual',
      targetType: 'volunteer_shift',
      targetId: shiftId,
      summary: { after: { volunteerId, at: now.toISOString() } },
      requestId: requestId ?? null,
    });
  }
  return result;
}

/** A leader removes a volunteer from a shift at any time (audited); a seat freed before the start is passed on. */
export async function removeSignupByLeader(db: Db, actor: Actor, shiftId: number, volunteerId: number, requestId?: string, now = new Date()): Promise<Result<{}, 'not_found'>> {
  return db.transaction(async (tx) => {
    const [shift] = await tx.select().from(volunteerShifts).where(eq(volunteerShifts.id, shiftId)).for('update');
    const [signup] = shift
      ? await tx
          .select()
          .from(volunteerSignups)
          .where(and(eq(volunteerSignups.shiftId, shiftId), eq(volunteerSignups.volunteerId, volunteerId)))
      : [];
    if (!shift || !signup || (signup.status !== 'confirmed' && signup.status !== 'waitlisted')) return fail('not_found', 'error.notFound');
    await releaseSignup(tx, shift, { id: signup.id, status: signup.status, position: signup.position }, now);
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'volunteer.signup.remove',
      targetType: 'volunteer_shift',
      targetId: shiftId,
      summary: { before: { volunteerId, status: signup.status } },
      requestId: requestId ?? null,
    });
    return { ok: true as const };
  });
}

/**
 * After a shift ends: confirmed volunteers who never checked in become no-shows; those who checked
 * in but not out get hours until the end (marked for the leader). Each shift is settled once,
 * whichever instance gets it first. Pauses for too many no-shows follow in one short transaction per
 * volunteer after the shifts' transaction has committed, so that this never waits for a volunteer
 * row while holding shift rows (sign-ups lock the volunteer first, then shifts).
 */
export async function settleEndedShifts(db: Db, now = new Date(), limit = 50): Promise<number> {
  const rules = await getSettings(db, [...NO_SHOW_RULES]);
  const { settled, absent } = await db.transaction(async (tx) => {
    const shifts = await tx
      .select()
      .from(volunteerShifts)
      .where(and(isNull(volunteerShifts.settledAt), lt(volunteerShifts.endsAt, now)))
      .orderBy(volunteerShifts.id)
      .limit(limit)
      .for('update', { skipLocked: true });
    const absent = new Set<number>();
    for (const shift of shifts) {
      const noShows = await tx
        .update(volunteerSignups)
        .set({ status: 'no_show' })
        .where(and(eq(volunteerSignups.shiftId, shift.id), eq(volunteerSignups.status, 'confirmed'), isNull(volunteerSignups.checkedInAt)))
        .returning({ volunteerId: volunteerSignups.volunteerId });
      for (const row of noShows) absent.add(row.volunteerId);
      const open = await tx
        .select()
        .from(volunteerSignups)
        .where(and(eq(volunteerSignups.shiftId, shift.id), eq(volunteerSignups.status, 'confirmed'), isNull(volunteerSignups.checkedOutAt)));
      for (const signup of open) {
        if (signup.checkedInAt) await recordSystemHours(tx, signup, shift, signup.checkedInAt, shift.endsAt, true);
      }
      await tx.update(volunteerShifts).set({ settledAt: now, waitlistCount: 0 }).where(eq(volunteerShifts.id, shift.id));
      // The waitlist of a past shift is moot; its places are released so positions never linger.
      await tx
        .update(volunteerSignups)
        .set({ status: 'cancelled', position: null, cancelledAt: now })
        .where(and(eq(volunteerSignups.shiftId, shift.id), eq(volunteerSignups.status, 'waitlisted')));
    }
    return { settled: shifts.length, absent: [...absent].sort((a, b) => a - b) };
  });
  for (const volunteerId of absent) {
    await db.transaction(async (tx) => {
      const [volunteer] = await tx
        .select({ id: volunteers.id, userId: volunteers.userId, pausedUntil: volunteers.pausedUntil })
        .from(volunteers)
        .where(eq(volunteers.id, volunteerId))
        .for('update');
      if (volunteer) await applyNoShowPause(tx, volunteer, rules, now);
    });
  }
  return settled;
}
