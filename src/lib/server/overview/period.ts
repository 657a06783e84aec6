/** Periods the overview reports on: ISO weeks (周一至周日, China time) for the bulletin. */

export interface Period {
  /** Inclusive start, exclusive end. */
  from: Date;
  to: Date;
  /** '2026-W47' for a week. */
  label: string;
}

const DAY = 86_400_000;
const CHINA = 8 * 3_600_000;

/** The ISO week containing `at` (China time), as '2026-W47'. */
export function isoWeekOf(at: Date): string {
  const local = new Date(at.getTime() + CHINA);
  const day = (local.getUTCDay() + 6) % 7;
  const thursday = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - day + 3));
  const year = thursday.getUTCFullYear();
  const jan4 = Date.UTC(year, 0, 4);
  const firstThursday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY + 3 * DAY;
  const week = 1 + Math.round((thursday.getTime() - firstThursday) / (7 * DAY));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The week '2026-W47' from Monday 00:00 to the next Monday 00:00, China time; null if malformed. */
export function weekPeriod(label: string): Period | null {
  const match = /^(\d{4})-W(\d{2})$/.exec(label);
  if (!match) return null;
  const year = Number(match[1]);
  const week = Number(match[2]);
  if (week < 1 || week > 53) return null;
  const jan4 = Date.UTC(year, 0, 4);
  const monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY + (week - 1) * 7 * DAY;
  const from = new Date(monday - CHINA);
  if (isoWeekOf(from) !== label) return null;
  return { from, to: new Date(from.getTime() + 7 * DAY), label };
}

export function previousWeek(period: Period): Period {
  const from = new Date(period.from.getTime() - 7 * DAY);
  return { from, to: period.from, label: isoWeekOf(from) };
}

/** 'YYYY-MM' of the last day of the period, China time. */
export function monthOf(period: Period): string {
  return new Date(Math.min(period.to.getTime(), Date.now()) - 1 + CHINA).toISOString().slice(0, 7);
}

/** The China-time calendar day of an instant, YYYY-MM-DD (a period's `to` gives its exclusive end day). */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + CHINA).toISOString().slice(0, 10);
}
