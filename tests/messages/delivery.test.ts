import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { contactEmails, notifications, outboxMessages, users } from '../../db/schema';
import { config } from '../../src/lib/server/config';
import { runDueJobs } from '../../src/lib/server/jobs';
import '../../src/lib/server/jobs/catalog';
import { setChannelSender } from '../../src/lib/server/messages/channels';
import { smtpSender } from '../../src/lib/server/messages/email';
import { listOutbox, queueMessage, quietHoursEnd } from '../../src/lib/server/messages/outbox';
import { setPreference } from '../../src/lib/server/messages/preferences';
import { tencentSmsSender } from '../../src/lib/server/messages/tencent-sms';
import { readUnsubscribeToken } from '../../src/lib/server/messages/unsubscribe';
import { notify } from '../../src/lib/server/notifications';
import { submitReport, transitionReport } from '../../src/lib/server/reports';
import type { LocalDiskStorage } from '../../src/lib/server/storage';
import { createTestDatabase, testDriver } from '../support/db';
import { STANDIN_CREDENTIALS, startSmsStandIn, type SmsStandIn } from '../support/sms-standin';
import { startSmtpServer, type Mailbox } from '../support/smtp-standin';
import { type Cast, photo, pointInCell, prepareReports } from '../reports/fixtures';

