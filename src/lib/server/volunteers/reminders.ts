/**
 * Shift reminders, 24 hours and 2 hours before a shift, to everyone confirmed on it. A recurring
 * job looks every 5 minutes for shifts entering either window; each reminder is a once-only notice
 * (dedupe key per sign-up and window), so several instances, a rerun after a crash, or overlapping
 * windows never remind twice. Reads only shifts starting within the window: an index range.
 */
import { and, eq, gt, isNull, lte } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { volunteerProjects, volunteerShifts, volunteerSignups, volunteers } from '../../../../db/schema';
import { defineJob, defineRecurring } from '../jobs';
import { notify } from '../notifications';

export const REMINDER_WINDOWS = [
  { name: '24h', hours: 24 },
  { name: '2h', hours: 2 },
] as const;

/** Sends the reminders due at `now`; returns how many sign-ups were reminded (or already had been). */
export async function sendShiftReminders(db: Db, now: Date): Promise<number> {
  let count = 0;
  for (const window of REMINDER_WINDOWS) {
    // A shift starting within the next `hours` (and not yet started) gets this window's reminder;
    // the 24 h reminder is skipped for shifts already inside the 2 h window.
    const until = new Date(now.getTime() + window.hours * 3_600_000);
    const after = window.name === '24h' ? new Date(now.getTime() + 2 * 3_600_000) : now;
    const due = await db
      .select({ signupId: volunteerSignups.id, userId: volunteers.userId, shiftId: volunteerShifts.id, startsAt: volunteerShifts.startsAt, title: volunteerProjects.title })
      .from(volunteerShifts)
      .innerJoin(volunteerSignups, and(eq(volunteerSignups.shiftId, volunteerShifts.id), eq(volunteerSignups.status, 'confirmed')))
      .innerJoin(volunteers, eq(volunteers.id, volunteerSignups.volunteerId))
      .innerJoin(volunteerProjects, eq(volunteerProjects.id, volunteerShifts.projectId))
      .where(and(gt(volunteerShifts.startsAt, after), lte(volunteerShifts.startsAt, until), isNull(volunteerShifts.cancelledAt)));
    for (const row of due) {
      await db.transaction(async (tx) =>
        notify(
          tx as unknown as Db,
          [row.userId],
          {
            kind: 'shift.reminder',
            messageKey: `notification.shift.reminder.${window.name}`,
            params: { title: row.title, startsAt: row.startsAt.toISOString() },
            link: `/volunteer/shifts/${row.shiftId}`,
            dedupeKey: `shift.reminder:${window.name}:${row.signupId}`,
          },
          now,
        ),
      );
      count++;
    }
  }
  return count;
}

export const shiftReminders = defineJob('volunteers.shift-reminders', async (_payload: object, { db, now }) => {
  await sendShiftReminders(db, now);
});
defineRecurring('volunteers.shift-reminders', shiftReminders, { every: '5m' });
