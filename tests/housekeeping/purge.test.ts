/** The purge of expired rows (sessions, login throttles, phone codes, idempotency keys, rate-limit hits), on both drivers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { loginThrottles, phoneVerifications, reportIdempotencyKeys, sessions, submissionHits, users } from '../../db/schema';
import { purgeExpiredRows } from '../../src/lib/server/housekeeping/purge';
import { saveFormDraft } from '../../src/lib/server/http/form-drafts';
import { submitReport } from '../../src/lib/server/reports';
import { pointInCell, prepareReports, photo } from '../reports/fixtures';
import { createTestDatabase, testDriver } from '../support/db';

describe(`the purge of expired rows on ${testDriver}`, () => {
  let database: Database;
  const now = new Date('2026-11-20T12:00:00+08:00');
  const ago = (hours: number) => new Date(now.getTime() - hours * 3600_000);

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  it('deletes what has expired, keeps what still counts, and finds nothing the second time', async () => {
    const db = database.db;
    const { cell, cast, storage } = await prepareReports(db);
    const [user] = await db.insert(users).values({ phone: '13700009999', displayName: '清理', passwordHash: 'x' }).returning({ id: users.id });
    const userId = user!.id;
    await db.insert(sessions).values([
      { id: 'expired', userId, expiresAt: ago(1) },
      { id: 'valid', userId, expiresAt: ago(-24) },
    ]);
    await db.insert(loginThrottles).values([
      { key: 'ip:old', failures: 3, lastFailureAt: ago(30) },
      { key: 'ip:recent', failures: 3, lastFailureAt: ago(2) },
      { key: 'account:locked', failures: 9, lastFailureAt: ago(30), blockedUntil: ago(-1) },
    ]);
    await db.insert(phoneVerifications).values([
      { userId, phone: '13700009999', codeHash: 'a', expiresAt: ago(30) },
      // Expired, but still counted by the per-day sending limit.
      { userId, phone: '13700009999', codeHash: 'b', expiresAt: ago(3) },
    ]);
    const point = (await pointInCell(db, cell))!;
    for (const key of ['old-key-0001', 'new-key-0001']) {
      const submitted = await submitReport(
        db,
        storage,
        { actor: cast.resident, source: 'web' },
        { ...point, categoryCode: 'parking', description: '乱停车占用人行道', photos: [await photo()], clientKey: key, confirmed: true },
      );
      expect(submitted.ok).toBe(true);
    }
    // A form draft lasts half an hour.
    await saveFormDraft(db, { path: '/old', action: 'a.b', result: '{}' }, ago(1));
    await saveFormDraft(db, { path: '/new', action: 'a.b', result: '{}' }, now);
    // A week is the longest window a limit may have.
    await db.insert(submissionHits).values([
      { key: 'report:account:1', at: ago(8 * 24) },
      { key: 'report:account:1', at: ago(6 * 24) },
    ]);
    await db
      .update(reportIdempotencyKeys)
      .set({ createdAt: ago(48) })
      .where(sql`${reportIdempotencyKeys.clientKey} = 'old-key-0001'`);

    expect(await purgeExpiredRows(db, now)).toEqual({ sessions: 1, loginThrottles: 1, phoneCodes: 1, idempotencyKeys: 1, submissionHits: 1, formDrafts: 1 });
    expect((await db.select({ id: sessions.id }).from(sessions)).map((row) => row.id)).toEqual(['valid']);
    expect((await db.select({ key: loginThrottles.key }).from(loginThrottles)).map((row) => row.key).sort()).toEqual(['account:locked', 'ip:recent']);
    expect((await db.select({ code: phoneVerifications.codeHash }).from(phoneVerifications)).map((row) => row.code)).toEqual(['b']);
    expect(await db.select({ at: submissionHits.at }).from(submissionHits)).toEqual([{ at: ago(6 * 24) }]);
    expect((await db.select({ key: reportIdempotencyKeys.clientKey }).from(reportIdempotencyKeys)).map((row) => row.key)).toEqual(['new-key-0001']);
    expect(await purgeExpiredRows(db, now)).toEqual({ sessions: 0, loginThrottles: 0, phoneCodes: 0, idempotencyKeys: 0, submissionHits: 0, formDrafts: 0 });
  });
});
