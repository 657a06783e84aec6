import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { users } from '../../db/schema';
import { countUnread, listNotifications, markRead, notify, setNotificationSender, type Notice } from '../../src/lib/server/notifications';
import { createTestDatabase, testDriver } from '../support/db';

describe(`notifications on ${testDriver}`, () => {
  let database: Database;
  let alice: number;
  let bob: number;
  const sent: { userIds: number[]; notice: Notice }[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
    const rows = await database.db
      .insert(users)
      .values([
        { username: 'alice', displayName: 'Alice', passwordHash: 'x' },
        { username: 'bob', displayName: 'Bob', passwordHash: 'x' },
      ])
      .returning({ id: users.id });
    [alice, bob] = rows.map((row) => row.id) as [number, number];
    setNotificationSender({ send: async (userIds, notice) => void sent.push({ userIds, notice }), sendToPhone: async () => {} });
  });
  afterAll(async () => database?.close());

  it('records one notice per distinct recipient and hands it to the sender once', async () => {
    await notify(database.db, [alice, bob, alice], { kind: 'test', messageKey: 'notifications.title', link: '/x' });
    expect(await countUnread(database.db, alice)).toBe(1);
    expect(await countUnread(database.db, bob)).toBe(1);
    expect(sent).toEqual([{ userIds: [alice, bob], notice: { kind: 'test', messageKey: 'notifications.title', link: '/x' } }]);
  });

  it("marks only the reader's own notices as read", async () => {
    const [bobs] = await listNotifications(database.db, bob);
    await markRead(database.db, alice, [bobs!.id]);
    expect(await countUnread(database.db, bob)).toBe(1);
    await markRead(database.db, alice, 'all');
    expect(await countUnread(database.db, alice)).toBe(0);
    expect(await countUnread(database.db, bob)).toBe(1);
  });

  it('keeps the write when the outside sender fails', async () => {
    setNotificationSender({ send: async () => Promise.reject(new Error('gateway down')), sendToPhone: async () => Promise.reject(new Error('gateway down')) });
    await notify(database.db, [bob], { kind: 'test', messageKey: 'notifications.empty' });
    expect(await countUnread(database.db, bob)).toBe(2);
  });
});
