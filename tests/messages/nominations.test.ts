/**
 * Nomination messages: the nominee's consent request by a signed single-use link (agree or decline
 * without an account), the nominator told of each decision, and residents who opted in told when a
 * round opens for nominations and for voting — once, through the outbox, by SMS and e-mail.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '../../db/client';
import { auditLog, contactEmails, nominationPhotos, nominations, notifications, outboxMessages, users } from '../../db/schema';
import type { Actor } from '../../src/lib/server/auth/permissions';
import { config } from '../../src/lib/server/config';
import { runDueJobs } from '../../src/lib/server/jobs';
import '../../src/lib/server/jobs/catalog';
import { setChannelSender } from '../../src/lib/server/messages/channels';
import { smtpSender } from '../../src/lib/server/messages/email';
import { setPreference } from '../../src/lib/server/messages/preferences';
import { tencentSmsSender } from '../../src/lib/server/messages/tencent-sms';
import {
  acceptNomination,
  announceRound,
  answerConsent,
  consentRequestView,
  rejectNomination,
  requestConsentByLink,
  shortlistCandidates,
  submitNomination,
} from '../../src/lib/server/nominations';
import { announceRoundOpen, startRoundOpenAlerts } from '../../src/lib/server/nominations/round-alerts';
import type { LocalDiskStorage } from '../../src/lib/server/storage';
import { createTestDatabase, testDriver } from '../support/db';
import { STANDIN_CREDENTIALS, startSmsStandIn, type SmsStandIn } from '../support/sms-standin';
import { startSmtpServer, type Mailbox } from '../support/smtp-standin';
import { createAccount, createCommunity, createRoundRow, dayOf, samplePhoto, story, tempStorage } from '../nominations/fixtures';

describe(`nomination messages on ${testDriver}`, () => {
  let database: Database;
  let db: Db;
  let storage: LocalDiskStorage;
  let sms: SmsStandIn;
  let mailbox: Mailbox;
  let office: Actor;
  let nominator: Actor;
  let communityId: number;
  let roundId: number;
  // Rounds' days start at midnight China time; dayOf(…, 12) is noon, outside quiet hours.
  const start = new Date('2026-12-01T00:00:00+08:00');
  let now = dayOf(start, 1);
  const clock = () => now;
  const runJobs = async () => {
    while ((await runDueJobs(db, { workerId: 'test', now: clock() })) > 0);
  };
  const input = (name: string) => ({ nomineeName: name, communityId, category: 'helping', story: story(name), nominatorContact: '13800001111', evidence: '社区居委会可证明' });
  const accepted = async (name: string, photo = false) => {
    const submitted = await submitNomination(db, storage, nominator, input(name), photo ? [{ name: 'a.png', bytes: await samplePhoto() }] : []);
    if (!submitted.ok) throw new Error(JSON.stringify(submitted));
    expect(await acceptNomination(db, office, submitted.nomination.id, roundId, undefined, now)).toMatchObject({ ok: true, status: 'accepted' });
    return submitted.nomination.id;
  };
  const tokenIn = (text: string) => new URL(/https?:\/\/\S+/.exec(text)![0]).searchParams.get('t')!;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    storage = tempStorage();
    office = await createAccount(db, 'moderator');
    nominator = await createAccount(db, 'resident');
    ({ communityId } = await createCommunity(db, 'msg'));
    roundId = await createRoundRow(db, start, { title: '2026年12月 身边好人' });
    await db.insert(contactEmails).values({ userId: nominator.id, email: 'nominator@example.test' });
    [sms, mailbox] = await Promise.all([startSmsStandIn(clock), startSmtpServer()]);
    setChannelSender('sms', tencentSmsSender({ ...STANDIN_CREDENTIALS, region: 'ap-guangzhou', endpoint: sms.endpoint }, clock));
    setChannelSender('email', smtpSender(mailbox.url, 'Wenming <noreply@wenming.test>'));
    Object.assign(config.smsTemplates, { 'nomination.consent': '400001', 'round.open': '400002' });
  });
  afterAll(async () => {
    setChannelSender('sms', undefined);
    setChannelSender('email', undefined);
    await Promise.all([sms?.close(), mailbox?.close()]);
    await database?.close();
  });

  it('sends the nominee a signed link by SMS; agreeing publishes once, and the nominator hears of it', async () => {
    const id = await accepted('李志愿', true);
    expect(await requestConsentByLink(db, office, id, { phone: '1390000' }, undefined, now)).toMatchObject({
      ok: false,
      code: 'invalid',
      fields: { phone: 'nominations.consentLink.phoneInvalid' },
    });
    expect(await requestConsentByLink(db, office, id, { phone: '139 0000 0088' }, undefined, now)).toMatchObject({ ok: true });
    await runJobs();
    expect(sms.rejected).toEqual([]);
    expect(sms.messages).toHaveLength(1);
    expect(sms.messages[0]).toMatchObject({ phone: '+8613900000088', templateId: '400001' });
    const [round, url] = sms.messages[0]!.params;
    expect(round).toBe('2026年12月 身边好人');
    expect(url).toMatch(/\/good-people\/consent\?t=\d+\.[A-Za-z0-9_-]{27}$/);
    const [text] = await db.select().from(outboxMessages).where(eq(outboxMessages.kind, 'nomination.consent'));
    expect(text!.body).toContain('有居民推荐您参加2026年12月 身边好人评选（“李志愿”）');
    expect(text!.body).toContain(url);
    const token = tokenIn(url!);

    // The page shows the story as it would be published; a token edited by one character is refused.
    expect(await consentRequestView(db, token, now)).toMatchObject({ ok: true, nomination: { nomineeName: '李志愿', round: '2026年12月 身边好人', community: 'msg社区' } });
    const forged = token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect(await consentRequestView(db, forged, now)).toMatchObject({ ok: false, code: 'invalid' });
    expect(await answerConsent(db, storage, forged, 'agreed', now)).toMatchObject({ ok: false, code: 'invalid' });
    expect(await consentRequestView(db, `${Number(token.split('.')[0]) + 1}.${token.split('.')[1]}`, now)).toMatchObject({ ok: false, code: 'invalid' });

    now = new Date(now.getTime() + 3_600_000);
    expect(await answerConsent(db, storage, token, 'agreed', now)).toEqual({ ok: true, answer: 'agreed' });
    const [row] = await db.select().from(nominations).where(eq(nominations.id, id));
    expect(row).toMatchObject({ status: 'published', consentMethod: 'link', consentObtainedBy: '139****0088', consentRecordedBy: null });
    expect(row!.consentObtainedAt).toEqual(now);
    const photos = await db.select().from(nominationPhotos).where(eq(nominationPhotos.nominationId, id));
    expect(photos.every((photo) => photo.publicKey)).toBe(true);
    // Single use: the second answer changes nothing.
    expect(await answerConsent(db, storage, token, 'declined', now)).toMatchObject({ ok: false, code: 'answered' });
    expect(await consentRequestView(db, token, now)).toMatchObject({ ok: false, code: 'answered' });
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'nomination.agreeByLink'), eq(auditLog.targetId, String(id))));
    expect(audit).toMatchObject({ actorId: null, actorRole: 'nominee' });

    await runJobs();
    const told = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, nominator.id), eq(notifications.messageKey, 'nominations.notice.published')));
    expect(told).toHaveLength(1);
    expect(told[0]!.kind).toBe('nomination.decision');
    expect(mailbox.mails.filter((mail) => (mail.text ?? '').includes('“李志愿”已成为候选人'))).toHaveLength(1);
  });

  it('voids an earlier link when a new one is sent, lets the nominee decline, and refuses links out of date', async () => {
    const id = await accepted('周婉拒');
    await requestConsentByLink(db, office, id, { phone: '13900000089' }, undefined, now);
    await requestConsentByLink(db, office, id, { phone: '13900000089' }, undefined, new Date(now.getTime() + 60_000));
    now = new Date(now.getTime() + 120_000);
    await runJobs();
    const links = sms.messages.filter((message) => message.phone === '+8613900000089').map((message) => tokenIn(message.params[1]!));
    expect(links).toHaveLength(2);
    expect(await answerConsent(db, storage, links[0]!, 'agreed', now)).toMatchObject({ ok: false, code: 'expired' });
    expect(await answerConsent(db, storage, links[1]!, 'declined', now)).toEqual({ ok: true, answer: 'declined' });
    const [row] = await db.select().from(nominations).where(eq(nominations.id, id));
    expect(row).toMatchObject({ status: 'rejected', consentRecordedAt: null });
    await runJobs();
    expect(mailbox.mails.filter((mail) => (mail.text ?? '').includes('“周婉拒”本人未同意公开事迹'))).toHaveLength(1);

    // A link answered after its 14 days, or after the office settled the nomination, does nothing.
    const late = await accepted('吴过期');
    await requestConsentByLink(db, office, late, { phone: '13900000090' }, undefined, now);
    await runJobs();
    const lateToken = tokenIn(sms.messages.find((message) => message.phone === '+8613900000090')!.params[1]!);
    expect(await answerConsent(db, storage, lateToken, 'agreed', new Date(now.getTime() + 15 * 86_400_000))).toMatchObject({ ok: false, code: 'expired' });
    expect(await rejectNomination(db, office, late, '事迹无法核实', undefined, now)).toMatchObject({ ok: true });
    expect(await answerConsent(db, storage, lateToken, 'agreed', now)).toMatchObject({ ok: false, code: 'closed' });
    expect((await db.select().from(nominations).where(eq(nominations.id, late)))[0]!.status).toBe('rejected');
    await runJobs();
    // The rejection carries the office's reason.
    expect(mailbox.mails.filter((mail) => (mail.text ?? '').includes('您对“吴过期”的推荐未通过审核。原因：事迹无法核实'))).toHaveLength(1);
  });

  it('tells each nominator the outcome when the round is announced: elected, or not chosen', async () => {
    const [elected, passed] = await db
      .select({ id: nominations.id })
      .from(nominations)
      .where(and(eq(nominations.roundId, roundId), eq(nominations.status, 'published')));
    expect(passed).toBeUndefined(); // one published so far; publish another by link
    const other = await accepted('郑落选');
    await requestConsentByLink(db, office, other, { phone: '13900000091' }, undefined, now);
    await runJobs();
    const token = tokenIn(sms.messages.find((message) => message.phone === '+8613900000091')!.params[1]!);
    expect(await answerConsent(db, storage, token, 'agreed', now)).toMatchObject({ ok: true });
    expect(await shortlistCandidates(db, office, roundId, [elected!.id], undefined, dayOf(start, 3))).toMatchObject({ ok: true });
    now = dayOf(start, 5);
    expect(await announceRound(db, office, roundId, '', undefined, now)).toMatchObject({ ok: true, honoured: 1 });
    await runJobs();
    const outcomes = await db
      .select({ messageKey: notifications.messageKey, kind: notifications.kind })
      .from(notifications)
      .where(and(eq(notifications.userId, nominator.id), inArray(notifications.messageKey, ['nominations.notice.honoured', 'nominations.notice.notSelected'])));
    expect(outcomes.map((row) => row.messageKey).sort()).toEqual(['nominations.notice.honoured', 'nominations.notice.notSelected']);
    expect(outcomes.every((row) => row.kind === 'nomination.decision')).toBe(true);
    expect(mailbox.mails.filter((mail) => (mail.text ?? '').includes('“李志愿”在2026年12月 身边好人中当选'))).toHaveLength(1);
    expect(mailbox.mails.filter((mail) => (mail.text ?? '').includes('“郑落选”在2026年12月 身边好人中未当选'))).toHaveLength(1);
  });

  it('tells residents who opted in, and only them, once when a round opens for nominations and for voting', async () => {
    const next = new Date('2027-01-01T00:00:00+08:00');
    const nextRound = await createRoundRow(db, next, { title: '2027年1月 身边好人' });
    const [byEmail, bySms, notAsked, optedOut] = await Promise.all([createAccount(db), createAccount(db), createAccount(db), createAccount(db)]);
    await db.insert(contactEmails).values([byEmail!, notAsked!, optedOut!].map((user, i) => ({ userId: user.id, email: `resident${i}@example.test` })));
    await setPreference(db, byEmail!.id, 'round.open', 'email', true);
    await setPreference(db, bySms!.id, 'round.open', 'sms', true);
    await setPreference(db, optedOut!.id, 'round.open', 'email', false);
    const [smsPhone] = await db.select({ phone: users.phone }).from(users).where(eq(users.id, bySms!.id));
    const told = (messageKey: string) =>
      db
        .select({ userId: notifications.userId })
        .from(notifications)
        .where(and(eq(notifications.kind, 'round.open'), eq(notifications.messageKey, messageKey)));

    // Batches: one user per batch, one batch per run, hands the rest on.
    const first = await announceRoundOpen(db, { roundId: nextRound, stage: 'nominating' }, dayOf(next, 0, 9), { batch: 1, batches: 1 });
    expect(first).toBe(Math.min(byEmail!.id, bySms!.id));

    now = dayOf(next, 0, 9);
    for (let tick = 0; tick < 2; tick++) {
      expect(await startRoundOpenAlerts(db, now)).toBe(tick === 0 ? 1 : 0);
      await runJobs();
    }
    expect((await told('nominations.notice.roundOpen.nominating')).map((row) => row.userId).sort()).toEqual([byEmail!.id, bySms!.id].sort());
    expect(mailbox.mails.filter((mail) => (mail.text ?? '').includes('2027年1月 身边好人开始接受推荐'))).toHaveLength(1);
    expect(sms.messages.filter((message) => message.templateId === '400002')).toEqual([
      expect.objectContaining({ phone: `+86${smsPhone!.phone}`, params: ['2027年1月 身边好人'] }),
    ]);

    now = dayOf(next, 2, 9);
    expect(await startRoundOpenAlerts(db, now)).toBe(1);
    await runJobs();
    expect(await startRoundOpenAlerts(db, now)).toBe(0);
    expect((await told('nominations.notice.roundOpen.voting')).map((row) => row.userId).sort()).toEqual([byEmail!.id, bySms!.id].sort());
    expect(mailbox.mails.filter((mail) => (mail.text ?? '').includes('2027年1月 身边好人开始投票'))).toHaveLength(1);
  });
});
