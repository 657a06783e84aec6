/** What each person chose to receive, per kind and channel (in-app is always on). */
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { notificationPreferences, users, type Channel } from '../../../../db/schema';
import { defaultFor, MESSAGE_KINDS } from './kinds';

export async function setPreference(db: Db, userId: number, kind: string, channel: Channel, enabled: boolean, now: Date = new Date()): Promise<void> {
  await db
    .insert(notificationPreferences)
    .values({ userId, kind, channel, enabled, updatedAt: now })
    .onConflictDoUpdate({ target: [notificationPreferences.userId, notificationPreferences.kind, notificationPreferences.channel], set: { enabled, updatedAt: now } });
}

/** For each of the users, whether they receive `kind` on `channel`. */
export async function wantedBy(db: Db, userIds: readonly number[], kind: string, channel: Channel): Promise<Set<number>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .select({ userId: notificationPreferences.userId, enabled: notificationPreferences.enabled })
    .from(notificationPreferences)
    .where(and(inArray(notificationPreferences.userId, [...userIds]), eq(notificationPreferences.kind, kind), eq(notificationPreferences.channel, channel)));
  const chosen = new Map(rows.map((row) => [row.userId, row.enabled]));
  const fallback = defaultFor(kind, channel);
  return new Set(userIds.filter((id) => chosen.get(id) ?? fallback));
}

/** The settings page: every kind with each channel's current choice. */
export async function listPreferences(db: Db, userId: number) {
  const rows = await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId));
  const chosen = new Map(rows.map((row) => [`${row.kind}/${row.channel}`, row.enabled]));
  return Object.keys(MESSAGE_KINDS).map((kind) => ({
    kind,
    sms: chosen.get(`${kind}/sms`) ?? defaultFor(kind, 'sms'),
    email: chosen.get(`${kind}/email`) ?? defaultFor(kind, 'email'),
  }));
}

/** The one-click unsubscribe: e-mail of this kind off for this person (no login; the link is signed). */
export async function unsubscribe(db: Db, userId: number, kind: string, now: Date = new Date()): Promise<void> {
  const [exists] = await db.select({ id: users.id }).from(users).where(eq(users.id, userId));
  if (exists) await setPreference(db, userId, kind, 'email', false, now);
}
