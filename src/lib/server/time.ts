/**
 * The city's clock: every date the portal shows, exports or computes (days, weeks, months,
 * deadlines) is a date in the city's time zone, `CITY_TIME_ZONE` (default Asia/Shanghai).
 *
 * Calendar days are strings 'YYYY-MM-DD', months 'YYYY-MM', ISO weeks '2026-W47'; instants are
 * `Date`s. Nothing here reads the wall clock except as a default argument, so tests pass `now`.
 */
import { sql, type SQL } from 'drizzle-orm';
import { config } from './config';

const DAY_MS = 86_400_000;

/** An IANA zone name, checked once at start: a typo must not silently fall back to UTC. */
export function checkTimeZone(zone: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(zone)) throw new Error(`CITY_TIME_ZONE "${zone}" is not an IANA time zone name.`);
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    throw new Error(`CITY_TIME_ZONE "${zone}" is not a time zone this Node knows.`);
  }
}

/** The city's IANA time zone. */
export const cityTimeZone = checkTimeZone(config.cityTimeZone);

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const QUARTER_MS = 15 * 60_000;

/**
 * The wall clock of a time zone. Intl answers it in a few microseconds a call, too slow for a list of
 * fifty reports with their dates and deadlines; but zones change their offset only at quarter-hour
 * instants of UTC (every transition since 1970 in the tz database does), so the offset asked of Intl
 * once holds for its whole quarter hour and later calls cost a map lookup. `intl` is Intl's answer,
 * for the test that holds the two to each other.
 */
export function wallClock(zone: string): { wall: (at: Date) => Wall; intl: (at: Date) => Wall } {
  const partsFormat = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const intl = (at: Date): Wall => {
    const out: Record<string, number> = {};
    for (const part of partsFormat.formatToParts(at)) if (part.type !== 'literal') out[part.type] = Number(part.value);
    return out as unknown as Wall;
  };
  const offsetByQuarter = new Map<number, number>();
  const offsetMs = (time: number): number => {
    const quarter = Math.floor(time / QUARTER_MS);
    let offset = offsetByQuarter.get(quarter);
    if (offset === undefined) {
      const start = quarter * QUARTER_MS;
      const w = intl(new Date(start));
      offset = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - start;
      if (offsetByQuarter.size >= 10_000) offsetByQuarter.clear();
      offsetByQuarter.set(quarter, offset);
    }
    return offset;
  };
  const wall = (at: Date): Wall => {
    const time = at.getTime();
    // Years 1000-9999 only (what Date's UTC fields give plainly); anything else is asked of Intl.
    if (!(time > -30_610_224_000_000 && time < 253_402_300_799_000)) return intl(at);
    const local = new Date(time + offsetMs(time));
    return {
      year: local.getUTCFullYear(),
      month: local.getUTCMonth() + 1,
      day: local.getUTCDate(),
      hour: local.getUTCHours(),
      minute: local.getUTCMinutes(),
      second: local.getUTCSeconds(),
    };
  };
  return { wall, intl };
}

