import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { loginThrottles, privacyConsents, sessions, users } from '../../db/schema';
import {
  accountLoginThrottle,
  authenticate,
  changePassword,
  createSession,
  generateSessionToken,
  registerUser,
  sessionIdFromToken,
  SESSION_LIFETIME,
  validateSessionToken,
} from '../../src/lib/server/auth';
import { createTestDatabase, testDriver } from '../support/db';

const SECRET = 'test-secret';
const NOTICE = '2026-11';

describe(`accounts on ${testDriver}`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  it('registers a resident with a normalized phone and records the consent version and time', async () => {
    const result = await registerUser(database.db, { phone: '+86 139-0000-1111', password: 'good-pass-1', displayName: ' 小王 ', birthYear: 1990, consentVersion: NOTICE }, NOTICE);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.user).toMatchObject({ displayName: '小王', role: 'resident' });
    const [row] = await database.db.select().from(users).where(eq(users.id, result.user.id));
    expect(row!.phone).toBe('13900001111');
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    const consents = await database.db.select().from(privacyConsents).where(eq(privacyConsents.userId, result.user.id));
    expect(consents).toHaveLength(1);
    expect(consents[0]!.version).toBe(NOTICE);
    expect(consents[0]!.acceptedAt).toBeInstanceOf(Date);
  });

  it('refuses an invalid phone, a weak password, an empty name and a missing consent, naming each field', async () => {
    const result = await registerUser(database.db, { phone: '12345', password: '12345678', displayName: '', birthYear: 1990, consentVersion: 'old' }, NOTICE);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fields).toEqual({
      phone: 'auth.phone.invalid',
      password: 'auth.password.tooWeak',
      displayName: 'auth.displayName.required',
      consent: 'auth.consent.required',
    });
  });

  it('lets only one of two simultaneous registrations of the same number succeed', async () => {
    const input = { phone: '13700002222', password: 'good-pass-2', displayName: '并发', birthYear: 1990, consentVersion: NOTICE };
    const results = await Promise.all([registerUser(database.db, input, NOTICE), registerUser(database.db, input, NOTICE)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const failed = results.find((r) => !r.ok);
    expect(failed && !failed.ok && failed.fields).toEqual({ phone: 'auth.phone.taken' });
  });

  it('logs in by phone and answers an unknown account exactly like a wrong password', async () => {
    await registerUser(database.db, { phone: '13600003333', password: 'right-pass-3', displayName: '登录', birthYear: 1990, consentVersion: NOTICE }, NOTICE);
    const ok = await authenticate(database.db, { login: '136 0000 3333', password: 'right-pass-3', ip: '10.0.0.1' }, SECRET);
    expect(ok.ok).toBe(true);
    const wrong = await authenticate(database.db, { login: '13600003333', password: 'nope-nope', ip: '10.0.0.1' }, SECRET);
    const unknown = await authenticate(database.db, { login: '13600009999', password: 'nope-nope', ip: '10.0.0.1' }, SECRET);
    expect(wrong).toEqual(unknown);
    expect(wrong).toMatchObject({ ok: false, code: 'invalid_credentials', message: 'auth.login.invalid' });
  });

  it('delays an account after a few failures, then locks it, for known and unknown accounts alike', async () => {
    await registerUser(database.db, { phone: '13500004444', password: 'right-pass-4', displayName: '锁定', birthYear: 1990, consentVersion: NOTICE }, NOTICE);
    for (const login of ['13500004444', '13500008888']) {
      let now = new Date('2026-11-23T08:00:00Z');
      const results = [];
      for (let i = 0; i < accountLoginThrottle.lockAfter; i++) {
        results.push(await authenticate(database.db, { login, password: 'wrong-pass', ip: `10.1.0.${i}` }, SECRET, now));
        // Wait out each growing delay (at most 64 s before the lock) so that every attempt is checked.
        now = new Date(now.getTime() + 70_000);
      }
      expect(results.every((r) => !r.ok && r.code === 'invalid_credentials')).toBe(true);
      const locked = await authenticate(database.db, { login, password: 'right-pass-4', ip: '10.2.0.1' }, SECRET, now);
      expect(locked).toMatchObject({ ok: false, code: 'throttled' });
      if (!locked.ok) expect(Number(locked.params?.minutes)).toBeGreaterThanOrEqual(14);
    }
    // Right after the fourth failure the account must wait, even with the right password.
    const fresh = '13500004445';
    const start = new Date('2026-11-23T10:00:00Z');
    for (let i = 0; i < 4; i++) await authenticate(database.db, { login: fresh, password: 'wrong-pass', ip: '10.3.0.1' }, SECRET, start);
    const waiting = await authenticate(database.db, { login: fresh, password: 'wrong-pass', ip: '10.3.0.1' }, SECRET, start);
    expect(waiting).toMatchObject({ ok: false, code: 'throttled' });
    const later = await authenticate(database.db, { login: fresh, password: 'wrong-pass', ip: '10.3.0.1' }, SECRET, new Date(start.getTime() + 3000));
    expect(later).toMatchObject({ ok: false, code: 'invalid_credentials' });
  });

  it('counts every one of many simultaneous failures', async () => {
    const login = '13400005555';
    const now = new Date('2026-11-23T12:00:00Z');
    await Promise.all(Array.from({ length: 8 }, (_, i) => authenticate(database.db, { login, password: 'x-wrong-x', ip: `10.4.0.${i}` }, SECRET, now)));
    const rows = await database.db.select().from(loginThrottles);
    const counted = rows.filter((row) => row.key.startsWith('login:')).map((row) => row.failures);
    expect(counted).toContain(8);
  });

  it('stores only the SHA-256 of a session token and slides the expiry forward when half is used', async () => {
    const [user] = await database.db.select({ id: users.id }).from(users).limit(1);
    const token = generateSessionToken();
    const start = new Date('2026-11-01T00:00:00Z');
    const session = await createSession(database.db, token, user!.id, start);
    const stored = await database.db
      .select()
      .from(sessions)
      .where(eq(sessions.id, sessionIdFromToken(token)));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.id).not.toContain(token);
    expect(session.expiresAt.getTime() - start.getTime()).toBe(SESSION_LIFETIME);

    const early = await validateSessionToken(database.db, token, new Date(start.getTime() + 1000));
    expect(early.session && early.refreshed).toBe(false);
    const halfway = new Date(start.getTime() + SESSION_LIFETIME / 2 + 1000);
    const slid = await validateSessionToken(database.db, token, halfway);
    expect(slid.session?.expiresAt.getTime()).toBe(halfway.getTime() + SESSION_LIFETIME);
    const expired = await validateSessionToken(database.db, token, new Date(halfway.getTime() + SESSION_LIFETIME + 1));
    expect(expired.session).toBeNull();
    expect(
      await database.db
        .select()
        .from(sessions)
        .where(eq(sessions.id, sessionIdFromToken(token))),
    ).toHaveLength(0);
    expect((await validateSessionToken(database.db, 'forged-token')).session).toBeNull();
  });

  it('ends every session of an account when its password changes', async () => {
    const registered = await registerUser(database.db, { phone: '13300006666', password: 'old-pass-66', displayName: '改密', birthYear: 1990, consentVersion: NOTICE }, NOTICE);
    if (!registered.ok) throw new Error('registration failed');
    const tokens = [generateSessionToken(), generateSessionToken()];
    for (const token of tokens) await createSession(database.db, token, registered.user.id);
    const wrong = await changePassword(database.db, registered.user.id, { currentPassword: 'not-it-66', newPassword: 'new-pass-66' });
    expect(wrong).toMatchObject({ ok: false, fields: { currentPassword: 'auth.password.wrongCurrent' } });
    const changed = await changePassword(database.db, registered.user.id, { currentPassword: 'old-pass-66', newPassword: 'new-pass-66' });
    expect(changed.ok).toBe(true);
    for (const token of tokens) expect((await validateSessionToken(database.db, token)).session).toBeNull();
    expect((await authenticate(database.db, { login: '13300006666', password: 'new-pass-66', ip: '10.9.0.1' }, SECRET)).ok).toBe(true);
  });
});
