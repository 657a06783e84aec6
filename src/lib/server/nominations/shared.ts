/** Small helpers the nomination commands share. */
import { eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { nominationAnnouncements, nominationRounds } from '../../../../db/schema';
import { addWorkingDays, chinaDate, workingDaysBetween, type Calendar } from '../reports/workdays';
import { roundStage, type RoundStage } from './workflow';

export const NOMINEE_NAME_MAX = 30;
export const STORY_MIN = 100;
export const STORY_MAX = 3000;
export const CONTACT_MAX = 100;
export const EVIDENCE_MAX = 2000;
export const MESSAGE_MAX = 1000;
export const PHOTOS_MAX = 6;
export const ROUND_TITLE_MAX = 60;

/** The city keeps China Standard Time; schedules typed in forms and honour-roll months use it. */
export const CITY_UTC_OFFSET = '+08:00';
const OFFSET_MS = 8 * 3600 * 1000;

/** Characters as people count them (an emoji or a rare hanzi is one). */
export function textLength(value: string): number {
  return [...value].length;
}

export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } };
  return (e?.code ?? e?.cause?.code) === '23505';
}

/** "2026-11-23T09:30" typed into a datetime-local input, read as city time. */
export function parseCityDateTime(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const date = new Date(`${value.length === 16 ? `${value}:00` : value}${CITY_UTC_OFFSET}`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The value for a datetime-local input, in city time. */
export function formatCityDateTime(date: Date): string {
  return new Date(date.getTime() + OFFSET_MS).toISOString().slice(0, 16);
}

/** "2026-11" of an instant, in city time. */
export function cityMonth(date: Date): string {
  return new Date(date.getTime() + OFFSET_MS).toISOString().slice(0, 7);
}

/** [start, end) of a "YYYY-MM" month in city time, or null for anything else. */
export function cityMonthRange(month: string): [Date, Date] | null {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return null;
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  if (index < 0 || index > 11) return null;
  return [new Date(Date.UTC(year, index, 1) - OFFSET_MS), new Date(Date.UTC(year, index + 1, 1) - OFFSET_MS)];
}

/** The longest public notice the office may set, in working days. */
export const NOTICE_WORKING_DAYS_MAX = 30;

/**
 * The end of a public notice of `workingDays` working days opening at `opensAt`: the same time of day
 * (city time) on the n-th working day after the opening date, on the holiday calendar (调休 included).
 * A notice opening Monday 2026-11-23 09:00 for 5 working days closes Monday 2026-11-30 09:00.
 */
export function noticeClosesAfter(opensAt: Date, workingDays: number, calendar: Calendar): Date {
  const opening = chinaDate(opensAt);
  const timeOfDay = opensAt.getTime() - new Date(`${opening}T00:00:00${CITY_UTC_OFFSET}`).getTime();
  return new Date(new Date(`${addWorkingDays(opening, workingDays, calendar)}T00:00:00${CITY_UTC_OFFSET}`).getTime() + timeOfDay);
}

/** How many working days a notice spans, for showing a stored schedule in the form. */
export function noticeWorkingDays(opensAt: Date, closesAt: Date, calendar: Calendar): number {
  return workingDaysBetween(chinaDate(opensAt), chinaDate(closesAt), calendar);
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