const wall = wallClock(cityTimeZone).wall;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Minutes the city is ahead of UTC at `at` (480 in China). */
export function cityOffsetMinutes(at: Date): number {
  const w = wall(at);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** '+08:00' for `at`. */
export function cityOffset(at: Date): string {
  const minutes = cityOffsetMinutes(at);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The city's calendar day of an instant, 'YYYY-MM-DD'. */
export function cityDay(at: Date = new Date()): string {
  const w = wall(at);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** The city's month of an instant, 'YYYY-MM'. */
export function cityMonth(at: Date = new Date()): string {
  return cityDay(at).slice(0, 7);
}

/** Minutes since the city's midnight (0-1439). */
export function cityMinutesOfDay(at: Date): number {
  const w = wall(at);
  return w.hour * 60 + w.minute;
}

/** The city's year of an instant. */
export function cityYear(at: Date = new Date()): number {
  return wall(at).year;
}

/** The value for a datetime-local input, in city time: 'YYYY-MM-DDTHH:mm'. */
export function cityDateTimeInput(at: Date): string {
  const w = wall(at);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/** ISO 8601 with the city's offset, seconds precision: '2026-12-05T01:05:00+08:00' (Open311, exports). */
export function cityIso(at: Date): string {
  const w = wall(at);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${cityOffset(at)}`;
}

/** The instant of a wall-clock time in the city (the earlier one when a clock change repeats it). */
function cityInstantOf(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): Date {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  let guess = asUtc - cityOffsetMinutes(new Date(asUtc)) * 60_000;
  guess = asUtc - cityOffsetMinutes(new Date(guess)) * 60_000;
  return new Date(guess);
}

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day 'YYYY-MM-DD' (years 1000-9999). */
export function isDay(value: string): boolean {
  const match = DAY_RE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1000 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Midnight starting the city day 'YYYY-MM-DD'; null when it is not a real day. */
export function startOfCityDay(day: string): Date | null {
  if (!isDay(day)) return null;
  return cityInstantOf(Number(day.slice(0, 4)), Number(day.slice(5, 7)), Number(day.slice(8, 10)));
}

/** [start, end) of a city day, for queries. */
export function cityDayRange(day: string): [Date, Date] | null {
  const start = startOfCityDay(day);
  return start ? [start, startOfCityDay(addDays(day, 1))!] : null;
}

/** 'YYYY-MM-DDTHH:mm' or 'YYYY-MM-DDTHH:mm:ss' typed in a form, read as city time; null if not a real time. */
export function parseCityDateTime(value: string): Date | null {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  const day = match?.[1];
  if (!match || !day || !isDay(day)) return null;
  const [hour, minute, second] = [Number(match[2]), Number(match[3]), Number(match[4] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return null;
  return cityInstantOf(Number(day.slice(0, 4)), Number(day.slice(5, 7)), Number(day.slice(8, 10)), hour, minute, second);
}

/** A day or a date-time typed in a filter, as an instant (a day is its city midnight); null if neither. */
export function parseCityDayOrTime(value: string): Date | null {
  return value.length === 10 ? startOfCityDay(value) : parseCityDateTime(value);
}

/** [start, end) of a 'YYYY-MM' month in city time, or null for anything else. */
export function cityMonthRange(month: string): [Date, Date] | null {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return null;
  const year = Number(match[1]);
  const index = Number(match[2]);
  if (year < 1000 || index < 1 || index > 12) return null;
  return [cityInstantOf(year, index, 1), index === 12 ? cityInstantOf(year + 1, 1, 1) : cityInstantOf(year, index + 1, 1)];
}

/** The day `count` days after (or before, when negative) 'YYYY-MM-DD'. */
export function addDays(day: string, count: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + count);
  return date.toISOString().slice(0, 10);
}

/** Day of the week of 'YYYY-MM-DD': 0 Sunday … 6 Saturday. */
export function weekdayOf(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Monday of the ISO week (周一至周日) holding the city day of `at`, 'YYYY-MM-DD'. */
export function isoWeekStart(at: Date = new Date()): string {
  const day = cityDay(at);
  return addDays(day, -((weekdayOf(day) + 6) % 7));
}

/** The ISO week holding the city day of `at`, as '2026-W47'. */
export function isoWeekOf(at: Date = new Date()): string {
  return isoWeekOfDay(cityDay(at));
}

export function isoWeekOfDay(day: string): string {
  const thursday = addDays(day, 3 - ((weekdayOf(day) + 6) % 7));
  const year = Number(thursday.slice(0, 4));
  const week = 1 + Math.floor(daysBetween(`${year}-01-01`, thursday) / 7);
  return `${year}-W${pad(week)}`;
}

/** An ISO week as people read it: '2026年第49周' in Chinese, 'Week 49, 2026' in English ('2026-W49' unchanged when malformed). */
export function formatIsoWeek(label: string, locale: string): string {
  const match = /^(\d{4})-W(\d{2})$/.exec(label);
  if (!match) return label;
  const week = Number(match[2]);
  return locale === 'en' ? `Week ${week}, ${match[1]}` : `${match[1]}年第${week}周`;
}

export interface Period {
  /** Inclusive start, exclusive end. */
  from: Date;
  to: Date;
  /** '2026-W47' for a week. */
  label: string;
}

/** The week '2026-W47' from Monday 00:00 to the next Monday 00:00, city time; null if malformed. */
export function weekPeriod(label: string): Period | null {
  const match = /^(\d{4})-W(\d{2})$/.exec(label);
  if (!match) return null;
  const year = Number(match[1]);
  const week = Number(match[2]);
  if (year < 1000 || week < 1 || week > 53) return null;
  const jan4 = `${year}-01-04`;
  const monday = addDays(jan4, -((weekdayOf(jan4) + 6) % 7) + (week - 1) * 7);
  if (isoWeekOfDay(monday) !== label) return null;
  return { from: startOfCityDay(monday)!, to: startOfCityDay(addDays(monday, 7))!, label };
}

export function previousWeek(period: Period): Period {
  const monday = addDays(cityDay(period.from), -7);
  return { from: startOfCityDay(monday)!, to: period.from, label: isoWeekOfDay(monday) };
}

/* Display. Formatters are cached per locale and options; every one is pinned to the city's zone. */

const formats = new Map<string, Intl.DateTimeFormat>();

/** An Intl formatter in the city's zone (whatever `options.timeZone` says). */
export function cityFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...options, timeZone: cityTimeZone });
    if (formats.size > 200) formats.clear();
    formats.set(key, format);
  }
  return format;
}

/**
 * Each display style, found by a short key: its formatter, and the texts it has made by instant.
 * These run for every date of every list (a staff queue shows fifty), where building cityFormat's
 * key from the options would cost more than the formatting; and a list shows the same few dates
 * again and again (every card's day), where a lookup costs a fraction of ICU's formatting.
 */
const displayStyles = new Map<string, { format: Intl.DateTimeFormat; texts: Map<number, string> }>();

function formatWith(key: string, at: Date, locale: string, options: Intl.DateTimeFormatOptions): string {
  let style = displayStyles.get(key);
  if (!style) {
    if (displayStyles.size > 100) displayStyles.clear();
    displayStyles.set(key, (style = { format: cityFormat(locale, options), texts: new Map() }));
  }
  const time = at.getTime();
  let text = style.texts.get(time);
  if (text === undefined) {
    text = style.format.format(at);
    if (style.texts.size >= 10_000) style.texts.clear();
    style.texts.set(time, text);
  }
  return text;
}

/** '2026年12月5日' / 'Dec 5, 2026'. */
export function formatDate(at: Date, locale: string, style: 'short' | 'medium' | 'long' = 'medium'): string {
  return formatWith(`${locale}|date|${style}`, at, locale, { dateStyle: style });
}

/** Date and time to the minute. */
export function formatDateTime(at: Date, locale: string, style: 'short' | 'medium' = 'medium'): string {
  return formatWith(`${locale}|datetime|${style}`, at, locale, { dateStyle: style, timeStyle: 'short', hourCycle: 'h23' });
}

/** '09:30'. */
export function formatTime(at: Date, locale: string): string {
  return formatWith(`${locale}|time`, at, locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

/** '12月6日周日' / 'Sun, Dec 6': a day in a list of times (shifts), without the year. */
export function formatWeekday(at: Date, locale: string): string {
  return formatWith(`${locale}|weekday`, at, locale, { month: 'short', day: 'numeric', weekday: 'short' });
}

/** Formatters of calendar days (no zone: the day is the day), by language and style. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** A calendar day 'YYYY-MM-DD' for display (no instant involved). */
export function formatDay(day: string, locale: string, style: 'short' | 'medium' | 'long' = 'medium'): string {
  const key = `${locale}|${style}`;
  let format = dayFormats.get(key);
  if (!format) {
    if (dayFormats.size > 100) dayFormats.clear();
    dayFormats.set(key, (format = new Intl.DateTimeFormat(locale, { dateStyle: style, timeZone: 'UTC' })));
  }
  return format.format(new Date(`${day}T00:00:00Z`));
}

/* SQL: the same rules inside queries. The zone is a checked name, so it is written as a literal. */

const zoneLiteral = sql.raw(`'${cityTimeZone}'`);

/** A timestamptz column as the city's wall-clock timestamp. */
export function cityTimestampSql(column: unknown): SQL {
  return sql`(${column} at time zone ${zoneLiteral})`;
}

/** A timestamptz column's city calendar day (a `date`). */
export function cityDateSql(column: unknown): SQL {
  return sql`(${column} at time zone ${zoneLiteral})::date`;
}

/** Monday (a `date`) of the ISO week holding a timestamptz column's city day; agrees with isoWeekStart. */
export function cityWeekStartSql(column: unknown): SQL {
  return sql`date_trunc('week', ${column} at time zone ${zoneLiteral})::date`;
}
