/**
 * Telling people what happened: an in-app notification row per recipient (read on /notifications),
 * and, for those who want this kind by SMS or e-mail, messages in the outbox (src/lib/server/messages),
 * queued in the caller's transaction and delivered by jobs. The NotificationSender below is a hook
 * beside that (tests record with it); by default it writes a debug line.
 */
import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { notifications } from '../../../../db/schema';
import { maskPhone } from '../auth/phone';
import { logger } from '../log';
import { fanOut, smsToPhone } from '../messages/fanout';

export { formatNoticeParams } from './format';

export interface Notice {
  kind: string;
  /** i18n key, rendered in the recipient's language when read. */
  messageKey: string;
  params?: Record<string, string | number>;
  /** Where the notice leads, a path on this site. */
  link?: string | null;
  /** Once only: a second notice with the same key sends no second SMS or e-mail (reminders, deadline events). */
  dedupeKey?: string;
}

/** An outside channel (SMS, WeChat template message). Sending must never fail the caller's write. */
export interface NotificationSender {
  send(userIds: number[], notice: Notice): Promise<void>;
  /**
   * A person without an account, known only by a phone number (a hotline caller): SMS only. The
   * number is the sender's to use and never to show; only the reports domain calls this.
   */
  sendToPhone(phone: string, notice: Notice): Promise<void>;
}

export const loggingSender: NotificationSender = {
  async send(userIds, notice) {
    logger.debug('notification', { channel: 'log', userIds, kind: notice.kind, messageKey: notice.messageKey, params: notice.params });
  },
  async sendToPhone(phone, notice) {
    // The log keeps the number masked.
    logger.info('notification', { channel: 'log', phone: maskPhone(phone), kind: notice.kind, messageKey: notice.messageKey, params: notice.params });
  },
};

let sender: NotificationSender = loggingSender;

/** Replaces the outside channel (a gateway at start-up, or a recorder in tests). */
export function setNotificationSender(next: NotificationSender): void {
  sender = next;
}

/**
 * Records the notice for each recipient (inside the caller's transaction when given one) and hands
 * it to the sender. Duplicate recipients are notified once.
 */
export async function notify(db: Db, userIds: readonly number[], notice: Notice, now: Date = new Date()): Promise<void> {
  let recipients = [...new Set(userIds)];
  if (recipients.length === 0) return;
  const inserted = await db
    .insert(notifications)
    .values(
      recipients.map((userId) => ({
        userId,
        kind: notice.kind,
        messageKey: notice.messageKey,
        params: notice.params ?? {},
        link: notice.link ?? null,
        dedupeKey: notice.dedupeKey ? `${notice.dedupeKey}:${userId}` : null,
        createdAt: now,
      })),
    )
    .onConflictDoNothing()
    .returning({ userId: notifications.userId });
  // A once-only notice already given to someone is not given again, on any channel.
  if (notice.dedupeKey) recipients = inserted.map((row) => row.userId);
  if (recipients.length === 0) return;
  await fanOut(db, recipients, notice, { now, ...(notice.dedupeKey ? { dedupeKey: notice.dedupeKey } : {}) });
  try {
    await sender.send(recipients, notice);
  } catch (error) {
    logger.warn('notification sender failed', { kind: notice.kind, error: (error as Error).message });
  }
}

/**
 * Tells someone without an account (a hotline caller) by SMS alone: there is no inbox to write to.
 * The message is queued in the caller's transaction; a failing gateway never fails the write.
 */
export async function notifyPhone(db: Db, phone: string, notice: Notice, now: Date = new Date()): Promise<void> {
  await smsToPhone(db, phone, notice, { now, ...(notice.dedupeKey ? { dedupeKey: notice.dedupeKey } : {}) });
  try {
    await sender.sendToPhone(phone, notice);
  } catch (error) {
    logger.warn('notification sender failed', { kind: notice.kind, error: (error as Error).message });
  }
}

export async function listNotifications(db: Db, userId: number, limit = 50) {
  return db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(desc(notifications.createdAt), desc(notifications.id)).limit(limit);
}

export async function countUnread(db: Db, userId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** Marks the given notices read, only if they are the user's own. */
export async function markRead(db: Db, userId: number, ids: readonly number[] | 'all'): Promise<void> {
  const mine = eq(notifications.userId, userId);
  await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(ids === 'all' ? and(mine, isNull(notifications.readAt)) : and(mine, inArray(notifications.id, [...ids])));
}

/**
 * A user opens one of their notices: it is marked read, and its link returned when it is a path
 * on this site (never another origin). Null for someone else's notice or one without a link.
 */
export async function openNotification(db: Db, userId: number, id: number, now: Date = new Date()): Promise<string | null> {
  const [row] = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, ${now.toISOString()}::timestamptz)` })
    .where(and(eq(notifications.userId, userId), eq(notifications.id, id)))
    .returning({ link: notifications.link });
  const link = row?.link;
  return link && link.startsWith('/') && !link.startsWith('//') && !link.startsWith('/\\') ? link : null;
}