describe(`SMS and e-mail delivery on ${testDriver}`, () => {
  let database: Database;
  let cast: Cast;
  let storage: LocalDiskStorage;
  let point: { lat: number; lng: number };
  let sms: SmsStandIn;
  let mailbox: Mailbox;
  // 10:00 in China: outside quiet hours.
  let now = new Date('2026-12-04T02:00:00Z');
  const clock = () => now;

  beforeAll(async () => {
    database = await createTestDatabase();
    const prepared = await prepareReports(database.db);
    ({ cast, storage } = prepared);
    point = (await pointInCell(database.db, prepared.cell))!;
    [sms, mailbox] = await Promise.all([startSmsStandIn(clock), startSmtpServer()]);
    setChannelSender('sms', tencentSmsSender({ ...STANDIN_CREDENTIALS, region: 'ap-guangzhou', endpoint: sms.endpoint }, clock));
    setChannelSender('email', smtpSender(mailbox.url, 'Wenming <noreply@wenming.test>'));
    await database.db.update(users).set({ phone: '13900000001', phoneVerifiedAt: now }).where(eq(users.id, cast.resident.id));
    await database.db.insert(contactEmails).values({ userId: cast.resident.id, email: 'resident@example.test' });
    await setPreference(database.db, cast.resident.id, 'report.status', 'sms', true);
    config.smsTemplates['report.status'] = '200001';
  });
  afterAll(async () => {
    setChannelSender('sms', undefined);
    setChannelSender('email', undefined);
    await Promise.all([sms?.close(), mailbox?.close()]);
    await database?.close();
  });

  const runJobs = async () => {
    while ((await runDueJobs(database.db, { workerId: 'test', now: clock() })) > 0);
  };

  it('puts exactly one e-mail in the SMTP server and one SMS at the stand-in for a status change, worded for the reporter', async () => {
    const filed = await submitReport(
      database.db,
      storage,
      { actor: cast.resident, source: 'web' },
      { ...point, categoryCode: 'litter', description: '小区门口垃圾堆积', photos: [await photo()] },
    );
    if (!filed.ok) throw new Error(JSON.stringify(filed));
    const id = filed.report.id;
    expect(await transitionReport(database.db, storage, cast.moderator, id, { to: 'accepted', version: 1 }, null, now)).toMatchObject({ ok: true });
    await runJobs();
    await runJobs();
    expect(sms.rejected).toEqual([]);
    expect(sms.messages).toHaveLength(1);
    expect(sms.messages[0]).toMatchObject({ phone: '+8613900000001', signName: '文明城市', templateId: '200001', params: [String(id), 'accepted'] });
    expect(mailbox.mails).toHaveLength(1);
    const mail = mailbox.mails[0]!;
    expect(mail.text).toContain(`您上报的问题 #${id} 已受理`);
    // The same text in English below, for English readers.
    expect(mail.text).toContain(`Your report #${id} was accepted`);
    expect(mail.text).toContain('不再接收此类邮件 / Stop these e-mails: ');
    expect(mail.text).not.toContain('您关注的');
    // One-click unsubscribe (RFC 8058) with a signed link.
    const header = (name: string) => mail.headerLines.find((line) => line.key === name)?.line.replace(/^[^:]+:\s*/, '');
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const link = /<([^>]+)>/.exec(header('list-unsubscribe') ?? '')![1]!;
    expect(readUnsubscribeToken(new URL(link).searchParams.get('token')!)).toEqual({ userId: cast.resident.id, kind: 'report.status' });
    const rows = await database.db.select().from(outboxMessages).where(eq(outboxMessages.userId, cast.resident.id));
    expect(rows.map((row) => [row.channel, row.status]).sort()).toEqual([
      ['email', 'sent'],
      ['sms', 'sent'],
    ]);
    const [inApp] = await database.db.select().from(notifications).where(eq(notifications.userId, cast.resident.id));
    expect(inApp!.messageKey).toBe('reports.notice.mine.accepted');
  });

  it('retries an SMS after a provider outage and sends it once', async () => {
    sms.messages.length = 0;
    sms.failNext(1);
    await queueMessage(database.db, { channel: 'sms', recipient: '13900000002', kind: 'test', body: '测试', template: '100001', templateParams: ['1'] }, now);
    await runJobs();
    expect(sms.messages).toHaveLength(0);
    now = new Date(now.getTime() + 60_000);
    await runJobs();
    await runJobs();
    expect(sms.messages).toEqual([expect.objectContaining({ phone: '+8613900000002', templateId: '100001', params: ['1'] })]);
  });

  it('refuses a request whose signature does not match, as the provider would', async () => {
    const wrong = tencentSmsSender({ ...STANDIN_CREDENTIALS, secretKey: 'not-the-key', region: 'ap-guangzhou', endpoint: sms.endpoint }, clock);
    await expect(
      wrong.deliver({ id: 1, channel: 'sms', recipient: '13900000003', kind: 'test', locale: 'zh-CN', subject: null, body: 'x', template: '1', templateParams: [] }),
    ).rejects.toThrow(/SignatureFailure/);
  });

  it('holds SMS during quiet hours until 08:00 China time, except codes', async () => {
    sms.messages.length = 0;
    now = new Date('2026-12-04T15:30:00Z'); // 23:30 in China
    expect(quietHoursEnd(now)!.toISOString()).toBe('2026-12-05T00:00:00.000Z');
    expect(quietHoursEnd(new Date('2026-12-04T01:00:00Z'))).toBeNull(); // 09:00
    await queueMessage(database.db, { channel: 'sms', recipient: '13900000004', kind: 'shift.reminder', body: '提醒', template: '100002' }, now);
    await queueMessage(
      database.db,
      { channel: 'sms', recipient: '13900000004', kind: 'auth.phone_verification', isCode: true, body: '验证码 123456', template: '100003', templateParams: ['123456'] },
      now,
    );
    await runJobs();
    await runJobs();
    expect(sms.messages.map((message) => message.templateId)).toEqual(['100003']);
    now = new Date('2026-12-05T00:00:30Z'); // 08:00:30
    await runJobs();
    expect(sms.messages.map((message) => message.templateId)).toEqual(['100003', '100002']);
  });

  it('caps non-code SMS per recipient per day and says so in the outbox', async () => {
    now = new Date('2026-12-06T03:00:00Z');
    const ids = [];
    for (let i = 0; i < 12; i++) ids.push(await queueMessage(database.db, { channel: 'sms', recipient: '13900000005', kind: 'test', body: `第${i}条`, template: '1' }, now));
    const rows = await database.db.select().from(outboxMessages).where(eq(outboxMessages.recipient, '13900000005'));
    expect(rows.filter((row) => row.status === 'suppressed')).toHaveLength(2);
    expect(rows.find((row) => row.status === 'suppressed')!.reason).toBe('daily-cap');
    // The next day counts afresh.
    await queueMessage(database.db, { channel: 'sms', recipient: '13900000005', kind: 'test', body: '次日', template: '1' }, new Date('2026-12-06T16:30:00Z'));
    const [next] = await database.db.select().from(outboxMessages).where(eq(outboxMessages.body, '次日'));
    expect(next!.status).not.toBe('suppressed');
  });

  it('shows the outbox with recipients masked, and codes masked outside demo mode', async () => {
    const shown = await listOutbox(database.db, { channel: 'sms' }, false);
    const code = shown.find((row) => row.kind === 'auth.phone_verification')!;
    expect(code.recipient).toBe('139****0004');
    expect(code.body).toBe('验证码 ******');
    const demo = await listOutbox(database.db, { channel: 'sms' }, true);
    expect(demo.find((row) => row.kind === 'auth.phone_verification')!.body).toBe('验证码 123456');
    expect(JSON.stringify(shown)).not.toContain('13900000004');
  });

  it('queues verification codes in the outbox with their template, exempt from quiet hours and caps', async () => {
    const { outboxSmsSender } = await import('../../src/lib/server/notifications/sms');
    config.smsTemplates['auth.phone_verification'] = '300001';
    await outboxSmsSender(async () => database.db).send('13900000009', { kind: 'phone_verification', code: '654321', minutes: 10 });
    const [row] = await database.db.select().from(outboxMessages).where(eq(outboxMessages.recipient, '13900000009'));
    expect(row).toMatchObject({ isCode: true, status: 'queued', template: '300001', templateParams: ['654321', '10'], kind: 'auth.phone_verification' });
    expect(row!.body).toContain('654321');
  });

  it('records a message in the outbox when its channel has no gateway (demo mode)', async () => {
    setChannelSender('email', undefined);
    const id = await queueMessage(database.db, { channel: 'email', recipient: 'someone@example.test', kind: 'test', subject: 's', body: '正文' }, now);
    await runJobs();
    const [row] = await database.db.select().from(outboxMessages).where(eq(outboxMessages.id, id!));
    expect(row!.status).toBe('recorded');
    setChannelSender('email', smtpSender(mailbox.url, 'Wenming <noreply@wenming.test>'));
  });

  it('sends e-mail to the address on the account once it is proved, and to none before', async () => {
    await database.db.update(users).set({ email: 'neighbour@example.test', emailVerifiedAt: null }).where(eq(users.id, cast.neighbour.id));
    const notice = { kind: 'report.status', messageKey: 'reports.notice.accepted', params: { id: 1, number: 1, status: 'accepted' }, link: '/reports/1' };
    await notify(database.db, [cast.neighbour.id], { ...notice, dedupeKey: 'address-test:1' }, now);
    expect(await database.db.select().from(outboxMessages).where(eq(outboxMessages.userId, cast.neighbour.id))).toEqual([]);
    await database.db.update(users).set({ emailVerifiedAt: now }).where(eq(users.id, cast.neighbour.id));
    await notify(database.db, [cast.neighbour.id], { ...notice, dedupeKey: 'address-test:2' }, now);
    const rows = await database.db.select().from(outboxMessages).where(eq(outboxMessages.userId, cast.neighbour.id));
    expect(rows.map((row) => [row.channel, row.recipient])).toEqual([['email', 'neighbour@example.test']]);
  });
});
