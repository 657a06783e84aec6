/** What the volunteer pages, actions and API share: the site's origin for links, and input parsing. */
import { publicOrigin } from '../http/origin';
import { isRealDate, isSaneInstant, MAX_YEAR, MIN_YEAR } from '../http/schema';
import { cityDateTimeInput, formatTime, formatWeekday } from '../time';

/** The address residents use, for links in QR codes, calendars and certificates (never the request's Host). */
export function siteOrigin(): string {
  return publicOrigin();
}

export { positiveId } from '../http/input';

export function optionalNumber(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) && Math.abs(n) <= 1e9 ? n : null;
}

/** An instant or a day within the kit's sane range (2000-2100), or null. */
export function optionalDate(value: unknown): Date | null {
  if (typeof value !== 'string' || value === '') return null;
  const text = value.trim();
  if (!isSaneInstant(text) && !isRealDate(text) && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(text)) return null;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return null;
  const year = date.getUTCFullYear();
  return year >= MIN_YEAR && year <= MAX_YEAR ? date : null;
}

/** Failure codes of the volunteer commands and the HTTP status each one is answered with. */
export const FAILURE_STATUS: Record<string, number> = {
  invalid: 400,
  invalid_code: 400,
  expired_code: 410,
  not_volunteer: 403,
  not_found: 404,
  not_signed_up: 409,
  not_open: 409,
  paused: 409,
  skills: 409,
  overlap: 409,
  cutoff: 409,
  too_early: 409,
  too_late: 409,
  not_checked_in: 409,
  already_registered: 409,
  id_taken: 409,
  rate_limited: 429,
  second_approver: 403,
  guardian_consent_required: 403,
  no_hours: 409,
  capacity_below_confirmed: 409,
  cancelled: 409,
  started: 409,
  already_issued: 409,
  already_revoked: 409,
};

/** "11月30日 周一 08:00–10:00" in the city's time zone. */
export function formatShiftTime(locale: string, startsAt: Date, endsAt: Date): string {
  return `${formatWeekday(startsAt, locale)} ${formatTime(startsAt, locale)}–${formatTime(endsAt, locale)}`;
}

export function formatHours(minutes: number): string {
  return (Math.round((minutes / 60) * 10) / 10).toString();
}

/** A time as a datetime-local value in city time (the leader's forms), or '' for none. */
export function chinaLocalInput(date: Date | null | undefined): string {
  return date ? cityDateTimeInput(date) : '';
}
