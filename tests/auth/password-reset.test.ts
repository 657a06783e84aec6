import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { passwordResets, sessions, users } from '../../db/schema';
import {
  authenticate,
  confirmPasswordReset,
  createSession,
  generateSessionToken,
  hashPassword,
  passwordResetPolicy,
  recordFailure,
  accountLoginThrottle,
  requestPasswordReset,
  secondsUntilAllowed,
  throttleKey,
} from '../../src/lib/server/auth';
import { createTestDatabase, testDriver } from '../support/db';
import { RecordingSender } from './recording-sender';

const SECRET = 'test-secret';

describe(`password reset on ${testDriver}`, () => {
  let database: Database;
  let counter = 0;
  const start = new Date('2026-11-02T09:00:00+08:00');
  const later = (seconds: number) => new Date(start.getTime() + seconds * 1000);
  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  async function account() {
    counter += 1;
    const phone = `1360000${String(counter).padStart(4, '0')}`;
    const [user] = await database.db
      .insert(users)
      .values({ phone, displayName: `重设${counter}`, passwordHash: await hashPassword('old-password-1') })
      .returning({ id: users.id, phone: users.phone });
    return { id: user!.id, phone };
  }
  const request = (phone: string, sender: RecordingSender, now: Date, ip = '203.0.113.9', revealCode = false) =>
    requestPasswordReset(database.db, { phone, ip }, { secret: SECRET, sender, revealCode }, now);

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  it('texts a code to a registered phone, sets the new password with it and ends every session', async () => {
    const user = await account();
    await createSession(database.db, generateSessionToken(), user.id, start);
    await createSession(database.db, generateSessionToken(), user.id, start);
    await recordFailure(database.db, throttleKey('login', user.phone, SECRET), accountLoginThrottle, start);
    const sender = new RecordingSender();
    const requested = await request(user.phone, sender, start);
    expect(requested).toMatchObject({ ok: true });
    expect(requested.ok && requested.code).toBeUndefined();
    expect(sender.sent).toEqual([{ phone: user.phone, message: { kind: 'password_reset', code: expect.stringMatching(/^\d{6}$/), minutes: 10 } }]);

    const confirmed = await confirmPasswordReset(database.db, { phone: user.phone, code: sender.lastCode, newPassword: 'new-password-2' }, { secret: SECRET }, later(60));
    expect(confirmed).toEqual({ ok: true, userId: user.id });
    expect(await database.db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
    expect(await secondsUntilAllowed(database.db, throttleKey('login', user.phone, SECRET), later(61))).toBe(0);
    expect(await authenticate(database.db, { login: user.phone, password: 'old-password-1', ip: '198.51.100.1' }, SECRET, later(62))).toMatchObject({ ok: false });
    expect(await authenticate(database.db, { login: user.phone, password: 'new-password-2', ip: '198.51.100.1' }, SECRET, later(63))).toMatchObject({ ok: true });
    // The code is spent.
    expect(await confirmPasswordReset(database.db, { phone: user.phone, code: sender.lastCode, newPassword: 'third-password-3' }, { secret: SECRET }, later(70))).toMatchObject({
      ok: false,
      code: 'no_code',
    });
  });

  it('answers an unknown phone exactly as a registered one, sends nothing, and no code opens it', async () => {
    const sender = new RecordingSender();
    const unknown = await request('13699999999', sender, start, '203.0.113.9', true);
    const known = await request((await account()).phone, new RecordingSender(), start, '203.0.113.9', true);
    expect(Object.keys(unknown).sort()).toEqual(Object.keys(known).sort());
    expect(unknown).toMatchObject({ ok: true, code: expect.stringMatching(/^\d{6}$/) });
    expect(sender.sent).toEqual([]);
    const code = unknown.ok ? unknown.code! : '';
    expect(await confirmPasswordReset(database.db, { phone: '13699999999', code, newPassword: 'new-password-2' }, { secret: SECRET }, later(5))).toMatchObject({
      ok: false,
      code: 'wrong_code',
    });
    // And its resend limit is the same.
    expect(await request('13699999999', sender, later(10))).toMatchObject({ ok: false, code: 'rate_limited', params: { seconds: 50 } });
  });

  it('limits codes per phone (one a minute, five a day) and per address, counted in the database', async () => {
    const user = await account();
    const sender = new RecordingSender();
    for (let i = 0; i < passwordResetPolicy.perPhonePerDay; i++) {
      expect(await request(user.phone, sender, later(i * 120), `198.51.100.${i}`)).toMatchObject({ ok: true });
    }
    expect(await request(user.phone, sender, later(3600), '198.51.100.77')).toMatchObject({ ok: false, code: 'rate_limited', message: 'auth.phoneVerification.dailyLimit' });

    const ip = '192.0.2.200';
    for (let i = 0; i < passwordResetPolicy.perAddressPerHour; i++) {
      expect(await request(`1350000${String(i).padStart(4, '0')}`, sender, later(i), ip)).toMatchObject({ ok: true });
    }
    expect(await request('13500009999', sender, later(30), ip)).toMatchObject({ ok: false, code: 'rate_limited', message: 'auth.passwordReset.addressLimit' });
    const rows = await database.db.select({ ipKey: passwordResets.ipKey }).from(passwordResets).where(eq(passwordResets.phone, '13500000000'));
    expect(rows[0]!.ipKey).not.toContain(ip);
  });

  it('counts wrong codes and refuses the right one after five, an expired code, and a weak password', async () => {
    const user = await account();
    const sender = new RecordingSender();
    await request(user.phone, sender, start);
    const code = sender.lastCode;
    expect(await confirmPasswordReset(database.db, { phone: user.phone, code, newPassword: '12345678' }, { secret: SECRET }, later(1))).toMatchObject({
      ok: false,
      code: 'invalid',
      fields: { newPassword: 'auth.password.tooWeak' },
    });
    for (let left = 4; left >= 1; left--) {
      expect(await confirmPasswordReset(database.db, { phone: user.phone, code: wrong(code), newPassword: 'new-password-2' }, { secret: SECRET }, later(2))).toMatchObject({
        code: 'wrong_code',
        params: { left },
      });
    }
    expect(await confirmPasswordReset(database.db, { phone: user.phone, code: wrong(code), newPassword: 'new-password-2' }, { secret: SECRET }, later(3))).toMatchObject({
      code: 'too_many_attempts',
    });
    expect(await confirmPasswordReset(database.db, { phone: user.phone, code, newPassword: 'new-password-2' }, { secret: SECRET }, later(4))).toMatchObject({
      code: 'too_many_attempts',
    });

    await request(user.phone, sender, later(120));
    expect(
      await confirmPasswordReset(database.db, { phone: user.phone, code: sender.lastCode, newPassword: 'new-password-2' }, { secret: SECRET }, later(120 + 601)),
    ).toMatchObject({ code: 'expired' });
  });

  it('counts concurrent requests for one phone exactly: one code goes out', async () => {
    const user = await account();
    const sender = new RecordingSender();
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => request(user.phone, sender, start, `192.0.2.${i}`)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(sender.sent).toHaveLength(1);
  });
});
