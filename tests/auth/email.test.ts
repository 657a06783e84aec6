import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { emailVerifications, outboxMessages, users } from '../../db/schema';
import { hashPassword } from '../../src/lib/server/auth';
import { normalizeEmail, pendingEmail, removeEmail, requestEmailVerification, verifyEmail } from '../../src/lib/server/auth/email';
import { runDueJobs } from '../../src/lib/server/jobs';
import '../../src/lib/server/jobs/catalog';
import { setChannelSender } from '../../src/lib/server/messages/channels';
import { smtpSender } from '../../src/lib/server/messages/email';
import { notify } from '../../src/lib/server/notifications';
import { closeAccount } from '../../src/lib/server/privacy/close';
import { exportPersonalData } from '../../src/lib/server/privacy/export';
import { createTestDatabase, testDriver } from '../support/db';
import { startSmtpServer, type Mailbox } from '../support/smtp-standin';

const MINUTE = 60_000;

describe(`the e-mail address on ${testDriver}`, () => {
  let database: Database;
  let mailbox: Mailbox;
  // 10:00 in China.
  let now = new Date('2026-12-04T02:00:00Z');
  let counter = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    mailbox = await startSmtpServer();
    setChannelSender('email', smtpSender(mailbox.url, 'Wenming <noreply@wenming.test>'));
  });
  afterAll(async () => {
    setChannelSender('email', undefined);
    await mailbox?.close();
    await database?.close();
  });

  async function person(password = 'not-used') {
    counter += 1;
    const [row] = await database.db
      .insert(users)
      .values({ username: `mail-${counter}`, phone: `1370000${String(counter).padStart(4, '0')}`, displayName: `邮件${counter}`, passwordHash: await hashPassword(password) })
      .returning({ id: users.id });
    return row!.id;
  }
  const runJobs = async () => {
    while ((await runDueJobs(database.db, { workerId: 'test', now })) > 0);
  };
  const statusNotice = { kind: 'report.status', messageKey: 'notifications.title' };
  const mailsTo = (address: string) => mailbox.mails.filter((mail) => mail.to && JSON.stringify(mail.to).includes(address));
  const linkIn = (text: string) => /\/account\/email\/verify\?token=([A-Za-z0-9_-]{43})/.exec(text)![1]!;

  it('reads addresses strictly', () => {
    expect(normalizeEmail(' Li.Wei@Example.COM ')).toBe('Li.Wei@example.com');
    for (const bad of ['', 'no-at-sign', 'a@b', 'a b@example.com', 'a@example.com<script>', `${'x'.repeat(250)}@example.com`]) expect(normalizeEmail(bad)).toBeNull();
  });

  it('sends a signed-in person a link through the outbox and SMTP; the address gets no other mail until the link comes back', async () => {
    const userId = await person();
    const sent = await requestEmailVerification(database.db, userId, { email: 'first@example.test' }, {}, now);
    expect(sent).toMatchObject({ ok: true, email: 'first@example.test' });
    expect(sent).not.toHaveProperty('link');
    await notify(database.db, [userId], statusNotice, now);
    await runJobs();

    // Only the link arrived; the notice's e-mail was never queued (the address is not the account's yet).
    const mails = mailsTo('first@example.test');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain('验证');
    expect(mails[0]!.headerLines.some((line) => line.key === 'list-unsubscribe')).toBe(false);
    const [account] = await database.db.select({ email: users.email, emailVerifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.id, userId));
    expect(account).toEqual({ email: null, emailVerifiedAt: null });
    expect(await pendingEmail(database.db, userId, now)).toMatchObject({ email: 'first@example.test' });
    // Only the token's hash is stored.
    const token = linkIn(mails[0]!.text!);
    const stored = await database.db.select().from(emailVerifications).where(eq(emailVerifications.userId, userId));
    expect(JSON.stringify(stored)).not.toContain(token);

    now = new Date(now.getTime() + 5 * MINUTE);
    expect(await verifyEmail(database.db, token, now)).toEqual({ ok: true, userId, email: 'first@example.test' });
    expect(await verifyEmail(database.db, token, now)).toMatchObject({ ok: false, code: 'invalid' });
    const [verified] = await database.db.select({ email: users.email, emailVerifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.id, userId));
    expect(verified).toEqual({ email: 'first@example.test', emailVerifiedAt: now });

    await notify(database.db, [userId], statusNotice, now);
    await runJobs();
    expect(mailsTo('first@example.test')).toHaveLength(2);

    // Removed: no more e-mail.
    expect(await removeEmail(database.db, userId, now)).toEqual({ ok: true });
    await notify(database.db, [userId], statusNotice, now);
    await runJobs();
    expect(mailsTo('first@example.test')).toHaveLength(2);
    expect(
      await database.db
        .select()
        .from(outboxMessages)
        .where(and(eq(outboxMessages.userId, userId), eq(outboxMessages.channel, 'email'))),
    ).toHaveLength(2);
  });

  it('keeps the verified address until a new one is proved; an old link stops working when a newer one is sent', async () => {
    const userId = await person();
    const first = await requestEmailVerification(database.db, userId, { email: 'old@example.test' }, { revealLink: true }, now);
    if (!first.ok) throw new Error(first.code);
    await verifyEmail(database.db, new URL(first.link!).searchParams.get('token')!, now);

    now = new Date(now.getTime() + 2 * MINUTE);
    expect(await requestEmailVerification(database.db, userId, { email: 'old@example.test' }, {}, now)).toMatchObject({ ok: false, code: 'same_email' });
    const a = await requestEmailVerification(database.db, userId, { email: 'new@example.test' }, { revealLink: true }, now);
    expect(await requestEmailVerification(database.db, userId, { email: 'new@example.test' }, {}, new Date(now.getTime() + 10_000))).toMatchObject({
      ok: false,
      code: 'rate_limited',
      params: { seconds: 50 },
    });
    now = new Date(now.getTime() + 2 * MINUTE);
    const b = await requestEmailVerification(database.db, userId, { email: 'newer@example.test' }, { revealLink: true }, now);
    if (!a.ok || !b.ok) throw new Error('not sent');
    const [still] = await database.db.select({ email: users.email }).from(users).where(eq(users.id, userId));
    expect(still!.email).toBe('old@example.test');
    expect(await verifyEmail(database.db, new URL(a.link!).searchParams.get('token')!, now)).toMatchObject({ ok: false, code: 'invalid' });
    // A day later the link has expired.
    expect(await verifyEmail(database.db, new URL(b.link!).searchParams.get('token')!, new Date(now.getTime() + 25 * 60 * MINUTE))).toMatchObject({ ok: false, code: 'expired' });
    expect(await verifyEmail(database.db, new URL(b.link!).searchParams.get('token')!, now)).toMatchObject({ ok: true, email: 'newer@example.test' });
    expect(await verifyEmail(database.db, 'not-a-token', now)).toMatchObject({ ok: false, code: 'invalid' });
  });

  it('gives one address to one account: the second to come back with a link is refused', async () => {
    const [one, two] = [await person(), await person()];
    now = new Date(now.getTime() + 10 * MINUTE);
    const a = await requestEmailVerification(database.db, one, { email: 'shared@example.test' }, { revealLink: true }, now);
    const b = await requestEmailVerification(database.db, two, { email: 'shared@example.test' }, { revealLink: true }, now);
    if (!a.ok || !b.ok) throw new Error('not sent');
    expect(await verifyEmail(database.db, new URL(a.link!).searchParams.get('token')!, now)).toMatchObject({ ok: true });
    expect(await verifyEmail(database.db, new URL(b.link!).searchParams.get('token')!, now)).toMatchObject({ ok: false, code: 'email_taken' });
  });

  it('exports the verified and the pending address, and erases both when the account closes', async () => {
    const userId = await person('close-pass-1');
    now = new Date(now.getTime() + 10 * MINUTE);
    const first = await requestEmailVerification(database.db, userId, { email: 'mine@example.test' }, { revealLink: true }, now);
    if (!first.ok) throw new Error(first.code);
    await verifyEmail(database.db, new URL(first.link!).searchParams.get('token')!, now);
    now = new Date(now.getTime() + 2 * MINUTE);
    await requestEmailVerification(database.db, userId, { email: 'next@example.test' }, {}, now);
    const data = await exportPersonalData(database.db, userId, { now });
    expect(data!.account).toMatchObject({ email: 'mine@example.test', pendingEmail: { email: 'next@example.test' } });

    expect(await closeAccount(database.db, userId, { password: 'close-pass-1' }, { secret: 'test-secret' }, now)).toEqual({ ok: true });
    const [row] = await database.db.select({ email: users.email, emailVerifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.id, userId));
    expect(row).toEqual({ email: null, emailVerifiedAt: null });
    expect(await database.db.select().from(emailVerifications).where(eq(emailVerifications.userId, userId))).toEqual([]);
    const messages = await database.db.select({ recipient: outboxMessages.recipient, status: outboxMessages.status }).from(outboxMessages).where(eq(outboxMessages.userId, userId));
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.every((m) => m.recipient === '')).toBe(true);
    // The link queued just before closing is never sent.
    expect(messages.some((m) => m.status === 'suppressed')).toBe(true);
  });
});
