/** The outbox purge after its retention period (a setting), run by the nightly recurring job. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { jobs, outboxMessages } from '../../db/schema';
import { runDueJobs, syncSchedules } from '../../src/lib/server/jobs';
import '../../src/lib/server/jobs/catalog';
import { purgeOutbox } from '../../src/lib/server/messages/purge';
import { setSetting } from '../../src/lib/server/settings';
import { createTestDatabase, testDriver } from '../support/db';

describe(`the outbox purge on ${testDriver}`, () => {
  let database: Database;
  // 2026-12-10 04:00 China time, before the nightly slot at 04:20.
  const now = new Date('2026-12-09T20:00:00Z');
  const ago = (days: number) => new Date(now.getTime() - days * 86_400_000);

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  const message = (body: string, status: 'sent' | 'recorded' | 'failed' | 'suppressed' | 'queued' | 'held', createdAt: Date, isCode = false) => ({
    channel: 'sms' as const,
    recipient: '13900000077',
    kind: isCode ? 'auth.code' : 'report.status',
    isCode,
    body,
    status,
    createdAt,
  });

  it('deletes finished messages past the retention setting, codes sooner, never those still waiting; nightly through the queue', async () => {
    const db = database.db;
    await setSetting(db, 'privacy.retention.outboxDays', 10);
    await setSetting(db, 'privacy.retention.codeDays', 3);
    await db
      .insert(outboxMessages)
      .values([
        message('old sent', 'sent', ago(11)),
        message('old recorded', 'recorded', ago(30)),
        message('old failed', 'failed', ago(12)),
        message('old suppressed', 'suppressed', ago(12)),
        message('old but held', 'held', ago(11)),
        message('old but queued', 'queued', ago(20)),
        message('recent sent', 'sent', ago(9)),
        message('code 123456', 'sent', ago(4), true),
        message('code 654321', 'sent', ago(2), true),
      ]);
    const bodies = async () => (await db.select({ body: outboxMessages.body }).from(outboxMessages)).map((row) => row.body).sort();

    // Small batches, to go through the loop.
    expect(await purgeOutbox(db, now, 2)).toBe(5);
    expect(await bodies()).toEqual(['code 654321', 'old but held', 'old but queued', 'recent sent'].sort());
    expect(await purgeOutbox(db, now)).toBe(0);

    // The nightly job: two days later, 'recent sent' (now 11 days old) and the second code go.
    await syncSchedules(db, now);
    const later = new Date(now.getTime() + 2 * 86_400_000);
    while ((await runDueJobs(db, { workerId: 'a', now: later })) > 0);
    const [run] = await db
      .select()
      .from(jobs)
      .where(and(eq(jobs.name, 'messages.purge-outbox'), eq(jobs.status, 'done')));
    expect(run).toBeDefined();
    expect(await bodies()).toEqual(['old but held', 'old but queued']);
  });
});
