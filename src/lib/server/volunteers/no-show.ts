/**
 * No-shows: a confirmed volunteer who never checked in before the shift ended. Too many within the
 * window pause their new sign-ups. Sign-up (signup.ts) and settlement (attendance.ts) both use this.
 */
import { and, count, eq, gte, inArray, isNull, lt } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { volunteers, volunteerShifts, volunteerSignups } from '../../../../db/schema';
import { notify } from '../notifications';
import { getSettings } from '../settings';
import { cityDay } from '../time';

export type NoShowRules = { 'volunteers.noShowLimit': number; 'volunteers.noShowWindowDays': number; 'volunteers.noShowPauseDays': number };

export const NO_SHOW_RULES = ['volunteers.noShowLimit', 'volunteers.noShowWindowDays', 'volunteers.noShowPauseDays'] as const;

/**
 * Pauses a volunteer's new sign-ups when their no-shows within the window reach the limit (and they
 * are not paused already), and tells them. The caller holds the volunteer's row lock.
 */
export async function applyNoShowPause(tx: Db, volunteer: { id: number; userId: number; pausedUntil: Date | null }, rules: NoShowRules, now: Date): Promise<Date | null> {
  if (volunteer.pausedUntil && volunteer.pausedUntil > now) return volunteer.pausedUntil;
  const since = new Date(now.getTime() - rules['volunteers.noShowWindowDays'] * 86_400_000);
  const [row] = await tx
    .select({ n: count() })
    .from(volunteerSignups)
    .innerJoin(volunteerShifts, eq(volunteerShifts.id, volunteerSignups.shiftId))
    .where(and(eq(volunteerSignups.volunteerId, volunteer.id), eq(volunteerSignups.status, 'no_show'), gte(volunteerShifts.endsAt, since)));
  if ((row?.n ?? 0) < rules['volunteers.noShowLimit']) return null;
  const until = new Date(now.getTime() + rules['volunteers.noShowPauseDays'] * 86_400_000);
  await tx.update(volunteers).set({ pausedUntil: until }).where(eq(volunteers.id, volunteer.id));
  await notify(tx, [volunteer.userId], { kind: 'volunteer.paused', messageKey: 'notification.volunteer.paused', params: { until: cityDay(until) }, link: '/volunteer/me' });
  return until;
}

/**
 * Settles one volunteer's ended shifts, inside the caller's transaction, which holds the volunteer's
 * row lock: the unsettled ended shifts they were confirmed for are locked in id order (the lock order
 * every volunteer command keeps: volunteer row, then shift rows by id), and their seat there becomes a
 * no-show if they never checked in. The rest of each shift is left to settleEndedShifts. Returns the
 * pause now in force, if any.
 */
export async function settleVolunteerInTx(tx: Db, volunteer: { id: number; userId: number; pausedUntil: Date | null }, rules: NoShowRules, now: Date): Promise<Date | null> {
  const ended = await tx
    .select({ shiftId: volunteerSignups.shiftId })
    .from(volunteerSignups)
    .innerJoin(volunteerShifts, eq(volunteerShifts.id, volunteerSignups.shiftId))
    .where(
      and(
        eq(volunteerSignups.volunteerId, volunteer.id),
        eq(volunteerSignups.status, 'confirmed'),
        isNull(volunteerSignups.checkedInAt),
        lt(volunteerShifts.endsAt, now),
        isNull(volunteerShifts.settledAt),
      ),
    )
    .orderBy(volunteerSignups.shiftId);
  let marked = 0;
  if (ended.length > 0) {
    const ids = ended.map((row) => row.shiftId);
    const locked = await tx
      .select({ id: volunteerShifts.id })
      .from(volunteerShifts)
      .where(and(inArray(volunteerShifts.id, ids), isNull(volunteerShifts.settledAt)))
      .orderBy(volunteerShifts.id)
      .for('update');
    if (locked.length > 0) {
      const rows = await tx
        .update(volunteerSignups)
        .set({ status: 'no_show' })
        .where(
          and(
            eq(volunteerSignups.volunteerId, volunteer.id),
            inArray(
              volunteerSignups.shiftId,
              locked.map((shift) => shift.id),
            ),
            eq(volunteerSignups.status, 'confirmed'),
            isNull(volunteerSignups.checkedInAt),
          ),
        )
        .returning({ id: volunteerSignups.id });
      marked = rows.length;
    }
  }
  if (marked === 0) return volunteer.pausedUntil && volunteer.pausedUntil > now ? volunteer.pausedUntil : null;
  return applyNoShowPause(tx, volunteer, rules, now);
}

/**
 * Settles a volunteer's ended shifts before their record is shown (see settleVolunteerInTx). True
 * when there was something to settle (the volunteer's row may have changed: read it again).
 */
export async function settleVolunteer(db: Db, volunteerId: number, now = new Date()): Promise<boolean> {
  // Most views find nothing to settle: look without a lock first, so that views of one record do
  // not queue on its row (the locked pass below looks again).
  const [unsettled] = await db
    .select({ shiftId: volunteerSignups.shiftId })
    .from(volunteerSignups)
    .innerJoin(volunteerShifts, eq(volunteerShifts.id, volunteerSignups.shiftId))
    .where(
      and(
        eq(volunteerSignups.volunteerId, volunteerId),
        eq(volunteerSignups.status, 'confirmed'),
        isNull(volunteerSignups.checkedInAt),
        lt(volunteerShifts.endsAt, now),
        isNull(volunteerShifts.settledAt),
      ),
    )
    .limit(1);
  if (!unsettled) return false;
  const rules = await getSettings(db, [...NO_SHOW_RULES]);
  await db.transaction(async (tx) => {
    const [volunteer] = await tx
      .select({ id: volunteers.id, userId: volunteers.userId, pausedUntil: volunteers.pausedUntil })
      .from(volunteers)
      .where(eq(volunteers.id, volunteerId))
      .for('update');
    if (volunteer) await settleVolunteerInTx(tx, volunteer, rules, now);
  });
  return true;
}
