/** iCalendar (RFC 5545) for confirmed shifts: one event per file, and a private feed per volunteer. */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq, gte } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { volunteerProjects, volunteers, volunteerShifts, volunteerSignups } from '../../../../db/schema';
import { randomToken } from './secrets';
import { icsText } from '../output';

export interface CalendarEvent {
  uid: string;
  startsAt: Date;
  endsAt: Date;
  summary: string;
  description: string;
  location: string;
  geo?: { lat: number; lng: number };
  url?: string;
}

/** TEXT values: backslash, semicolon, comma and line breaks escaped (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return icsText(value);
}

/** UTC date-time form, 20261123T013000Z. */
export function icsDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Lines longer than 75 octets are folded with CRLF and a space, never inside a UTF-8 character (§3.1). */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    const limit = parts.length === 0 ? 75 : 74; // continuation lines start with one space
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

export function buildCalendar(events: CalendarEvent[], options: { name: string; now?: Date; method?: 'PUBLISH' }): string {
  const stamp = icsDate(options.now ?? new Date());
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Wenming//Volunteer shifts//ZH',
    'CALSCALE:GREGORIAN',
    `METHOD:${options.method ?? 'PUBLISH'}`,
    `X-WR-CALNAME:${escapeText(options.name)}`,
  ];
  for (const event of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${event.uid}`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${icsDate(event.startsAt)}`,
      `DTEND:${icsDate(event.endsAt)}`,
      `SUMMARY:${escapeText(event.summary)}`,
      `DESCRIPTION:${escapeText(event.description)}`,
      `LOCATION:${escapeText(event.location)}`,
    );
    if (event.geo) lines.push(`GEO:${event.geo.lat.toFixed(6)};${event.geo.lng.toFixed(6)}`);
    if (event.url) lines.push(`URL:${event.url}`);
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

const eventColumns = {
  signupId: volunteerSignups.id,
  shiftId: volunteerShifts.id,
  startsAt: volunteerShifts.startsAt,
  endsAt: volunteerShifts.endsAt,
  title: volunteerProjects.title,
  description: volunteerProjects.description,
  address: volunteerProjects.address,
  lat: volunteerProjects.lat,
  lng: volunteerProjects.lng,
};

function toEvent(
  row: { signupId: number; shiftId: number; startsAt: Date; endsAt: Date; title: string; description: string; address: string; lat: number; lng: number },
  origin: string,
): CalendarEvent {
  return {
    uid: `shift-${row.shiftId}-signup-${row.signupId}@${new URL(origin).hostname}`,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    summary: row.title,
    description: row.description,
    location: row.address,
    geo: { lat: row.lat, lng: row.lng },
    url: `${origin}/volunteer/shifts/${row.shiftId}`,
  };
}

/** The .ics of one confirmed sign-up of this user; null when there is none. */
export async function signupCalendar(db: Db, userId: number, shiftId: number, origin: string): Promise<string | null> {
  const [row] = await db
    .select(eventColumns)
    .from(volunteerSignups)
    .innerJoin(volunteers, eq(volunteers.id, volunteerSignups.volunteerId))
    .innerJoin(volunteerShifts, eq(volunteerShifts.id, volunteerSignups.shiftId))
    .innerJoin(volunteerProjects, eq(volunteerProjects.id, volunteerShifts.projectId))
    .where(and(eq(volunteers.userId, userId), eq(volunteerSignups.shiftId, shiftId), eq(volunteerSignups.status, 'confirmed')));
  return row ? buildCalendar([toEvent(row, origin)], { name: row.title }) : null;
}

const hashToken = (token: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(token)));

/** A new private feed token (replacing any earlier one, which stops working); only its hash is kept. */
export async function createCalendarToken(db: Db, userId: number): Promise<string | null> {
  const token = randomToken();
  const updated = await db
    .update(volunteers)
    .set({ calendarTokenHash: hashToken(token) })
    .where(eq(volunteers.userId, userId))
    .returning({ id: volunteers.id });
  return updated.length ? token : null;
}

export async function revokeCalendarToken(db: Db, userId: number): Promise<void> {
  await db.update(volunteers).set({ calendarTokenHash: null }).where(eq(volunteers.userId, userId));
}

/** The feed for a token: confirmed shifts from 30 days ago on; null for an unknown or revoked token. */
export async function calendarFeed(db: Db, token: string, origin: string, now = new Date()): Promise<string | null> {
  if (!/^[\w-]{20,64}$/.test(token)) return null;
  const [volunteer] = await db
    .select({ id: volunteers.id })
    .from(volunteers)
    .where(eq(volunteers.calendarTokenHash, hashToken(token)));
  if (!volunteer) return null;
  const rows = await db
    .select(eventColumns)
    .from(volunteerSignups)
    .innerJoin(volunteerShifts, eq(volunteerShifts.id, volunteerSignups.shiftId))
    .innerJoin(volunteerProjects, eq(volunteerProjects.id, volunteerShifts.projectId))
    .where(and(eq(volunteerSignups.volunteerId, volunteer.id), eq(volunteerSignups.status, 'confirmed'), gte(volunteerShifts.startsAt, new Date(now.getTime() - 30 * 86_400_000))))
    .orderBy(volunteerShifts.startsAt);
  return buildCalendar(
    rows.map((row) => toEvent(row, origin)),
    { name: '志愿服务班次 Volunteer shifts', now },
  );
}
