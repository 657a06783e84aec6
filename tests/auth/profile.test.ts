import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { auditLog, sessions, users } from '../../db/schema';
import {
  authenticate,
  changeDisplayName,
  confirmPhoneChange,
  createSession,
  generateSessionToken,
  hashPassword,
  requestPhoneChange,
  setUserDisabled,
  validateSessionToken,
} from '../../src/lib/server/auth';
import { createTestDatabase, testDriver } from '../support/db';
import { RecordingSender } from './recording-sender';

const SECRET = 'test-secret';

describe(`profile changes on ${testDriver}`, () => {
  let database: Database;
  let counter = 0;
  let passwordHash: string;
  const start = new Date('2026-11-02T09:00:00+08:00');
  const later = (seconds: number) => new Date(start.getTime() + seconds * 1000);

  async function account(role: 'resident' | 'admin' = 'resident') {
    counter += 1;
    const phone = `1330000${String(counter).padStart(4, '0')}`;
    const [user] = await database.db
      .insert(users)
      .values({ phone, displayName: `资料${counter}`, passwordHash, role })
      .returning({ id: users.id, role: users.role });
    return { id: user!.id, role: user!.role, phone, departmentId: null, gridCellId: null };
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    passwordHash = await hashPassword('right-password-1');
  });
  afterAll(async () => database?.close());

  it('changes the display name, trimmed, and refuses an empty or too long one', async () => {
    const user = await account();
    expect(await changeDisplayName(database.db, user.id, { displayName: '  新名字 ' })).toEqual({ ok: true, displayName: '新名字' });
    expect(await changeDisplayName(database.db, user.id, { displayName: ' ' })).toMatchObject({ ok: false, fields: { displayName: 'auth.displayName.required' } });
    expect(await changeDisplayName(database.db, user.id, { displayName: '长'.repeat(31) })).toMatchObject({ ok: false, fields: { displayName: 'auth.displayName.tooLong' } });
    const [row] = await database.db.select({ name: users.displayName }).from(users).where(eq(users.id, user.id));
    expect(row!.name).toBe('新名字');
  });

  it('changes the phone only with the password and the code sent to the new number, which then logs in', async () => {
    const user = await account();
    const sender = new RecordingSender();
    expect(await requestPhoneChange(database.db, user.id, { newPhone: '13311112222', password: 'wrong-password' }, { secret: SECRET, sender }, start)).toMatchObject({
      ok: false,
      fields: { password: 'auth.password.wrongCurrent' },
    });
    expect(sender.sent).toEqual([]);
    expect(await requestPhoneChange(database.db, user.id, { newPhone: '13311112222', password: 'right-password-1' }, { secret: SECRET, sender }, start)).toMatchObject({
      ok: true,
      phone: '13311112222',
    });
    expect(sender.sent[0]).toMatchObject({ phone: '13311112222', message: { kind: 'phone_change' } });
    const [before] = await database.db.select({ phone: users.phone }).from(users).where(eq(users.id, user.id));
    expect(before!.phone).toBe(user.phone);

    expect(await confirmPhoneChange(database.db, user.id, { code: sender.lastCode }, { secret: SECRET }, later(30))).toEqual({ ok: true, phone: '13311112222' });
    const [after] = await database.db.select({ phone: users.phone, verifiedAt: users.phoneVerifiedAt }).from(users).where(eq(users.id, user.id));
    expect(after).toEqual({ phone: '13311112222', verifiedAt: later(30) });
    expect(await authenticate(database.db, { login: '13311112222', password: 'right-password-1', ip: '192.0.2.1' }, SECRET, later(40))).toMatchObject({ ok: true });
    expect(await authenticate(database.db, { login: user.phone, password: 'right-password-1', ip: '192.0.2.1' }, SECRET, later(41))).toMatchObject({ ok: false });
  });

  it('refuses a number another account holds, and the unique index decides a race for one number', async () => {
    const holder = await account();
    const user = await account();
    const sender = new RecordingSender();
    expect(await requestPhoneChange(database.db, user.id, { newPhone: holder.phone, password: 'right-password-1' }, { secret: SECRET, sender }, start)).toMatchObject({
      ok: false,
      code: 'phone_taken',
    });
    const other = await account();
    await requestPhoneChange(database.db, user.id, { newPhone: '13322223333', password: 'right-password-1' }, { secret: SECRET, sender }, start);
    const code = sender.lastCode;
    await database.db.update(users).set({ phone: '13322223333' }).where(eq(users.id, other.id));
    expect(await confirmPhoneChange(database.db, user.id, { code }, { secret: SECRET }, later(10))).toMatchObject({ ok: false, code: 'phone_taken' });
  });

  it('lets an admin disable an account, ending its sessions at once and refusing its login, then enable it; both audited', async () => {
    const admin = await account('admin');
    const user = await account();
    const token = generateSessionToken();
    await createSession(database.db, token, user.id, start);
    expect(await setUserDisabled(database.db, admin, user.id, true, 'req-1', start)).toEqual({ ok: true, disabledAt: start });
    expect(await database.db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
    expect(await validateSessionToken(database.db, token, later(1))).toEqual({ session: null, user: null });
    expect(await authenticate(database.db, { login: user.phone, password: 'right-password-1', ip: '192.0.2.2' }, SECRET, later(2))).toMatchObject({ ok: false, code: 'disabled' });
    expect(await authenticate(database.db, { login: user.phone, password: 'wrong', ip: '192.0.2.2' }, SECRET, later(3))).toMatchObject({ ok: false, code: 'invalid_credentials' });

    expect(await setUserDisabled(database.db, admin, user.id, false, 'req-2', later(10))).toEqual({ ok: true, disabledAt: null });
    expect(await authenticate(database.db, { login: user.phone, password: 'right-password-1', ip: '192.0.2.2' }, SECRET, later(11))).toMatchObject({ ok: true });
    const entries = await database.db
      .select({ action: auditLog.action, summary: auditLog.summary })
      .from(auditLog)
      .where(and(eq(auditLog.targetType, 'user'), eq(auditLog.targetId, String(user.id))));
    expect(entries.map((e) => e.action).sort()).toEqual(['user.disable', 'user.enable']);
    expect(JSON.stringify(entries)).not.toContain(user.phone);
    expect(await setUserDisabled(database.db, admin, admin.id, true)).toMatchObject({ ok: false, message: 'admin.users.error.disableSelf' });
  });
});
