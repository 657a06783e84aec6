/**
 * Submission rate limits, on both drivers: per account and per address, the refusal's message and
 * wait, settings that change the rules, refused or retried submissions not counted, and limits that
 * hold under parallel submissions (every instance shares the counts in the database).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { eq } from 'drizzle-orm';
import { settings, submissionHits, users } from '../../db/schema';
import { registerUser } from '../../src/lib/server/auth';
import { requestPhoneVerification } from '../../src/lib/server/auth/phone-verification';
import { requestPasswordReset } from '../../src/lib/server/auth/password-reset';
import { addressKey, takeAllowance, takeAttempt } from '../../src/lib/server/limits';
import { submitNomination } from '../../src/lib/server/nominations';
import { submitReport } from '../../src/lib/server/reports';
import { setSetting } from '../../src/lib/server/settings';
import { RecordingSender } from '../auth/recording-sender';
import { createAccount, createCommunity, story, tempStorage as nominationStorage } from '../nominations/fixtures';
import { photo, pointInCell, prepareReports } from '../reports/fixtures';
import { createTestDatabase, testDriver } from '../support/db';

describe(`submission rate limits on ${testDriver}`, () => {
  let database: Database;
  let reportsWorld: Awaited<ReturnType<typeof prepareReports>>;
  let point: { lat: number; lng: number };
  const now = new Date('2026-12-04T10:00:00+08:00');
  const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);

  beforeAll(async () => {
    database = await createTestDatabase();
    reportsWorld = await prepareReports(database.db);
    point = (await pointInCell(database.db, reportsWorld.cell))!;
  });
  afterAll(async () => database?.close());

  const report = async (actorId: number, when: Date, extra: { clientKey?: string; address?: string; description?: string } = {}) =>
    submitReport(
      database.db,
      reportsWorld.storage,
      { actor: { ...reportsWorld.cast.resident, id: actorId }, source: 'web', limits: { userId: actorId, address: extra.address ?? 'addr-report' } },
      {
        ...point,
        categoryCode: 'parking',
        description: extra.description ?? '乱停车占用人行道',
        photos: [await photo()],
        confirmed: true,
        ...(extra.clientKey && { clientKey: extra.clientKey }),
      },
      when,
    );

  it('refuses the sixth identical report in a few seconds with a localized wait, and allows it once the window has passed', async () => {
    const resident = reportsWorld.cast.resident.id;
    for (let i = 0; i < 5; i++) expect((await report(resident, at(i))).ok).toBe(true);
    const refused = await report(resident, at(7));
    expect(refused).toMatchObject({ ok: false, code: 'rate_limited', message: 'limits.report' });
    // The first of the five leaves the one-minute window at +60 s: 53 s from +7 s.
    expect(!refused.ok && refused.params).toEqual({ minutes: 1, seconds: 53 });
    // Refused: nothing was counted, so the wait does not grow.
    expect((await report(resident, at(8))).ok).toBe(false);
    expect((await report(resident, at(61))).ok).toBe(true);
  });

  it('does not count a refused submission or a retry of one already filed', async () => {
    const neighbour = reportsWorld.cast.neighbour.id;
    for (let i = 0; i < 3; i++) expect((await report(neighbour, at(i), { description: '短' })).ok).toBe(false);
    const first = await report(neighbour, at(10), { clientKey: 'retry-key-0001' });
    for (let i = 0; i < 8; i++)
      expect(await report(neighbour, at(11 + i), { clientKey: 'retry-key-0001' })).toMatchObject({ ok: true, created: false, report: { id: first.ok ? first.report.id : -1 } });
    expect(await database.db.$count(submissionHits, undefined)).toBeGreaterThan(0);
    for (let i = 0; i < 4; i++) expect((await report(neighbour, at(30 + i))).ok).toBe(true);
    expect(await report(neighbour, at(40))).toMatchObject({ ok: false, code: 'rate_limited' });
  });

  it('limits an address across accounts, and follows the rules in the settings', async () => {
    const db = database.db;
    await setSetting(db, 'limits.report', [{ per: 'address', max: 2, minutes: 60 }]);
    const a = await createAccount(db);
    const b = await createAccount(db);
    expect((await report(a.id, at(0), { address: 'addr-shared' })).ok).toBe(true);
    expect((await report(b.id, at(1), { address: 'addr-shared' })).ok).toBe(true);
    expect(await report(b.id, at(2), { address: 'addr-shared' })).toMatchObject({ ok: false, code: 'rate_limited', params: { minutes: 60 } });
    expect((await report(b.id, at(3), { address: 'addr-other' })).ok).toBe(true);
    await db.delete(submissionHits);
    await db.delete(settings).where(eq(settings.key, 'limits.report'));
  });

  it('holds under parallel submissions of one account: exactly the allowed number is filed', async () => {
    const db = database.db;
    const person = await createAccount(db);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => report(person.id, at(1000 + i), { address: `addr-parallel-${i}` })));
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    expect(results.filter((r) => !r.ok && r.code === 'rate_limited')).toHaveLength(7);
  });

  it('holds under parallel attempts from one address (new accounts): exactly max, then a wait', async () => {
    const db = database.db;
    const who = { userId: null, address: addressKey('198.51.100.7', 'test-secret') };
    const results = await Promise.all(Array.from({ length: 45 }, () => takeAttempt(db, 'signup', who, now)));
    expect(results.filter((r) => r === null)).toHaveLength(30);
    expect(results.filter((r) => r?.code === 'rate_limited')).toHaveLength(15);
    // The address is stored hashed, never in clear.
    const keys = (await db.select({ key: submissionHits.key }).from(submissionHits)).map((row) => row.key);
    expect(keys.some((key) => key.includes('198.51.100.7'))).toBe(false);
  });

  it('limits new accounts, nominations and SMS codes per address or account with their own messages', async () => {
    const db = database.db;
    const address = 'addr-mixed';
    await setSetting(db, 'limits.signup', [{ per: 'address', max: 10, minutes: 60 }]);
    await setSetting(db, 'limits.nomination', [{ per: 'account', max: 3, minutes: 60 }]);
    for (let i = 0; i < 10; i++) {
      const created = await registerUser(
        db,
        { phone: `1370000${String(i).padStart(4, '0')}`, displayName: `新人${i}`, password: 'a-long-password-1', birthYear: 1990, consentVersion: 'v1' },
        'v1',
        { address },
      );
      expect(created.ok).toBe(true);
    }
    const eleventh = await registerUser(db, { phone: '13700000099', displayName: '新人', password: 'a-long-password-1', birthYear: 1990, consentVersion: 'v1' }, 'v1', { address });
    expect(eleventh).toMatchObject({ ok: false, code: 'rate_limited', message: 'limits.signup' });
    expect(
      await registerUser(db, { phone: '13700000099', displayName: '新人', password: 'a-long-password-1', birthYear: 1990, consentVersion: 'v1' }, 'v1', { address: 'elsewhere' }),
    ).toMatchObject({ ok: true });

    const { communityId } = await createCommunity(db, 'limits-c1');
    const nominator = await createAccount(db, 'resident', { verified: true });
    const nominate = (name: string) =>
      submitNomination(
        db,
        nominationStorage(),
        nominator,
        { nomineeName: name, communityId, category: 'dedication', story: story(name), nominatorContact: '13800001111', evidence: '' },
        [],
        { userId: nominator.id, address },
      );
    for (const name of ['甲好人', '乙好人', '丙好人']) expect((await nominate(name)).ok).toBe(true);
    expect(await nominate('丁好人')).toMatchObject({ ok: false, code: 'rate_limited', message: 'limits.nomination' });

    // Codes: 30 an hour from one address, over every account and kind of code.
    const sender = new RecordingSender();
    await setSetting(db, 'limits.code', [{ per: 'address', max: 2, minutes: 60 }]);
    const phones = ['13700001001', '13700001002', '13700001003'];
    const ids: number[] = [];
    for (const phone of phones) {
      const [row] = await db.insert(users).values({ phone, displayName: phone, passwordHash: 'x' }).returning({ id: users.id });
      ids.push(row!.id);
    }
    const options = { secret: 'test-secret', sender, limits: { address: 'addr-codes' } };
    expect((await requestPhoneVerification(db, ids[0]!, { ...options, limits: { ...options.limits, userId: ids[0]! } }, now)).ok).toBe(true);
    expect((await requestPasswordReset(db, { phone: phones[1]!, ip: '203.0.113.50' }, options, now)).ok).toBe(true);
    expect(await requestPhoneVerification(db, ids[2]!, { ...options, limits: { ...options.limits, userId: ids[2]! } }, now)).toMatchObject({
      ok: false,
      code: 'rate_limited',
      message: 'limits.code',
    });
    expect(sender.sent).toHaveLength(2);
  });

  it('takes an allowance only inside the transaction that records the submission', async () => {
    const db = database.db;
    const who = { userId: 987_654 };
    await db
      .transaction(async (tx) => {
        expect(await takeAllowance(tx, 'objection', who, now)).toBeNull();
        tx.rollback();
      })
      .catch(() => {});
    // Rolled back: the hit went with it.
    for (let i = 0; i < 3; i++) expect(await db.transaction((tx) => takeAllowance(tx, 'objection', who, now))).toBeNull();
    expect(await db.transaction((tx) => takeAllowance(tx, 'objection', who, now))).toMatchObject({ code: 'rate_limited', message: 'limits.objection' });
  });
});
