/**
 * The channel interface admits a WeChat template-message sender as it does SMS and e-mail: a message
 * queued for the `wechat` channel (recipient an openid, a template and its parameters) goes through
 * the same outbox and delivery job to whatever sender is installed, or is recorded without one.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { outboxMessages } from '../../db/schema';
import { runDueJobs } from '../../src/lib/server/jobs';
import '../../src/lib/server/jobs/catalog';
import { setChannelSender, type ChannelSender, type OutgoingMessage } from '../../src/lib/server/messages/channels';
import { listOutbox, queueMessage } from '../../src/lib/server/messages/outbox';
import { createTestDatabase, testDriver } from '../support/db';

describe(`a WeChat sender behind the channel interface on ${testDriver}`, () => {
  let database: Database;
  // 23:00 China time: quiet hours hold SMS, not WeChat messages.
  const now = new Date('2026-12-04T15:00:00Z');
  const delivered: OutgoingMessage[] = [];
  const wechat: ChannelSender = {
    channel: 'wechat',
    async deliver(message) {
      delivered.push(message);
      return { providerId: `msgid-${message.id}` };
    },
  };

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    setChannelSender('wechat', undefined);
    await database?.close();
  });

  const queue = () =>
    queueMessage(
      database.db,
      {
        channel: 'wechat',
        recipient: 'oWx1d5_openid_of_someone',
        kind: 'shift.reminder',
        body: '志愿服务 2 小时后开始：文明交通劝导',
        template: 'TPL-shift-reminder',
        templateParams: ['文明交通劝导', '12月5日 08:00'],
      },
      now,
    );

  it('delivers through an installed sender with the template and its parameters, at once in quiet hours', async () => {
    setChannelSender('wechat', wechat);
    const id = await queue();
    while ((await runDueJobs(database.db, { workerId: 'test', now })) > 0);
    expect(delivered).toEqual([
      expect.objectContaining({ id, channel: 'wechat', recipient: 'oWx1d5_openid_of_someone', template: 'TPL-shift-reminder', templateParams: ['文明交通劝导', '12月5日 08:00'] }),
    ]);
    const [row] = await database.db.select().from(outboxMessages).where(eq(outboxMessages.id, id!));
    expect(row).toMatchObject({ status: 'sent', providerId: `msgid-${id}`, sendAfter: null });
    expect((await listOutbox(database.db, { channel: 'wechat' }))[0]!.recipient).toBe('oWx1***');
  });

  it('records the message for the outbox page when no WeChat sender is installed', async () => {
    setChannelSender('wechat', undefined);
    const id = await queue();
    while ((await runDueJobs(database.db, { workerId: 'test', now })) > 0);
    const [row] = await database.db.select().from(outboxMessages).where(eq(outboxMessages.id, id!));
    expect(row!.status).toBe('recorded');
    expect(delivered).toHaveLength(1);
  });
});
