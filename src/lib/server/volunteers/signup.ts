/**
 * Commands: sign up for a shift, cancel. Exact under any concurrency: every sign-up and cancellation
 * of a shift locks its row (select … for update) and keeps confirmed_count and waitlist_count there,
 * a check constraint forbids confirmed_count > capacity, and the unique index on (shift, volunteer)
 * makes a second row for the same person impossible. The volunteer's own row is locked first, so
 * that two overlapping shifts signed up for at the same moment cannot both succeed. Before anything
 * else a sign-up settles the volunteer's own ended shifts (no-shows), so that a pause they earned
 * applies at once, without waiting for a timer. Lock order everywhere: the volunteer row, then shift
 * rows in id order (ended shifts before the one signed up for, which has not started).
 */
import { and, eq, gt, inArray, isNull, lt, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../../db/client';
import { volunteerProjects, volunteers, volunteerShifts, volunteerSignups } from '../../../../db/schema';
import { notify } from '../notifications';
import { getSettings } from '../settings';
import { NO_SHOW_RULES, settleVolunteerInTx } from './no-show';
import { fail, type Result } from '../result';
import { canTransition } from './workflow';
import { cityDay } from '../time';

export type SignupOutcome = { status: 'confirmed' } | { status: 'waitlisted'; position: number };
export type SignupFailure = 'not_volunteer' | 'not_found' | 'not_open' | 'paused' | 'skills' | 'overlap';

/** The calendar day in China time. */

type LockedShift = typeof volunteerShifts.$inferSelect;

export async function lockShift(tx: Tx | Db, shiftId: number): Promise<LockedShift | undefined> {
  const [shift] = await tx.select().from(volunteerShifts).where(eq(volunteerShifts.id, shiftId)).for('update');
  return shift;
}

export async function signUp(db: Db, userId: number, shiftId: number, now = new Date()): Promise<Result<SignupOutcome & { created: boolean }, SignupFailure>> {
  const rules = await getSettings(db, [...NO_SHOW_RULES]);
  return db.transaction(async (tx) => {
    const [volunteer] = await tx
      .select({ id: volunteers.id, userId: volunteers.userId, skills: volunteers.skills, pausedUntil: volunteers.pausedUntil })
      .from(volunteers)
      .where(and(eq(volunteers.userId, userId), isNull(volunteers.endedAt)))
      .for('update');
    if (!volunteer) return fail('not_volunteer', 'volunteers.signup.error.notVolunteer');
    const pausedUntil = await settleVolunteerInTx(tx, volunteer, rules, now);
    const shift = await lockShift(tx, shiftId);
    if (!shift) return fail('not_found', 'error.notFound');

    const [existing] = await tx
      .select({ id: volunteerSignups.id, status: volunteerSignups.status, position: volunteerSignups.position })
      .from(volunteerSignups)
      .where(and(eq(volunteerSignups.shiftId, shiftId), eq(volunteerSignups.volunteerId, volunteer.id)));
    // Asking again for a seat one already holds answers with that seat (a retried request must not fail).
    if (existing?.status === 'confirmed') return { ok: true as const, status: 'confirmed' as const, created: false };
    if (existing?.status === 'waitlisted') return { ok: true as const, status: 'waitlisted' as const, position: existing.position!, created: false };
    if (shift.cancelledAt) return fail('not_open', 'volunteers.signup.error.cancelled');
    if (!canTransition('signUp', existing?.status ?? 'none')) return fail('not_open', 'volunteers.signup.error.notOpen');

    const closes = shift.signupClosesAt ?? shift.startsAt;
    if ((shift.signupOpensAt && now < shift.signupOpensAt) || now >= closes || now >= shift.startsAt) {
      return fail('not_open', 'volunteers.signup.error.notOpen');
    }
    if (pausedUntil && pausedUntil > now) {
      return fail('paused', 'volunteers.signup.error.paused', { params: { until: cityDay(pausedUntil) } });
    }
    if (shift.requiredSkills.some((skill) => !volunteer.skills.includes(skill))) return fail('skills', 'volunteers.signup.error.skills');

    const [clash] = await tx
      .select({ id: volunteerShifts.id, title: volunteerProjects.title, startsAt: volunteerShifts.startsAt })
      .from(volunteerSignups)
      .innerJoin(volunteerShifts, eq(volunteerShifts.id, volunteerSignups.shiftId))
      .innerJoin(volunteerProjects, eq(volunteerProjects.id, volunteerShifts.projectId))
      .where(
        and(
          eq(volunteerSignups.volunteerId, volunteer.id),
          inArray(volunteerSignups.status, ['confirmed', 'waitlisted']),
          ne(volunteerSignups.shiftId, shiftId),
          lt(volunteerShifts.startsAt, shift.endsAt),
          gt(volunteerShifts.endsAt, shift.startsAt),
        ),
      )
      .limit(1);
    if (clash) return fail('overlap', 'volunteers.signup.error.overlap', { params: { title: clash.title } });

    const confirmed = shift.confirmedCount < shift.capacity;
    const position = confirmed ? null : shift.waitlistCount + 1;
    const status = confirmed ? ('confirmed' as const) : ('waitlisted' as const);
    const values = {
      status,
      position,
      signedUpAt: now,
      cancelledAt: null,
      promotedAt: null,
      checkedInAt: null,
      checkInMethod: null,
      checkInDistanceM: null,
      checkInFlagged: false,
      checkedOutAt: null,
      checkOutMethod: null,
    };
    if (existing) await tx.update(volunteerSignups).set(values).where(eq(volunteerSignups.id, existing.id));
    else await tx.insert(volunteerSignups).values({ shiftId, volunteerId: volunteer.id, ...values });
    await tx
      .update(volunteerShifts)
      .set(confirmed ? { confirmedCount: sql`${volunteerShifts.confirmedCount} + 1` } : { waitlistCount: sql`${volunteerShifts.waitlistCount} + 1` })
      .where(eq(volunteerShifts.id, shiftId));
    // The volunteer's confirmation (or waitlist place), in-app and on the channels they chose.
    const [project] = await tx.select({ title: volunteerProjects.title }).from(volunteerProjects).where(eq(volunteerProjects.id, shift.projectId));
    await notify(
      tx,
      [userId],
      {
        kind: 'shift.signup',
        messageKey: confirmed ? 'notification.shift.signup.confirmed' : 'notification.shift.signup.waitlisted',
        params: { title: project?.title ?? '', startsAt: shift.startsAt.toISOString(), position: position ?? 0 },
        link: `/volunteer/shifts/${shiftId}`,
      },
      now,
    );
    return confirmed
      ? { ok: true as const, status: 'confirmed' as const, created: true }
      : { ok: true as const, status: 'waitlisted' as const, position: position!, created: true };
  });
}

/**
 * Takes a sign-up off a locked shift: a confirmed seat goes to the first on the waitlist (who is
 * notified), and the positions behind a leaving waitlisted volunteer close up, so they stay 1..n.
 */
export async function releaseSignup(tx: Db, shift: LockedShift, signup: { id: number; status: 'confirmed' | 'waitlisted'; position: number | null }, now: Date) {
  await tx.update(volunteerSignups).set({ status: 'cancelled', position: null, cancelledAt: now }).where(eq(volunteerSignups.id, signup.id));
  let confirmedCount = shift.confirmedCount;
  let waitlistCount = shift.waitlistCount;
  let vacatedPosition = signup.position;
  if (signup.status === 'confirmed') {
    confirmedCount--;
    vacatedPosition = null;
    if (shift.startsAt > now) {
      const [first] = await tx
        .update(volunteerSignups)
        .set({ status: 'confirmed', position: null, promotedAt: now })
        .where(and(eq(volunteerSignups.shiftId, shift.id), eq(volunteerSignups.status, 'waitlisted'), eq(volunteerSignups.position, 1)))
        .returning({ volunteerId: volunteerSignups.volunteerId });
      if (first) {
        confirmedCount++;
        vacatedPosition = 1;
        const [project] = await tx
          .select({ title: volunteerProjects.title, userId: volunteers.userId })
          .from(volunteerProjects)
          .innerJoin(volunteers, eq(volunteers.id, first.volunteerId))
          .where(eq(volunteerProjects.id, shift.projectId));
        await notify(tx, [project!.userId], {
          kind: 'shift.promoted',
          messageKey: 'notification.shift.promoted',
          // An ISO timestamp in a param named *At is shown in the reader's language and China time (see formatNoticeParams).
          params: { title: project!.title, startsAt: shift.startsAt.toISOString() },
          link: `/volunteer/shifts/${shift.id}`,
        });
      }
    }
  }
  if (vacatedPosition !== null) {
    waitlistCount--;
    await tx
      .update(volunteerSignups)
      .set({ position: sql`${volunteerSignups.position} - 1` })
      .where(and(eq(volunteerSignups.shiftId, shift.id), eq(volunteerSignups.status, 'waitlisted'), gt(volunteerSignups.position, vacatedPosition)));
  }
  await tx.update(volunteerShifts).set({ confirmedCount, waitlistCount }).where(eq(volunteerShifts.id, shift.id));
}

export type CancelFailure = 'not_volunteer' | 'not_found' | 'not_signed_up' | 'cutoff';

/** The volunteer cancels: a confirmed seat until the cut-off, a waitlist place until the start. */
export async function cancelSignup(db: Db, userId: number, shiftId: number, now = new Date()): Promise<Result<{}, CancelFailure>> {
  return db.transaction(async (tx) => {
    const [volunteer] = await tx.select({ id: volunteers.id }).from(volunteers).where(eq(volunteers.userId, userId)).for('update');
    if (!volunteer) return fail('not_volunteer', 'volunteers.signup.error.notVolunteer');
    const shift = await lockShift(tx, shiftId);
    if (!shift) return fail('not_found', 'error.notFound');
    const [signup] = await tx
      .select({ id: volunteerSignups.id, status: volunteerSignups.status, position: volunteerSignups.position })
      .from(volunteerSignups)
      .where(and(eq(volunteerSignups.shiftId, shiftId), eq(volunteerSignups.volunteerId, volunteer.id)));
    if (!signup || !canTransition('cancel', signup.status)) return fail('not_signed_up', 'volunteers.cancel.error.notSignedUp');
    const cutoff = new Date(shift.startsAt.getTime() - shift.cancelCutoffMinutes * 60_000);
    const deadline = signup.status === 'confirmed' ? cutoff : shift.startsAt;
    if (now >= deadline) {
      return fail('cutoff', 'volunteers.cancel.error.cutoff', { params: { hours: Math.round((shift.cancelCutoffMinutes / 60) * 10) / 10, deadline: deadline.toISOString() } });
    }
    await releaseSignup(tx, shift, { id: signup.id, status: signup.status as 'confirmed' | 'waitlisted', position: signup.position }, now);
    return { ok: true as const };
  });
}
