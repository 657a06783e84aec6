/**
 * The outbox keeps each message (its recipient and text) only as long as the admins need it to see
 * what went out: `privacy.retention.outboxDays` after it was queued, and messages carrying a code
 * after `privacy.retention.codeDays` when that is sooner. Messages still waiting (queued, held) are
 * never purged. Deleted a batch at a time, so a large backlog never holds long locks; a nightly job
 * of the queue runs it once across instances.
 */
import { and, eq, inArray, lt, or } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { outboxMessages, type MessageStatus } from '../../../../db/schema';
import { defineJob, defineRecurring } from '../jobs';
import { logger } from '../log';
import { getSettings } from '../settings';

const DAY_MS = 86_400_000;
const FINISHED: MessageStatus[] = ['sent', 'recorded', 'failed', 'suppressed'];

/** Deletes the outbox messages past their retention at `now`; returns how many. */
export async function purgeOutbox(db: Db, now: Date, batch = 5000): Promise<number> {
  const periods = await getSettings(db, ['privacy.retention.outboxDays', 'privacy.retention.codeDays']);
  const before = new Date(now.getTime() - periods['privacy.retention.outboxDays'] * DAY_MS);
  const codesBefore = new Date(now.getTime() - Math.min(periods['privacy.retention.codeDays'], periods['privacy.retention.outboxDays']) * DAY_MS);
  const due = and(
    inArray(outboxMessages.status, FINISHED),
    or(lt(outboxMessages.createdAt, before), and(lt(outboxMessages.createdAt, codesBefore), eq(outboxMessages.isCode, true))),
  );
  let total = 0;
  for (;;) {
    const ids = db.select({ id: outboxMessages.id }).from(outboxMessages).where(due).limit(batch);
    const deleted = await db.delete(outboxMessages).where(inArray(outboxMessages.id, ids)).returning({ id: outboxMessages.id });
    total += deleted.length;
    if (deleted.length < batch) return total;
  }
}

export const purgeOutboxJob = defineJob('messages.purge-outbox', async (_payload: object, { db, now }) => {
  const deleted = await purgeOutbox(db, now);
  if (deleted > 0) logger.info('outbox purged', { deleted });
});
defineRecurring('messages.purge-outbox.nightly', purgeOutboxJob, { dailyAt: '04:20' });
