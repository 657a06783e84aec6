import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { loginThrottles, passwordResets, phoneVerifications, privacyConsents, reportCategories, reportPhotos, reports, sessions, users } from '../../db/schema';
import { seedBureaus } from '../../src/lib/server/departments/seed';
import { seedReportBase } from '../../src/lib/server/reports/seed';
import { runDueJobs } from '../../src/lib/server/jobs';
import { runRetention } from '../../src/lib/server/privacy/retention';
import { retentionJob } from '../../src/lib/server/privacy/retention-job';
import { createTestDatabase, testDriver } from '../support/db';

const DAY = 24 * 3600 * 1000;

describe(`retention on ${testDriver}`, () => {
  let database: Database;
  const now = new Date('2026-12-01T03:30:00+08:00');
  const ago = (days: number) => new Date(now.getTime() - days * DAY);

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedBureaus(database.db);
    await seedReportBase(database.db);
  });
  afterAll(async () => database?.close());

  it('removes what is due (callers, originals, codes, throttles, sessions, closed accounts’ leftovers) and nothing else', async () => {
    const db = database.db;
    const categoryId = (await db.select({ id: reportCategories.id }).from(reportCategories).limit(1))[0]!.id;
    const base = { categoryId, description: '热线上报', lat: 28.2, lng: 113, mapCell: 1, source: 'hotline' as const, callerName: '来电人', callerPhone: '13911112222' };
    const [oldClosed, recentClosed, oldOpen] = await db
      .insert(reports)
      .values([
        { ...base, status: 'closed', closedAt: ago(181) },
        { ...base, status: 'closed', closedAt: ago(10) },
        { ...base, status: 'assigned', createdAt: ago(400) },
      ])
      .returning({ id: reports.id });
    const photo = { stage: 'before' as const, key: 'public/a.jpg', thumbnailKey: 'public/a-thumb.jpg', originalKey: 'private/o.jpg', originalThumbnailKey: 'private/o-thumb.jpg', width: 1, height: 1 };
    await db.insert(reportPhotos).values([
      { ...photo, reportId: oldClosed!.id },
      { ...photo, reportId: recentClosed!.id },
    ]);
    const [person, closed, recentlyClosed] = await db
      .insert(users)
      .values([
        { phone: '13711110001', displayName: '留存', passwordHash: 'x' },
        { displayName: '已注销用户', passwordHash: '!closed', closedAt: ago(31) },
        { displayName: '已注销用户', passwordHash: '!closed', closedAt: ago(5) },
      ])
      .returning({ id: users.id });
    await db.insert(phoneVerifications).values([
      { userId: person!.id, phone: '13711110001', codeHash: 'h', expiresAt: ago(8), createdAt: ago(8) },
      { userId: person!.id, phone: '13711110001', codeHash: 'h', expiresAt: ago(0), createdAt: ago(1) },
    ]);
    await db.insert(passwordResets).values({ phone: '13711110001', ipKey: 'k', codeHash: 'h', expiresAt: ago(30), createdAt: ago(30) });
    await db.insert(loginThrottles).values([
      { key: 'login:old', failures: 3, lastFailureAt: ago(2) },
      { key: 'login:new', failures: 3, lastFailureAt: ago(0.1) },
    ]);
    await db.insert(sessions).values([
      { id: 'expired', userId: person!.id, expiresAt: ago(1) },
      { id: 'alive', userId: person!.id, expiresAt: new Date(now.getTime() + DAY) },
    ]);
    await db.insert(privacyConsents).values([
      { userId: closed!.id, version: 'v' },
      { userId: recentlyClosed!.id, version: 'v' },
      { userId: person!.id, version: 'v' },
    ]);

    expect(await runRetention(db, now)).toEqual({ hotlineCallers: 1, blurredOriginals: 1, codes: 2, loginThrottles: 1, sessions: 1, closedAccounts: 1 });

    const callers = await db.select({ id: reports.id, phone: reports.callerPhone, name: reports.callerName }).from(reports).orderBy(reports.id);
    expect(callers).toEqual([
      { id: oldClosed!.id, phone: null, name: null },
      { id: recentClosed!.id, phone: '13911112222', name: '来电人' },
      { id: oldOpen!.id, phone: '13911112222', name: '来电人' },
    ]);
    const photos = await db.select({ reportId: reportPhotos.reportId, original: reportPhotos.originalKey, key: reportPhotos.key }).from(reportPhotos).orderBy(reportPhotos.reportId);
    expect(photos).toEqual([
      { reportId: oldClosed!.id, original: null, key: 'public/a.jpg' },
      { reportId: recentClosed!.id, original: 'private/o.jpg', key: 'public/a.jpg' },
    ]);
    expect(await db.select({ id: phoneVerifications.id }).from(phoneVerifications)).toHaveLength(1);
    expect(await db.select({ key: loginThrottles.key }).from(loginThrottles)).toEqual([{ key: 'login:new' }]);
    expect(await db.select({ id: sessions.id }).from(sessions)).toEqual([{ id: 'alive' }]);
    const consents = await db.select({ userId: privacyConsents.userId }).from(privacyConsents).orderBy(privacyConsents.userId);
    expect(consents.map((c) => c.userId)).toEqual([person!.id, recentlyClosed!.id].sort((a, b) => a - b));
    expect(await db.select({ id: users.id }).from(users).where(eq(users.id, closed!.id))).toHaveLength(1);

    // Run again: nothing more is due.
    expect(await runRetention(db, now)).toEqual({ hotlineCallers: 0, blurredOriginals: 0, codes: 0, loginThrottles: 0, sessions: 0, closedAccounts: 0 });
  });

  it('runs as a job of the queue, which removes an expired session', async () => {
    const [person] = await database.db.insert(users).values({ phone: '13711110009', displayName: '队列', passwordHash: 'x' }).returning({ id: users.id });
    await database.db.insert(sessions).values({ id: 'queued-expired', userId: person!.id, expiresAt: ago(1) });
    await retentionJob.enqueue(database.db, {}, { runAt: ago(0.01) });
    expect(await runDueJobs(database.db, { workerId: 'test', now })).toBe(1);
    expect(await database.db.select().from(sessions).where(eq(sessions.id, 'queued-expired'))).toEqual([]);
  });
});
