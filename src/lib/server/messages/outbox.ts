/**
 * Queuing outside messages: a row in `outbox_messages` and a delivery job, in one transaction.
 * SMS rules are applied here: quiet hours (no SMS 22:00-08:00 China time except codes: the message
 * is held until 08:00) and a per-recipient daily cap (codes excepted; codes have their own limits).
 */
import { and, count, desc, eq, gte, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { outboxMessages, type Channel } from '../../../../db/schema';
import { maskPhone } from '../auth/phone';
import { config } from '../config';
import { enqueue } from '../jobs';
import { cityDay, cityMinutesOfDay, startOfCityDay } from '../time';

export interface QueueMessage {
  channel: Channel;
  recipient: string;
  userId?: number | null;
  kind: string;
  isCode?: boolean;
  locale?: string;
  subject?: string | null;
  body: string;
  template?: string | null;
  templateParams?: string[] | null;
  /** Queued once per key: a second call with the same key does nothing and returns null. */
  dedupeKey?: string | null;
}

const HOUR_MS = 3_600_000;

/** Minutes since midnight, city time. */
const cityMinutes = cityMinutesOfDay;

/** The city's midnight at or before `at`. */
export function cityDayStart(at: Date): Date {
  return startOfCityDay(cityDay(at))!;
}

/** In quiet hours (22:00-08:00 China time), the 08:00 that ends them; otherwise null. */
export function quietHoursEnd(at: Date): Date | null {
  const minutes = cityMinutes(at);
  if (minutes >= 8 * 60 && minutes < 22 * 60) return null;
  const start = cityDayStart(at);
  return new Date(start.getTime() + 8 * HOUR_MS + (minutes >= 22 * 60 ? 24 * HOUR_MS : 0));
}

/**
 * Records a message and queues its delivery; returns the message id (null when the dedupe key was
 * already used). Runs in its own transaction, or the caller's when given one.
 */
export async function queueMessage(db: Db, message: QueueMessage, now: Date = new Date()): Promise<number | null> {
  return db.transaction(async (tx) => {
    let status: 'queued' | 'held' | 'suppressed' = 'queued';
    let reason: string | null = null;
    let sendAfter: Date | null = null;
    if (message.channel === 'sms' && !message.isCode) {
      // One recipient's messages are counted one transaction at a time, so the cap holds under concurrency.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'sms:' + message.recipient}))`);
      const [row] = await tx
        .select({ n: count() })
        .from(outboxMessages)
        .where(
          and(
            eq(outboxMessages.channel, 'sms'),
            eq(outboxMessages.recipient, message.recipient),
            eq(outboxMessages.isCode, false),
            gte(outboxMessages.createdAt, cityDayStart(now)),
            sql`${outboxMessages.status} <> 'suppressed'`,
          ),
        );
      if ((row?.n ?? 0) >= config.smsDailyCap) {
        status = 'suppressed';
        reason = 'daily-cap';
      } else {
        sendAfter = quietHoursEnd(now);
        if (sendAfter) status = 'held';
      }
    }
    const [inserted] = await tx
      .insert(outboxMessages)
      .values({
        channel: message.channel,
        recipient: message.recipient,
        userId: message.userId ?? null,
        kind: message.kind,
        isCode: message.isCode ?? false,
        locale: message.locale ?? 'zh-CN',
        subject: message.subject ?? null,
        body: message.body,
        template: message.template ?? null,
        templateParams: message.templateParams ?? null,
        dedupeKey: message.dedupeKey ?? null,
        status,
        reason,
        sendAfter,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: outboxMessages.id });
    if (!inserted) return null;
    if (status !== 'suppressed') {
      await enqueue(tx as unknown as Db, 'messages.deliver', { messageId: inserted.id }, { runAt: sendAfter ?? now, singletonKey: `message:${inserted.id}` });
    }
    return inserted.id;
  });
}

/** A recipient as the outbox page shows it: phones 138****1234, e-mail a***@example.com. */
export function maskRecipient(channel: Channel, recipient: string): string {
  if (channel === 'sms') return maskPhone(recipient);
  if (channel === 'email') {
    const [local = '', domain = ''] = recipient.split('@');
    return `${local.slice(0, 1)}***@${domain}`;
  }
  return `${recipient.slice(0, 4)}***`;
}

/** Digits runs of 4-8 (codes) and links' tokens hidden, for the outbox page outside demo mode. */
export function maskCodes(text: string): string {
  return text.replace(/([?&]token=)[A-Za-z0-9_.-]+/g, '$1***').replace(/\d{4,8}/g, (digits) => '*'.repeat(digits.length));
}

export interface OutboxFilter {
  channel?: Channel;
  limit?: number;
  offset?: number;
}

/** The admins' outbox: newest first, recipients masked, codes masked outside demo mode. */
export async function listOutbox(db: Db, filter: OutboxFilter = {}, demoMode = config.demoMode) {
  const rows = await db
    .select()
    .from(outboxMessages)
    .where(filter.channel ? eq(outboxMessages.channel, filter.channel) : undefined)
    .orderBy(desc(outboxMessages.createdAt), desc(outboxMessages.id))
    .limit(filter.limit ?? 100)
    .offset(filter.offset ?? 0);
  return rows.map((row) => ({
    id: row.id,
    channel: row.channel,
    recipient: maskRecipient(row.channel, row.recipient),
    kind: row.kind,
    subject: row.subject,
    body: row.isCode && !demoMode ? maskCodes(row.body) : row.body,
    status: row.status,
    reason: row.reason,
    sendAfter: row.sendAfter,
    createdAt: row.createdAt,
    sentAt: row.sentAt,
  }));
}
