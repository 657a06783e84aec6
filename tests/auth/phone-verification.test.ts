import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { phoneVerifications, users } from '../../db/schema';
import { confirmPhoneVerification, phoneVerificationPolicy, requestPhoneVerification } from '../../src/lib/server/auth';
import type { SmsMessage, SmsSender } from '../../src/lib/server/notifications/sms';
import { createTestDatabase, testDriver } from '../support/db';

const SECRET = 'test-secret';

/** Keeps what would have gone out by SMS, so each test can read the code a person would type. */
class RecordingSender implements SmsSender {
  sent: { phone: string; message: SmsMessage }[] = [];
  async send(phone: string, message: SmsMessage) {
    this.sent.push({ phone, message });
  }
  get lastCode(): string {
    return this.sent.at(-1)!.message.code;
  }
}

describe(`phone verification on ${testDriver}`, () => {
  let database: Database;
  let counter = 0;
  const start = new Date('2026-11-02T09:00:00+08:00');
  const later = (seconds: number) => new Date(start.getTime() + seconds * 1000);

  async function account(phone: string | null = null) {
    counter += 1;
    const [user] = await database.db
      .insert(users)
      .values({ phone: phone ?? `1370000${String(counter).padStart(4, '0')}`, displayName: `验证${counter}`, passwordHash: 'not-a-hash' })
      .returning({ id: users.id, phone: users.phone });
    return user!;
  }

  const request = (userId: number, sender: SmsSender, now: Date, revealCode = false) => requestPhoneVerification(database.db, userId, { secret: SECRET, sender, revealCode }, now);
  const confirm = (userId: number, code: string, now: Date) => confirmPhoneVerification(database.db, userId, { code, secret: SECRET }, now);
  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  it('texts a six-digit code to the account’s own phone, stores only its hash, and verifies the phone with it', async () => {
    const user = await account();
    const sender = new RecordingSender();
    const result = await request(user.id, sender, start);
    expect(result).toMatchObject({ ok: true, phone: user.phone });
    expect(result.ok && result.code).toBeUndefined();
    expect(sender.sent).toEqual([{ phone: user.phone, message: { kind: 'phone_verification', code: expect.stringMatching(/^\d{6}$/), minutes: 10 } }]);
    const [row] = await database.db.select().from(phoneVerifications).where(eq(phoneVerifications.userId, user.id));
    expect(row!.codeHash).not.toContain(sender.lastCode);
    expect(row!.expiresAt.getTime() - start.getTime()).toBe(10 * 60_000);

    const confirmed = await confirm(user.id, sender.lastCode, later(30));
    expect(confirmed).toEqual({ ok: true, phoneVerifiedAt: later(30) });
    const [verified] = await database.db.select({ at: users.phoneVerifiedAt }).from(users).where(eq(users.id, user.id));
    expect(verified!.at).toEqual(later(30));
    expect(await request(user.id, sender, later(120))).toMatchObject({ ok: false, code: 'already_verified' });
  });

  it('hands the code back only when asked to reveal it, as demo mode does', async () => {
    const user = await account();
    const sender = new RecordingSender();
    const result = await request(user.id, sender, start, true);
    expect(result.ok && result.code).toBe(sender.lastCode);
  });

  it('refuses a wrong code and counts the try, then refuses the right one after five wrong tries', async () => {
    const user = await account();
    const sender = new RecordingSender();
    await request(user.id, sender, start);
    const code = sender.lastCode;
    for (let left = 4; left >= 1; left--) {
      expect(await confirm(user.id, wrong(code), later(10))).toMatchObject({ ok: false, code: 'wrong_code', params: { left } });
    }
    expect(await confirm(user.id, wrong(code), later(10))).toMatchObject({ ok: false, code: 'too_many_attempts' });
    expect(await confirm(user.id, code, later(11))).toMatchObject({ ok: false, code: 'too_many_attempts' });
    const [row] = await database.db.select({ attempts: phoneVerifications.attempts }).from(phoneVerifications).where(eq(phoneVerifications.userId, user.id));
    expect(row!.attempts).toBe(phoneVerificationPolicy.maxAttempts);
    expect((await database.db.select({ at: users.phoneVerifiedAt }).from(users).where(eq(users.id, user.id)))[0]!.at).toBeNull();
  });

  it('refuses a code that is not six digits without counting it as a try', async () => {
    const user = await account();
    await request(user.id, new RecordingSender(), start);
    expect(await confirm(user.id, '12ab', later(5))).toMatchObject({ ok: false, code: 'invalid', fields: { code: 'auth.phoneVerification.codeFormat' } });
    const [row] = await database.db.select({ attempts: phoneVerifications.attempts }).from(phoneVerifications).where(eq(phoneVerifications.userId, user.id));
    expect(row!.attempts).toBe(0);
  });

  it('refuses the right code once ten minutes have passed', async () => {
    const user = await account();
    const sender = new RecordingSender();
    await request(user.id, sender, start);
    expect(await confirm(user.id, sender.lastCode, later(10 * 60))).toMatchObject({ ok: false, code: 'expired' });
  });

  it('refuses a confirmation before any code was asked for', async () => {
    const user = await account();
    expect(await confirm(user.id, '123456', start)).toMatchObject({ ok: false, code: 'no_code' });
  });

  it('makes an older code stop working when a new one is sent', async () => {
    const user = await account();
    const sender = new RecordingSender();
    await request(user.id, sender, start);
    const first = sender.lastCode;
    await request(user.id, sender, later(61));
    const second = sender.lastCode;
    if (first !== second) expect(await confirm(user.id, first, later(62))).toMatchObject({ ok: false, code: 'wrong_code' });
    expect(await confirm(user.id, second, later(63))).toMatchObject({ ok: true });
  });

  it('sends one code a minute and five a day per account', async () => {
    const user = await account();
    const sender = new RecordingSender();
    expect(await request(user.id, sender, start)).toMatchObject({ ok: true });
    expect(await request(user.id, sender, later(30))).toMatchObject({ ok: false, code: 'rate_limited', message: 'auth.phoneVerification.wait', params: { seconds: 30 } });
    for (let i = 1; i < phoneVerificationPolicy.perDay; i++) expect(await request(user.id, sender, later(i * 120))).toMatchObject({ ok: true });
    expect(await request(user.id, sender, later(3600))).toMatchObject({ ok: false, code: 'rate_limited', message: 'auth.phoneVerification.dailyLimit' });
    expect(sender.sent).toHaveLength(phoneVerificationPolicy.perDay);
    // A day after the first code, one more is allowed.
    expect(await request(user.id, sender, later(24 * 3600 + 1))).toMatchObject({ ok: true });
  });

  it('counts codes per phone too, across the accounts that held the number', async () => {
    const phone = '13799990001';
    const before = await account(phone);
    const sender = new RecordingSender();
    await request(before.id, sender, start);
    // The number moves to a new account (the old one gave it up).
    await database.db.update(users).set({ phone: '13799990002' }).where(eq(users.id, before.id));
    const after = await account(phone);
    expect(await request(after.id, sender, later(20))).toMatchObject({ ok: false, code: 'rate_limited' });
    expect(await request(after.id, sender, later(61))).toMatchObject({ ok: true });
  });

  it('sends exactly one code when two requests arrive at once', async () => {
    const user = await account();
    const sender = new RecordingSender();
    const results = await Promise.all([request(user.id, sender, start), request(user.id, sender, start)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.code === 'rate_limited')).toHaveLength(1);
    expect(sender.sent).toHaveLength(1);
  });

  it('verifies once when the right code is confirmed twice at once, and counts concurrent wrong tries exactly', async () => {
    const user = await account();
    const sender = new RecordingSender();
    await request(user.id, sender, start);
    const code = sender.lastCode;
    const wrongs = await Promise.all([confirm(user.id, wrong(code), later(5)), confirm(user.id, wrong(code), later(5))]);
    expect(wrongs.map((r) => !r.ok && r.code)).toEqual(['wrong_code', 'wrong_code']);
    const [row] = await database.db.select({ attempts: phoneVerifications.attempts }).from(phoneVerifications).where(eq(phoneVerifications.userId, user.id));
    expect(row!.attempts).toBe(2);

    const results = await Promise.all([confirm(user.id, code, later(6)), confirm(user.id, code, later(6))]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.code === 'already_verified')).toHaveLength(1);
    const used = await database.db
      .select({ id: phoneVerifications.id })
      .from(phoneVerifications)
      .where(and(eq(phoneVerifications.userId, user.id), eq(phoneVerifications.consumedAt, later(6))));
    expect(used).toHaveLength(1);
  });

  it('has nothing to verify for an account without a phone', async () => {
    counter += 1;
    const [user] = await database.db
      .insert(users)
      .values({ username: `service-${counter}`, displayName: '服务账号', passwordHash: 'not-a-hash' })
      .returning({ id: users.id });
    expect(await request(user!.id, new RecordingSender(), start)).toMatchObject({ ok: false, code: 'no_phone' });
  });
});
