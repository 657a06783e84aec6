/**
 * Telling people what happened: an in-app notification row per recipient (read on /notifications),
 * and the same message handed to a sender for SMS or WeChat. Until a real gateway is configured the
 * sender only logs, which is what demo mode wants.
 */
import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { notifications } from '../../../../db/schema';
import { maskPhone } from '../auth/phone';
import { logger } from '../log';
import { cityFormat } from '../time';

export interface Notice {
  kind: string;
  /** i18n key, rendered in the recipient's language when read. */
  messageKey: string;
  params?: Record<string, string | number>;
  /** Where the notice leads, a path on this site. */
  link?: string | null;
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
    logger.info('notification', { channel: 'log', userIds, kind: notice.kind, messageKey: notice.messageKey, params: notice.params });
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
export async function notify(db: Db, userIds: readonly number[], notice: Notice): Promise<void> {
  const recipients = [...new Set(userIds)];
  if (recipients.length === 0) return;
  await db.insert(notifications).values(
    recipients.map((userId) => ({
      userId,
      kind: notice.kind,
      messageKey: notice.messageKey,
      params: notice.params ?? {},
      link: notice.link ?? null,
    })),
  );
  try {
    await sender.send(recipients, notice);
  } catch (error) {
    logger.warn('notification sender failed', { kind: notice.kind, error: (error as Error).message });
  }
}

/**
 * Tells someone without an account (a hotline caller) through the sender alone: there is no inbox
 * to write to. Like notify(), a failing gateway never fails the caller's write.
 */
export async function notifyPhone(phone: string, notice: Notice): Promise<void> {
  try {
    await sender.sendToPhone(phone, notice);
  } catch (error) {
    logger.warn('notification sender failed', { kind: notice.kind, error: (error as Error).message });
  }
}

export async function listNotifications(db: Db, userId: number, limit = 50) {
  return db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
}

export async function countUnread(db: Db, userId: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(notifications).where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
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

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The convention for times in notices, for every domain: a param whose name ends in `At` and holds an
 * ISO timestamp is stored as such and shown when read, in the reader's language and China time
 * ("11月30日 周一 08:00", "Mon, Nov 30, 08:00"). Other params pass through unchanged.
 */
export function formatNoticeParams(params: Record<string, string | number> | null | undefined, locale: string): Record<string, string | number> {
  const format = cityFormat(locale, { month: 'short', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return Object.fromEntries(
    Object.entries(params ?? {}).map(([name, value]) => [name, name.endsWith('At') && typeof value === 'string' && ISO_TIMESTAMP.test(value) ? format.format(new Date(value)) : value]),
  );
}
