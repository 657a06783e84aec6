import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { auditLog, loginThrottles, passwordResets, phoneVerifications, privacyConsents, reportCategories, reportPhotos, reports, sessions, users } from '../../db/schema';
import { seedBureaus } from '../../src/lib/server/departments/seed';
import { seedReportBase } from '../../src/lib/server/reports/seed';
import { runDueJobs } from '../../src/lib/server/jobs';
import { latestRetentionRuns, retentionPeriods, runRetention, setRetentionPeriods } from '../../src/lib/server/privacy/retention';
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
    const photo = {
      stage: 'before' as const,
      key: 'public/a.jpg',
      thumbnailKey: 'public/a-thumb.jpg',
      originalKey: 'private/o.jpg',
      originalThumbnailKey: 'private/o-thumb.jpg',
      width: 1,
      height: 1,
    };
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

    expect(await runRetention(db, now)).toEqual({ hotlineCallers: 1, blurredOriginals: 1, codes: 2, loginThrottles: 1, sessions: 1, closedAccounts: 1, devices: 0 });

    const callers = await db.select({ id: reports.id, phone: reports.callerPhone, name: reports.callerName }).from(reports).orderBy(reports.id);
    expect(callers).toEqual([
      { id: oldClosed!.id, phone: null, name: null },
      { id: recentClosed!.id, phone: '13911112222', name: '来电人' },
      { id: oldOpen!.id, phone: '13911112222', name: '来电人' },
    ]);
    const photos = await db
      .select({ reportId: reportPhotos.reportId, original: reportPhotos.originalKey, key: reportPhotos.key })
      .from(reportPhotos)
      .orderBy(reportPhotos.reportId);
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
    expect(await runRetention(db, now)).toEqual({ hotlineCallers: 0, blurredOriginals: 0, codes: 0, loginThrottles: 0, sessions: 0, closedAccounts: 0, devices: 0 });
  });

  it('runs as a job of the queue, which removes an expired session', async () => {
    const [person] = await database.db.insert(users).values({ phone: '13711110009', displayName: '队列', passwordHash: 'x' }).returning({ id: users.id });
    await database.db.insert(sessions).values({ id: 'queued-expired', userId: person!.id, expiresAt: ago(1) });
    await retentionJob.enqueue(database.db, {}, { runAt: ago(0.01) });
    expect(await runDueJobs(database.db, { workerId: 'test', now })).toBe(1);
    expect(await database.db.select().from(sessions).where(eq(sessions.id, 'queued-expired'))).toEqual([]);
  });

  it("records each run with what it removed per kind, for the admins' page", async () => {
    const runs = await latestRetentionRuns(database.db, 10);
    expect(runs.length).toBeGreaterThanOrEqual(3);
    // Newest first; the first sweep of the first test removed one of most kinds.
    expect(runs.at(-1)).toMatchObject({
      ranAt: now,
      removed: { hotlineCallers: 1, blurredOriginals: 1, codes: 2, loginThrottles: 1, sessions: 1, closedAccounts: 1 },
      periods: { hotlineCallerDays: 180, codeDays: 7 },
    });
    expect(runs.at(-2)!.removed).toEqual({ hotlineCallers: 0, blurredOriginals: 0, codes: 0, loginThrottles: 0, sessions: 0, closedAccounts: 0, devices: 0 });
  });

  it('lets an admin change the periods within their bounds only, audited, and the next run uses them', async () => {
    const [admin] = await database.db
      .insert(users)
      .values({ username: 'retention-admin', displayName: '管理员', passwordHash: 'x', role: 'admin' })
      .returning({ id: users.id, role: users.role });
    const actor = { id: admin!.id, role: admin!.role, departmentId: null, gridCellId: null };
    const refused = await setRetentionPeriods(database.db, actor, { hotlineCallerDays: 3, codeDays: 91, loginThrottleDays: 2 });
    expect(refused).toMatchObject({
      ok: false,
      fields: { hotlineCallerDays: 'privacy.retention.outOfBounds', codeDays: 'privacy.retention.outOfBounds' },
      params: { hotlineCallerDaysMin: 7, codeDaysMax: 90 },
    });
    expect(await retentionPeriods(database.db)).toMatchObject({ hotlineCallerDays: 180, codeDays: 7, loginThrottleDays: 1 });

    expect(await setRetentionPeriods(database.db, actor, { hotlineCallerDays: 90, codeDays: 7, loginThrottleDays: 2 }, 'req-1')).toMatchObject({
      ok: true,
      periods: { hotlineCallerDays: 90, codeDays: 7, loginThrottleDays: 2 },
    });
    const [entry] = await database.db.select().from(auditLog).where(eq(auditLog.action, 'privacy.retention.update'));
    expect(entry).toMatchObject({
      actorId: admin!.id,
      requestId: 'req-1',
      summary: { before: { hotlineCallerDays: 180, loginThrottleDays: 1 }, after: { hotlineCallerDays: 90, loginThrottleDays: 2 } },
    });

    // A hotline report closed 100 days ago is now past its period.
    const categoryId = (await database.db.select({ id: reportCategories.id }).from(reportCategories).limit(1))[0]!.id;
    const [report] = await database.db
      .insert(reports)
      .values({
        categoryId,
        description: '热线',
        lat: 28.2,
        lng: 113,
        mapCell: 1,
        source: 'hotline',
        callerName: '来电',
        callerPhone: '13911113333',
        status: 'closed',
        closedAt: ago(100),
      })
      .returning({ id: reports.id });
    const later = new Date(now.getTime() + DAY);
    expect(await runRetention(database.db, later)).toMatchObject({ hotlineCallers: 1 });
    const [row] = await database.db.select({ phone: reports.callerPhone }).from(reports).where(eq(reports.id, report!.id));
    expect(row!.phone).toBeNull();
    expect((await latestRetentionRuns(database.db, 1))[0]).toMatchObject({ ranAt: later, periods: { hotlineCallerDays: 90 } });
  });
});
