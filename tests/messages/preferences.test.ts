import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { contactEmails, outboxMessages, users } from '../../db/schema';
import { listPreferences, setPreference, unsubscribe, wantedBy } from '../../src/lib/server/messages/preferences';
import { readUnsubscribeToken, unsubscribeToken } from '../../src/lib/server/messages/unsubscribe';
import { countUnread, listNotifications, notify, openNotification } from '../../src/lib/server/notifications';
import { createTestDatabase, testDriver } from '../support/db';

describe(`preferences, unsubscribe and reading on ${testDriver}`, () => {
  let database: Database;
  let alice: number;
  let bob: number;
  beforeAll(async () => {
    database = await createTestDatabase();
    [alice, bob] = (
      await database.db
        .insert(users)
        .values([
          { username: 'alice', displayName: 'Alice', passwordHash: 'x' },
          { username: 'bob', displayName: 'Bob', passwordHash: 'x' },
        ])
        .returning({ id: users.id })
    ).map((row) => row.id) as [number, number];
    await database.db.insert(contactEmails).values([
      { userId: alice, email: 'alice@example.test' },
      { userId: bob, email: 'bob@example.test' },
    ]);
  });
  afterAll(async () => database?.close());

  it('sends each kind on the channels a person chose, with defaults for the rest', async () => {
    expect([...(await wantedBy(database.db, [alice, bob], 'report.status', 'email'))].sort()).toEqual([alice, bob].sort());
    expect([...(await wantedBy(database.db, [alice, bob], 'report.status', 'sms'))]).toEqual([]);
    await setPreference(database.db, alice, 'report.status', 'email', false);
    await setPreference(database.db, bob, 'report.status', 'sms', true);
    expect([...(await wantedBy(database.db, [alice, bob], 'report.status', 'email'))]).toEqual([bob]);
    expect([...(await wantedBy(database.db, [alice, bob], 'report.status', 'sms'))]).toEqual([bob]);
    const mine = await listPreferences(database.db, alice);
    expect(mine.find((row) => row.kind === 'report.status')).toEqual({ kind: 'report.status', sms: false, email: false });
    // In-app stays on: Alice still gets the notice, with no e-mail.
    await notify(database.db, [alice], { kind: 'report.status', messageKey: 'notifications.title' });
    expect(await countUnread(database.db, alice)).toBe(1);
    expect(await database.db.select().from(outboxMessages)).toHaveLength(0);
  });

  it('unsubscribes without logging in through a signed link, and refuses an edited one', async () => {
    const token = unsubscribeToken(bob, 'shift.reminder');
    expect(readUnsubscribeToken(token)).toEqual({ userId: bob, kind: 'shift.reminder' });
    expect(readUnsubscribeToken(token.replace(/^\d+/, String(alice)))).toBeNull();
    expect(readUnsubscribeToken(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
    expect(readUnsubscribeToken('nonsense')).toBeNull();
    await unsubscribe(database.db, bob, 'shift.reminder');
    expect([...(await wantedBy(database.db, [bob], 'shift.reminder', 'email'))]).toEqual([]);
  });

  it('marks a notice read when its owner opens it, and leads only to a path on this site', async () => {
    await notify(database.db, [bob], { kind: 'x', messageKey: 'notifications.title', link: '/reports/7' });
    await notify(database.db, [bob], { kind: 'x', messageKey: 'notifications.title', link: '//evil.example/' });
    const [evil, good] = await listNotifications(database.db, bob);
    expect(await openNotification(database.db, alice, good!.id)).toBeNull();
    expect(await countUnread(database.db, bob)).toBe(2);
    expect(await openNotification(database.db, bob, good!.id)).toBe('/reports/7');
    expect(await openNotification(database.db, bob, evil!.id)).toBeNull();
    expect(await countUnread(database.db, bob)).toBe(0);
  });
});
