import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { auditLog, notifications, reportCategories, reports, sessions, users, volunteerHours, volunteers } from '../../db/schema';
import { seedBureaus } from '../../src/lib/server/departments/seed';
import { seedReportBase } from '../../src/lib/server/reports/seed';
import { authenticate, createSession, generateSessionToken, hashPassword, registerUser } from '../../src/lib/server/auth';
import { closeAccount } from '../../src/lib/server/privacy/close';
import { CLOSED_ACCOUNT_NAME, ERASED_NAME } from '../../src/lib/server/privacy/erase';
import { exportPersonalData } from '../../src/lib/server/privacy/export';
import { createTestDatabase, testDriver } from '../support/db';
import { createCity, createTeamWithProject, createVolunteers } from '../volunteers/fixtures';

const SECRET = 'test-secret';

describe(`export and account closure on ${testDriver}`, () => {
  let database: Database;
  let categoryId: number;
  let communityId: number;
  let passwordHash: string;
  let counter = 0;
  const now = new Date('2026-11-20T10:00:00+08:00');

  async function person() {
    counter += 1;
    const phone = `1320000${String(counter).padStart(4, '0')}`;
    const [user] = await database.db
      .insert(users)
      .values({ phone, displayName: `关闭${counter}`, passwordHash })
      .returning({ id: users.id });
    return { id: user!.id, phone };
  }
  async function report(reporterId: number, description: string) {
    const [row] = await database.db
      .insert(reports)
      .values({ categoryId, description, lat: 28.2, lng: 113, mapCell: 1, reporterId, status: 'closed', closedAt: now })
      .returning({ id: reports.id });
    return row!.id;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedBureaus(database.db);
    await seedReportBase(database.db);
    categoryId = (await database.db.select({ id: reportCategories.id }).from(reportCategories).limit(1))[0]!.id;
    communityId = (await createCity(database.db)).community;
    passwordHash = await hashPassword('right-password-1');
  });
  afterAll(async () => database?.close());

  it("exports the person's own report and nothing of anyone else's, with times in China time", async () => {
    const me = await person();
    const other = await person();
    const mine = await report(me.id, '我的上报：路边垃圾');
    await report(other.id, '别人的上报：乱停车');
    const data = (await exportPersonalData(database.db, me.id, { now }))!;
    expect(data.account).toMatchObject({ id: me.id, phone: me.phone });
    expect(data.reports.map((r) => r.id)).toEqual([mine]);
    expect(JSON.stringify(data)).not.toContain('别人的上报');
    expect(JSON.stringify(data)).not.toContain(other.phone);
    expect(data.exportedAt).toBe('2026-11-20T10:00:00+08:00');
    expect(JSON.stringify(data)).not.toMatch(/password|argon2|codeHash|idNumberCipher/i);
  });

  it('masks the ID number in the export unless asked after re-authentication', async () => {
    const [volunteer] = await createVolunteers(database.db, 1, communityId, 'exp');
    const masked = (await exportPersonalData(database.db, volunteer!.userId, { now }))!;
    expect(masked.volunteer!.idNumber).toMatch(/\*{6,}/);
    expect(masked.volunteer!.idNumberMasked).toBe(true);
  });

  it('closes an account with its password: identity erased, sessions gone, the report stays, the phone can register again', async () => {
    const me = await person();
    const reportId = await report(me.id, '已办结的上报');
    await createSession(database.db, generateSessionToken(), me.id, now);
    await database.db.insert(notifications).values({ userId: me.id, kind: 'report.status', messageKey: 'x' });
    expect(await closeAccount(database.db, me.id, { password: 'wrong' }, { secret: SECRET }, now)).toMatchObject({ ok: false, code: 'wrong_password' });

    expect(await closeAccount(database.db, me.id, { password: 'right-password-1' }, { secret: SECRET, requestId: 'req-close' }, now)).toEqual({ ok: true });
    const [row] = await database.db.select().from(users).where(eq(users.id, me.id));
    expect(row).toMatchObject({ phone: null, username: null, email: null, displayName: CLOSED_ACCOUNT_NAME, closedAt: now, role: 'resident' });
    expect(await database.db.select().from(sessions).where(eq(sessions.userId, me.id))).toEqual([]);
    expect(await database.db.select().from(notifications).where(eq(notifications.userId, me.id))).toEqual([]);
    const [kept] = await database.db.select({ id: reports.id, status: reports.status }).from(reports).where(eq(reports.id, reportId));
    expect(kept).toEqual({ id: reportId, status: 'closed' });

    expect(await authenticate(database.db, { login: me.phone, password: 'right-password-1', ip: '192.0.2.9' }, SECRET, now)).toMatchObject({
      ok: false,
      code: 'invalid_credentials',
    });
    const again = await registerUser(database.db, { phone: me.phone, password: 'another-pass-2', displayName: '新账号', birthYear: 1990, consentVersion: 'v' }, 'v');
    expect(again.ok).toBe(true);
    expect(again.ok && again.user.id).not.toBe(me.id);

    const [entry] = await database.db.select().from(auditLog).where(eq(auditLog.requestId, 'req-close'));
    expect(entry).toMatchObject({ action: 'account.close', targetId: String(me.id) });
    expect(JSON.stringify(entry)).not.toContain(me.phone);
    expect(await exportPersonalData(database.db, me.id)).toBeNull();
  });

  it("erases a closing volunteer's name and ID number from the row itself, keeping approved hours", async () => {
    const [volunteer] = await createVolunteers(database.db, 1, communityId, 'close');
    await database.db.update(users).set({ passwordHash }).where(eq(users.id, volunteer!.userId));
    const [leader] = await createVolunteers(database.db, 1, communityId, 'close-leader', 50);
    const { projectId } = await createTeamWithProject(database.db, leader!.id, communityId);
    await database.db
      .insert(volunteerHours)
      .values({ volunteerId: volunteer!.id, projectId, source: 'manual', servedOn: '2026-11-01', minutes: 120, approvedMinutes: 120, status: 'approved' });

    expect(await closeAccount(database.db, volunteer!.userId, { password: 'right-password-1' }, { secret: SECRET }, now)).toEqual({ ok: true });
    const [row] = await database.db.select().from(volunteers).where(eq(volunteers.id, volunteer!.id));
    expect(row).toMatchObject({ realName: ERASED_NAME, idNumberCipher: '', idNumberMasked: '', phone: '', idNumberHash: `erased:${volunteer!.id}`, endedAt: now });
    const hours = await database.db.select({ minutes: volunteerHours.approvedMinutes }).from(volunteerHours).where(eq(volunteerHours.volunteerId, volunteer!.id));
    expect(hours).toEqual([{ minutes: 120 }]);
  });
});
