import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { privacyConsents, users, volunteers } from '../../db/schema';
import { registerUser } from '../../src/lib/server/auth';
import { submitNomination } from '../../src/lib/server/nominations';
import { closeAccount } from '../../src/lib/server/privacy/close';
import { exportPersonalData } from '../../src/lib/server/privacy/export';
import { giveGuardianConsent, guardianDetail, mayBeUnderGuardianAge, requireGuardianConsent, withdrawGuardianConsent } from '../../src/lib/server/privacy/minors';
import { setSetting } from '../../src/lib/server/settings';
import { cityYear } from '../../src/lib/server/time';
import { registerVolunteer } from '../../src/lib/server/volunteers';
import { createTestDatabase, testDriver } from '../support/db';
import { story, tempStorage } from '../nominations/fixtures';
import { createCity, keys, validIdNumber } from '../volunteers/fixtures';

const NOTICE = '2026-11';
const SECRET = 'test-secret-minors';

describe(`minors on ${testDriver}`, () => {
  let database: Database;
  let communityId: number;
  const now = new Date();
  const thisYear = cityYear(now);
  let phone = 13900070000;
  const storage = tempStorage();

  beforeAll(async () => {
    database = await createTestDatabase();
    communityId = (await createCity(database.db)).community;
    // The volunteer rules' own minimum age (16 by default) is the city's choice; lowered here so that
    // the guardian's consent is what decides.
    await setSetting(database.db, 'volunteers.minimumAge', 10);
  });
  afterAll(async () => database?.close());

  async function register(birthYear: number | undefined, password = 'minor-pass-1') {
    phone += 1;
    const result = await registerUser(database.db, { phone: String(phone), password, displayName: '小明', birthYear, consentVersion: NOTICE }, NOTICE, undefined, now);
    if (!result.ok) throw new Error(result.code);
    return { ...result.user, departmentId: null, gridCellId: null, phone: String(phone), password };
  }

  const nomination = (name: string) => ({ nomineeName: name, communityId, category: 'helping', story: story(name), nominatorContact: '13800000000', evidence: '' });

  it('asks for the year of birth at registration and stores it', async () => {
    const missing = await registerUser(
      database.db,
      { phone: '13900079991', password: 'minor-pass-1', displayName: '无年份', birthYear: undefined, consentVersion: NOTICE },
      NOTICE,
      undefined,
      now,
    );
    expect(missing).toMatchObject({ ok: false, fields: { birthYear: 'auth.birthYear.required' } });
    for (const birthYear of [1899, thisYear + 1, 1990.5, Number.NaN]) {
      const bad = await registerUser(
        database.db,
        { phone: '13900079992', password: 'minor-pass-1', displayName: '错年份', birthYear, consentVersion: NOTICE },
        NOTICE,
        undefined,
        now,
      );
      expect(bad).toMatchObject({ ok: false, fields: { birthYear: 'auth.birthYear.invalid' } });
    }
    const adult = await register(1990);
    const [row] = await database.db.select({ birthYear: users.birthYear }).from(users).where(eq(users.id, adult.id));
    expect(row!.birthYear).toBe(1990);
  });

  it('counts as possibly under 14 everyone born fourteen years ago or later, and no one without a year', () => {
    expect(mayBeUnderGuardianAge(thisYear - 13, now)).toBe(true);
    expect(mayBeUnderGuardianAge(thisYear - 14, now)).toBe(true);
    expect(mayBeUnderGuardianAge(thisYear - 15, now)).toBe(false);
    expect(mayBeUnderGuardianAge(null, now)).toBe(false);
  });

  it('refuses volunteering and nominating to a child without a guardian consent, and records the consent with version, time and who gave it', async () => {
    const child = await register(thisYear - 12);
    const volunteerInput = {
      realName: '李小明',
      idNumber: validIdNumber(3, new Date(Date.UTC(thisYear - 12, 0, 1))),
      phone: child.phone,
      communityId,
      skills: [],
      availability: [],
      idNumberConsent: true,
    };

    expect(await registerVolunteer(database.db, child, volunteerInput, keys, undefined, now)).toMatchObject({
      ok: false,
      code: 'guardian_consent_required',
      message: 'privacy.minors.guardianRequired',
      params: { age: 14 },
    });
    expect(await submitNomination(database.db, storage, child, nomination('张好人'))).toMatchObject({ ok: false, code: 'guardian_consent_required' });
    expect(await database.db.select().from(volunteers).where(eq(volunteers.userId, child.id))).toEqual([]);

    // The form's checks: a name, a relation, and the guardian's own tick.
    expect(await giveGuardianConsent(database.db, child.id, { guardianName: ' ', relation: 'uncle', confirm: false }, NOTICE, now)).toMatchObject({
      ok: false,
      fields: { guardianName: 'privacy.minors.guardianName.required', relation: 'privacy.minors.relation.required', confirm: 'privacy.minors.confirm.required' },
    });
    expect(await giveGuardianConsent(database.db, child.id, { guardianName: '李大明', relation: 'father', confirm: true }, NOTICE, now)).toEqual({ ok: true });
    const [consent] = await database.db
      .select()
      .from(privacyConsents)
      .where(and(eq(privacyConsents.userId, child.id), eq(privacyConsents.kind, 'guardian')));
    expect(consent).toMatchObject({ version: NOTICE, acceptedAt: now, withdrawnAt: null });
    expect(guardianDetail(consent!.detail)).toEqual({ name: '李大明', relation: 'father' });

    expect(await submitNomination(database.db, storage, child, nomination('张好人'))).toMatchObject({ ok: true });
    expect(await registerVolunteer(database.db, child, volunteerInput, keys, undefined, now)).toMatchObject({ ok: true });
  });

  it('does not ask an adult for a guardian', async () => {
    const adult = await register(thisYear - 15);
    expect(await requireGuardianConsent(database.db, adult.id, now)).toEqual({ ok: true });
    expect(await giveGuardianConsent(database.db, adult.id, { guardianName: '某某', relation: 'mother', confirm: true }, NOTICE, now)).toMatchObject({
      ok: false,
      code: 'not_needed',
    });
    expect(await submitNomination(database.db, storage, adult, nomination('王好人'))).toMatchObject({ ok: true });
  });

  it('ends the volunteer registration and refuses nominating again when the guardian withdraws', async () => {
    const child = await register(thisYear - 10);
    await giveGuardianConsent(database.db, child.id, { guardianName: '赵妈妈', relation: 'mother', confirm: true }, NOTICE, now);
    const registered = await registerVolunteer(
      database.db,
      child,
      {
        realName: '赵小红',
        idNumber: validIdNumber(5, new Date(Date.UTC(thisYear - 10, 0, 1))),
        phone: child.phone,
        communityId,
        skills: [],
        availability: [],
        idNumberConsent: true,
      },
      keys,
      undefined,
      now,
    );
    expect(registered).toMatchObject({ ok: true });
    const later = new Date(now.getTime() + 60_000);

    expect(await withdrawGuardianConsent(database.db, child.id, {}, later)).toEqual({ ok: true });
    const [row] = await database.db.select().from(volunteers).where(eq(volunteers.userId, child.id));
    expect(row).toMatchObject({ idNumberCipher: '', idNumberMasked: '', phone: '', endedAt: later });
    const consents = await database.db.select().from(privacyConsents).where(eq(privacyConsents.userId, child.id));
    expect(consents.filter((c) => c.kind !== 'privacy').every((c) => c.withdrawnAt?.getTime() === later.getTime())).toBe(true);
    const [account] = await database.db.select({ role: users.role }).from(users).where(eq(users.id, child.id));
    expect(account!.role).toBe('resident');
    expect(await submitNomination(database.db, storage, child, nomination('孙好人'))).toMatchObject({ ok: false, code: 'guardian_consent_required' });
    expect(await withdrawGuardianConsent(database.db, child.id, {}, later)).toMatchObject({ ok: false });
  });

  it('exports the year of birth and the guardian consent, and erases both when the account closes', async () => {
    const child = await register(thisYear - 11, 'minor-pass-2');
    await giveGuardianConsent(database.db, child.id, { guardianName: '钱爸爸', relation: 'father', confirm: true }, NOTICE, now);
    const data = await exportPersonalData(database.db, child.id, { now });
    expect(data!.account.birthYear).toBe(thisYear - 11);
    expect(data!.consents).toContainEqual(expect.objectContaining({ kind: 'guardian', version: NOTICE, detail: '钱爸爸 (father)' }));

    expect(await closeAccount(database.db, child.id, { password: 'minor-pass-2' }, { secret: SECRET }, now)).toEqual({ ok: true });
    const [row] = await database.db.select({ birthYear: users.birthYear }).from(users).where(eq(users.id, child.id));
    expect(row!.birthYear).toBeNull();
    const [consent] = await database.db
      .select()
      .from(privacyConsents)
      .where(and(eq(privacyConsents.userId, child.id), eq(privacyConsents.kind, 'guardian')));
    expect(consent!.detail).toBeNull();
  });
});
