/** Small helpers the nomination commands share. */
import { eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { nominationAnnouncements, nominationRounds } from '../../../../db/schema';
import { addWorkingDays, workingDaysBetween, type Calendar } from '../calendar';
import { addDays, cityDay, startOfCityDay } from '../time';
import { roundStage, type RoundStage } from './workflow';

export const NOMINEE_NAME_MAX = 30;
export const STORY_MIN = 100;
export const STORY_MAX = 3000;
export const CONTACT_MAX = 100;
export const EVIDENCE_MAX = 2000;
export const MESSAGE_MAX = 1000;
export const PHOTOS_MAX = 6;
export const ROUND_TITLE_MAX = 60;

/** Schedules typed in forms and honour-roll months are city time (../time). */
export { cityDateTimeInput as formatCityDateTime, cityMonth, cityMonthRange, parseCityDateTime } from '../time';

/** Characters as people count them (an emoji or a rare hanzi is one). */
export function textLength(value: string): number {
  return [...value].length;
}

export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } };
  return (e?.code ?? e?.cause?.code) === '23505';
}

/** The longest public notice the office may set, in working days. */
export const NOTICE_WORKING_DAYS_MAX = 30;

/**
 * The end of a public notice of `workingDays` whole working days opening at `opensAt`, on the holiday
 * calendar (调休 included). Opening on a working day, it closes at the same time of day (city time) on
 * the n-th working day after: Monday 2026-11-23 09:00 for 5 working days closes Monday 2026-11-30
 * 09:00. Opening on a non-working day, the days before the first working day do not count, so it
 * closes at the end of the n-th working day: Saturday 2026-11-21 for 5 closes at the end of Friday
 * 2026-11-27 (Saturday 00:00), never at Friday's opening hour.
 */
export function noticeClosesAfter(opensAt: Date, workingDays: number, calendar: Calendar): Date {
  const opening = cityDay(opensAt);
  const last = addWorkingDays(opening, workingDays, calendar);
  if (!calendar.isWorkingDay(opening)) return startOfCityDay(addDays(last, 1))!;
  const timeOfDay = opensAt.getTime() - startOfCityDay(opening)!.getTime();
  return new Date(startOfCityDay(last)!.getTime() + timeOfDay);
}

/** How many working days a notice spans, for showing a stored schedule in the form. */
export function noticeWorkingDays(opensAt: Date, closesAt: Date, calendar: Calendar): number {
  for (let n = 1; n <= NOTICE_WORKING_DAYS_MAX; n++) if (noticeClosesAfter(opensAt, n, calendar).getTime() === closesAt.getTime()) return n;
  return workingDaysBetween(cityDay(opensAt), cityDay(closesAt), calendar);
}

export type RoundRow = typeof nominationRounds.$inferSelect & { announcedAt: Date | null };

/** A round with its announcement instant and its stage at `now`; `forUpdate` locks the round row. */
export async function loadRound(db: Db, roundId: number, now: Date, forUpdate = false): Promise<(RoundRow & { stage: RoundStage }) | null> {
  const query = db
    .select({ round: nominationRounds, announcedAt: nominationAnnouncements.announcedAt })
    .from(nominationRounds)
    .leftJoin(nominationAnnouncements, eq(nominationAnnouncements.roundId, nominationRounds.id))
    .where(eq(nominationRounds.id, roundId));
  const [row] = forUpdate ? await query.for('update', { of: nominationRounds }) : await query;
  if (!row) return null;
  const round = { ...row.round, announcedAt: row.announcedAt ?? null };
  return { ...round, stage: roundStage(round, now) };
}
