/**
 * Delivery of one outbox message, as a job. Idempotent: a message already sent (or recorded) is
 * left alone, so a job that runs again after its worker died does not send twice unless the worker
 * died between the provider's answer and the commit (at-least-once delivery; the provider gets
 * the message id for reconciliation).
 */
import { eq } from 'drizzle-orm';
import { outboxMessages } from '../../../../db/schema';
import { defineJob } from '../jobs';
import { getChannelSender } from './channels';
import { unsubscribeHeaders } from './unsubscribe';

export const deliverMessage = defineJob(
  'messages.deliver',
  async (payload: { messageId: number }, { db, now, job }) => {
    const [message] = await db.select().from(outboxMessages).where(eq(outboxMessages.id, payload.messageId));
    if (!message || (message.status !== 'queued' && message.status !== 'held')) return;
    const sender = getChannelSender(message.channel);
    if (!sender) {
      await db.update(outboxMessages).set({ status: 'recorded', sentAt: now }).where(eq(outboxMessages.id, message.id));
      return;
    }
    try {
      const result = await sender.deliver({
        id: message.id,
        channel: message.channel,
        recipient: message.recipient,
        kind: message.kind,
        locale: message.locale,
        subject: message.subject,
        body: message.body,
        template: message.template,
        templateParams: message.templateParams,
        // Codes and verification links are not subscriptions: no unsubscribe link.
        headers: message.channel === 'email' && message.userId && !message.isCode ? unsubscribeHeaders(message.userId, message.kind) : undefined,
      });
      await db
        .update(outboxMessages)
        .set({ status: 'sent', sentAt: now, providerId: result.providerId ?? null, reason: null })
        .where(eq(outboxMessages.id, message.id));
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).slice(0, 500);
      const last = job.attempts >= 5;
      await db
        .update(outboxMessages)
        .set({ reason, ...(last ? { status: 'failed' as const } : {}) })
        .where(eq(outboxMessages.id, message.id));
      throw error;
    }
  },
  { maxAttempts: 5 },
);
