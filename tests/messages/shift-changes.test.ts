/** A shift's change of time or place, and its cancellation, told once to everyone signed up, through the outbox. */
import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '../../db/client';
import { contactEmails, notifications, outboxMessages, users } from '../../db/schema';
import { translator } from '../../src/i18n';
import { config } from '../../src/lib/server/config';
import { runDueJobs } from '../../src/lib/server/jobs';
import '../../src/lib/server/jobs/catalog';
import { setChannelSender } from '../../src/lib/server/messages/channels';
import { smtpSender } from '../../src/lib/server/messages/email';
import { tencentSmsSender } from '../../src/lib/server/messages/tencent-sms';
import { formatNoticeParams } from '../../src/lib/server/notifications';
import { cancelShift, signUp, updateProject, updateShift } from '../../src/lib/server/volunteers';
import { createTestDatabase, testDriver } from '../support/db';
import { STANDIN_CREDENTIALS, startSmsStandIn, type SmsStandIn } from '../support/sms-standin';
import { startSmtpServer, type Mailbox } from '../support/smtp-standin';
import { addShift, createVolunteers, HOUR, prepareProject } from '../volunteers/fixtures';

describe(`shift change and cancellation messages on ${testDriver}`, () => {
  let database: Database;
  let db: Db;
  let sms: SmsStandIn;
  let mailbox: Mailbox;
  let admin: { id: number; role: 'admin'; departmentId: null; gridCellId: null };
  let projectId: number;
  let communityId: number;
  let teamId: number;
  let shiftId: number;
  let userIds: number[];
  // 10:00 China time: outside quiet hours.
  let now = new Date('2026-12-04T02:00:00Z');
  const clock = () => now;
  const start = new Date('2026-12-06T01:00:00Z'); // 09:00 China time, two days on
  const runJobs = async () => {
    while ((await runDueJobs(db, { workerId: 'test', now: clock() })) > 0);
  };
  const notices = (kind: string) => db.select().from(notifications).where(eq(notifications.kind, kind));

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    const prepared = await prepareProject(db);
    ({ projectId, communityId, teamId } = prepared);
    admin = { ...prepared.admin, departmentId: null, gridCellId: null };
    [sms, mailbox] = await Promise.all([startSmsStandIn(clock), startSmtpServer()]);
    setChannelSender('sms', tencentSmsSender({ ...STANDIN_CREDENTIALS, region: 'ap-guangzhou', endpoint: sms.endpoint }, clock));
    setChannelSender('email', smtpSender(mailbox.url, 'Wenming <noreply@wenming.test>'));
    Object.assign(config.smsTemplates, { 'shift.signup': '300001', 'shift.changed': '300002', 'shift.cancelled': '300003' });
    const people = await createVolunteers(db, 2, communityId, 'changes');
    userIds = people.map((person) => person.userId);
    // The first has a verified phone and an e-mail address; the second only an e-mail address.
    await db.update(users).set({ phone: '13900000031', phoneVerifiedAt: now }).where(eq(users.id, userIds[0]!));
    await db.insert(contactEmails).values(userIds.map((userId, i) => ({ userId, email: `shift${i}@example.test` })));
    shiftId = await addShift(db, prepared.admin, projectId, start, 3, 5);
    for (const userId of userIds) expect(await signUp(db, userId, shiftId, now)).toMatchObject({ ok: true });
    await runJobs();
    sms.messages.length = 0;
    mailbox.mails.length = 0;
  });
  afterAll(async () => {
    setChannelSender('sms', undefined);
    setChannelSender('email', undefined);
    await Promise.all([sms?.close(), mailbox?.close()]);
    await database?.close();
  });

  it('tells everyone signed up of a new time once, old and new side by side with the place, by SMS and e-mail', async () => {
    const later = new Date(start.getTime() + 2 * HOUR);
    expect(await updateShift(db, admin, shiftId, { startsAt: later, endsAt: new Date(later.getTime() + 3 * HOUR), capacity: 5 }, undefined, now)).toMatchObject({ ok: true });
    await runJobs();
    const changed = await notices('shift.changed');
    expect(changed.map((row) => row.userId).sort()).toEqual([...userIds].sort());
    const text = translator('zh-CN')('notification.shift.changed', formatNoticeParams(changed[0]!.params, 'zh-CN'));
    expect(text).toBe(
      '班次时间调整：文明交通劝导，由 12月6日周日 09:00 至 12月6日周日 12:00 改为 12月6日周日 11:00 至 12月6日周日 14:00，地点：测试路口。如不能参加，请在班次页面取消报名。',
    );
    const english = translator('en')('notification.shift.changed', formatNoticeParams(changed[0]!.params, 'en'));
    expect(english).toMatch(/^Shift rescheduled: 文明交通劝导 was Sun, Dec 6, 09:00 to Sun, Dec 6, 12:00; it is now Sun, Dec 6, 11:00 to Sun, Dec 6, 14:00, at 测试路口\./);
    expect(sms.rejected).toEqual([]);
    expect(sms.messages).toEqual([expect.objectContaining({ phone: '+8613900000031', templateId: '300002', params: ['文明交通劝导', '12月6日周日 11:00'] })]);
    expect(mailbox.mails).toHaveLength(2);
    expect(mailbox.mails.every((mail) => (mail.text ?? '').includes('由 12月6日周日 09:00 至 12月6日周日 12:00 改为 12月6日周日 11:00'))).toBe(true);

    // Saving the same times again, or changing only the capacity, is no change to tell.
    now = new Date(now.getTime() + 60_000);
    expect(await updateShift(db, admin, shiftId, { startsAt: later, endsAt: new Date(later.getTime() + 3 * HOUR), capacity: 6 }, undefined, now)).toMatchObject({ ok: true });
    await runJobs();
    expect(await notices('shift.changed')).toHaveLength(2);
    expect(sms.messages).toHaveLength(1);
    expect(mailbox.mails).toHaveLength(2);
  });

  it('tells them when the project moves, from which place to which, once per shift', async () => {
    now = new Date(now.getTime() + 60_000);
    const moved = await updateProject(
      db,
      admin,
      projectId,
      { teamId, title: '文明交通劝导', type: 'traffic', description: '', address: '人民路与五一路口', lat: 28.2, lng: 113.0 },
      undefined,
      now,
    );
    expect(moved).toMatchObject({ ok: true });
    await runJobs();
    const rows = (await notices('shift.changed')).filter((row) => row.messageKey === 'notification.shift.moved');
    expect(rows).toHaveLength(2);
    expect(translator('zh-CN')('notification.shift.moved', formatNoticeParams(rows[0]!.params, 'zh-CN'))).toContain('由 测试路口 改为 人民路与五一路口');
    expect(sms.messages).toHaveLength(2);
    expect(mailbox.mails.filter((mail) => (mail.text ?? '').includes('班次地点变更'))).toHaveLength(2);
    // Saved again unchanged: nothing more.
    await updateProject(
      db,
      admin,
      projectId,
      { teamId, title: '文明交通劝导', type: 'traffic', description: '', address: '人民路与五一路口', lat: 28.2, lng: 113.0 },
      undefined,
      new Date(now.getTime() + 1000),
    );
    await runJobs();
    expect(mailbox.mails).toHaveLength(4);
  });

  it('tells them of a cancellation once, with an apology and the reason', async () => {
    now = new Date(now.getTime() + 60_000);
    expect(await cancelShift(db, admin, shiftId, { reason: '暴雨橙色预警' }, undefined, now)).toMatchObject({ ok: true, notified: 2 });
    expect(await cancelShift(db, admin, shiftId, { reason: '暴雨橙色预警' }, undefined, now)).toMatchObject({ ok: false, code: 'cancelled' });
    await runJobs();
    const cancelled = await notices('shift.cancelled');
    expect(cancelled).toHaveLength(2);
    const zh = translator('zh-CN')('notification.shift.cancelled', formatNoticeParams(cancelled[0]!.params, 'zh-CN'));
    expect(zh).toBe('很抱歉，班次已取消：文明交通劝导（12月6日周日 11:00，人民路与五一路口）。原因：暴雨橙色预警。您的报名已随之取消，欢迎报名其他班次。');
    expect(translator('en')('notification.shift.cancelled', formatNoticeParams(cancelled[0]!.params, 'en'))).toMatch(
      /^We are sorry: the shift 文明交通劝导 \(Sun, Dec 6, 11:00, 人民路与五一路口\) has been cancelled\. Reason: 暴雨橙色预警\./,
    );
    expect(sms.messages.filter((message) => message.templateId === '300003')).toHaveLength(1);
    expect(mailbox.mails.filter((mail) => (mail.text ?? '').includes('很抱歉，班次已取消'))).toHaveLength(2);
    const outbox = await db
      .select()
      .from(outboxMessages)
      .where(like(outboxMessages.dedupeKey, `shift.cancelled:${shiftId}:%`));
    expect(outbox.map((row) => row.status).sort()).toEqual(['sent', 'sent', 'sent']);
  });
});
