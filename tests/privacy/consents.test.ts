import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { privacyConsents, users, volunteerHours, volunteers } from '../../db/schema';
import { acceptPrivacyNotice, acceptedNoticeVersion, withdrawIdNumberConsent } from '../../src/lib/server/privacy/consents';
import { ERASED_NAME } from '../../src/lib/server/privacy/erase';
import { registerVolunteer } from '../../src/lib/server/volunteers';
import { createTestDatabase, testDriver } from '../support/db';
import { createCity, createTeamWithProject, createUsers, createVolunteers, keys, validIdNumber } from '../volunteers/fixtures';

describe(`consents on ${testDriver}`, () => {
  let database: Database;
  let communityId: number;
  const now = new Date('2026-11-20T10:00:00+08:00');

  beforeAll(async () => {
    database = await createTestDatabase();
    communityId = (await createCity(database.db)).community;
  });
  afterAll(async () => database?.close());

  it('registers a volunteer only with the separate ID-number consent, recorded with its version and time', async () => {
    const [resident] = await createUsers(database.db, 1, 'consent');
    const actor = { ...resident!, departmentId: null, gridCellId: null };
    const input = { realName: '王同意', idNumber: validIdNumber(700), phone: '13812340000', communityId, skills: [], availability: [], idNumberConsent: false };
    expect(await registerVolunteer(database.db, actor, input, keys, undefined, now)).toMatchObject({ ok: false, fields: { idNumberConsent: 'privacy.consent.idNumberRequired' } });
    expect(await registerVolunteer(database.db, actor, { ...input, idNumberConsent: true }, keys, undefined, now)).toMatchObject({ ok: true });
    const consents = await database.db.select().from(privacyConsents).where(eq(privacyConsents.userId, resident!.id));
    expect(consents).toEqual([expect.objectContaining({ kind: 'id_number', acceptedAt: now, withdrawnAt: null, version: expect.any(String) })]);
  });

  it('removes the ID number from the database row when the consent is withdrawn, ends the registration and keeps the hours', async () => {
    const [volunteer] = await createVolunteers(database.db, 1, communityId, 'withdraw', 800);
    await database.db.insert(privacyConsents).values({ userId: volunteer!.userId, kind: 'id_number', version: '2026-11', acceptedAt: now });
    const [leader] = await createVolunteers(database.db, 1, communityId, 'withdraw-leader', 900);
    const { projectId } = await createTeamWithProject(database.db, leader!.id, communityId);
    await database.db
      .insert(volunteerHours)
      .values({ volunteerId: volunteer!.id, projectId, source: 'manual', servedOn: '2026-11-01', minutes: 90, approvedMinutes: 90, status: 'approved' });
    const later = new Date(now.getTime() + 60_000);

    expect(await withdrawIdNumberConsent(database.db, volunteer!.userId, {}, later)).toEqual({ ok: true });
    const [row] = await database.db.select().from(volunteers).where(eq(volunteers.id, volunteer!.id));
    expect(row).toMatchObject({ idNumberCipher: '', idNumberMasked: '', idNumberHash: `erased:${volunteer!.id}`, realName: ERASED_NAME, phone: '', endedAt: later });
    const [consent] = await database.db
      .select()
      .from(privacyConsents)
      .where(and(eq(privacyConsents.userId, volunteer!.userId), eq(privacyConsents.kind, 'id_number')));
    expect(consent!.withdrawnAt).toEqual(later);
    expect(await database.db.select({ minutes: volunteerHours.approvedMinutes }).from(volunteerHours).where(eq(volunteerHours.volunteerId, volunteer!.id))).toEqual([
      { minutes: 90 },
    ]);
    expect(await withdrawIdNumberConsent(database.db, volunteer!.userId, {}, later)).toMatchObject({ ok: false });

    // The same person may register again, with a fresh consent, on the same row (number and hours kept).
    const actor = { id: volunteer!.userId, role: 'resident' as const, departmentId: null, gridCellId: null };
    const again = await registerVolunteer(
      database.db,
      actor,
      { realName: '王再来', idNumber: validIdNumber(801), phone: '13812340001', communityId, skills: [], availability: [], idNumberConsent: true },
      keys,
      undefined,
      later,
    );
    expect(again).toMatchObject({ ok: true, volunteer: { id: volunteer!.id } });
  });

  it('asks again for a new notice version and records each acceptance once', async () => {
    const [person] = await createUsers(database.db, 1, 'notice');
    expect(await acceptedNoticeVersion(database.db, person!.id)).toBeNull();
    await acceptPrivacyNotice(database.db, person!.id, '2026-11', now);
    await acceptPrivacyNotice(database.db, person!.id, '2026-11', now);
    expect(await acceptedNoticeVersion(database.db, person!.id)).toBe('2026-11');
    await acceptPrivacyNotice(database.db, person!.id, '2027-01', new Date(now.getTime() + 1000));
    expect(await acceptedNoticeVersion(database.db, person!.id)).toBe('2027-01');
    expect(await database.db.select().from(privacyConsents).where(eq(privacyConsents.userId, person!.id))).toHaveLength(2);
    const [user] = await database.db.select({ id: users.id }).from(users).where(eq(users.id, person!.id));
    expect(user).toBeDefined();
  });
});
