/**
 * The rating request, a second time: a reporter who has not rated a closed report is reminded once,
 * two days before the rating window (RATING_WINDOW_DAYS after closing) ends, with the link to the
 * report page (its before and after photos, and the rating form). Daily at 10:00 city time through
 * the queue; the dedupe key per report makes reruns and several instances harmless. Reads the closed
 * reports of a two-day range of closing times (a partial index on closed_at).
 */
import { and, eq, gt, isNotNull, isNull, lte } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { reportRatings, reports } from '../../../../db/schema';
import { defineJob, defineRecurring } from '../jobs';
import { notify } from '../notifications';
import { RATING_WINDOW_DAYS } from './workflow';

const DAY_MS = 86_400_000;
export const RATING_REMINDER_DAYS_LEFT = 2;

/** Reminds the reporters whose window closes within RATING_REMINDER_DAYS_LEFT days of `now`; returns how many were due. */
export async function sendRatingReminders(db: Db, now: Date): Promise<number> {
  const windowEnd = (closedAt: Date) => new Date(closedAt.getTime() + RATING_WINDOW_DAYS * DAY_MS);
  const due = await db
    .select({ id: reports.id, reporterId: reports.reporterId, closedAt: reports.closedAt })
    .from(reports)
    .leftJoin(reportRatings, eq(reportRatings.reportId, reports.id))
    .where(
      and(
        eq(reports.status, 'closed'),
        gt(reports.closedAt, new Date(now.getTime() - RATING_WINDOW_DAYS * DAY_MS)),
        lte(reports.closedAt, new Date(now.getTime() - (RATING_WINDOW_DAYS - RATING_REMINDER_DAYS_LEFT) * DAY_MS)),
        isNotNull(reports.reporterId),
        isNull(reportRatings.reportId),
      ),
    );
  for (const report of due) {
    await notify(
      db,
      [report.reporterId!],
      {
        kind: 'report.rate',
        messageKey: 'reports.notice.rateReminder',
        params: { id: report.id, number: report.id, untilAt: windowEnd(report.closedAt!).toISOString() },
        link: `/reports/${report.id}`,
        dedupeKey: `report.rate:${report.id}`,
      },
      now,
    );
  }
  return due.length;
}

export const ratingReminders = defineJob('reports.rating-reminders', async (_payload: object, { db, now }) => {
  await sendRatingReminders(db, now);
});
defineRecurring('reports.rating-reminders.daily', ratingReminders, { dailyAt: '10:00' });
