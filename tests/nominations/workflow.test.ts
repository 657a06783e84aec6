import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can } from '../../src/lib/server/permissions';
import type { Database } from '../../db/client';
import { auditLog, nominationPhotos, nominations, nominationStoryEdits, notifications } from '../../db/schema';
import type { Actor } from '../../src/lib/server/auth/permissions';
import {
  acceptNomination,
  announceRound,
  castBallot,
  closeStageEarly,
  editStory,
  fileObjection,
  getPublicNomination,
  getRound,
  honourRoll,
  listCandidates,
  listRounds,
  recordConsent,
  rejectNomination,
  requestInfo,
  resolveObjection,
  resubmitNomination,
  roundStage,
  shortlistCandidates,
  submitNomination,
} from '../../src/lib/server/nominations';
import type { LocalDiskStorage } from '../../src/lib/server/storage';
import { createTestDatabase, testDriver } from '../support/db';
import { createAccount, createRoundRow, dailySchedule, dayOf, prepareNominations, samplePhoto, story } from './fixtures';

describe(`the nomination workflow on ${testDriver}`, () => {
  let database: Database;
  let storage: LocalDiskStorage;
  let office: Actor;
  let nominator: Actor;
  let voter: Actor;
  let communityId: number;
  let districtId: number;
  const start = new Date('2026-11-01T00:00:00+08:00');

  beforeAll(async () => {
    database = await createTestDatabase();
    ({ storage, office, nominator, communityId, districtId } = await prepareNominations(database.db, 'wf'));
    voter = await createAccount(database.db, 'resident');
  });
  afterAll(async () => database?.close());

  const input = (name: string) => ({ nomineeName: name, communityId, category: 'helping', story: story(name), nominatorContact: '13800001111', evidence: '社区居委会可证明' });

  it('derives each stage of a round from its schedule and the clock', () => {
    const schedule = dailySchedule(start);
    expect(roundStage(schedule, new Date(start.getTime() - 1))).toBe('upcoming');
    expect([0, 1, 2, 3, 4, 5].map((day) => roundStage(schedule, dayOf(start, day)))).toEqual(['nominating', 'reviewing', 'voting', 'tallying', 'notice', 'closing']);
    expect(roundStage({ ...schedule, announcedAt: dayOf(start, 6) }, dayOf(start, 6))).toBe('announced');
  });

  it('runs a nomination from submission through voting, notice and announcement to the honour roll', async () => {
    const db = database.db;
    const roundId = await createRoundRow(db, start, { title: '2026年11月 身边好人' });
    const submitted = await submitNomination(db, storage, nominator, input('王秀英'), [{ name: 'a.png', bytes: await samplePhoto() }]);
    expect(submitted).toMatchObject({ ok: true, nomination: { status: 'submitted' } });
    if (!submitted.ok) return;
    const id = submitted.nomination.id;

    expect(await requestInfo(db, office, id, '请补充事迹发生的时间')).toMatchObject({ ok: true, status: 'info_requested' });
    const [notice] = await db.select().from(notifications).where(eq(notifications.userId, nominator.id));
    expect(notice).toMatchObject({ messageKey: 'nominations.notice.infoRequested', link: `/good-people/nominate?id=${id}` });
    expect(await resubmitNomination(db, storage, nominator, id, { ...input('王秀英'), evidence: '2026年10月起，居委会可证明' })).toMatchObject({ ok: true });

    expect(await acceptNomination(db, office, id, roundId, undefined, dayOf(start, 1))).toMatchObject({ ok: true, status: 'accepted' });
    const consent = await recordConsent(db, storage, office, id, { method: 'in_person', obtainedBy: '陈审核', obtainedAt: dayOf(start, 1, 10) }, undefined, dayOf(start, 1));
    expect(consent).toMatchObject({ ok: true, status: 'published' });

    const voting = dayOf(start, 2);
    expect(await castBallot(db, voter, { roundId, nominationIds: [id], ip: '10.0.0.1' }, voting)).toMatchObject({ ok: true, ballot: { picks: 1 } });
    const round = (await getRound(db, roundId, voting))!;
    expect((await listCandidates(db, round)).map((c) => [c.nomineeName, c.votes])).toEqual([['王秀英', 1]]);

    expect(await shortlistCandidates(db, office, roundId, [id], undefined, dayOf(start, 3))).toMatchObject({ ok: true, shortlisted: 1 });
    const objection = await fileObjection(db, null, { roundId, nominationId: id, name: '', contact: '13900002222', reason: '我认为事迹描述有夸大的地方' }, dayOf(start, 4));
    expect(objection.ok).toBe(true);
    if (!objection.ok) return;
    expect(await announceRound(db, office, roundId, '', undefined, dayOf(start, 5))).toMatchObject({ ok: false, code: 'objections_open' });
    expect(await resolveObjection(db, office, objection.objection.id, { outcome: 'dismissed', note: '经社区核实，事迹属实' }, undefined, dayOf(start, 5))).toMatchObject({
      ok: true,
    });
    expect(await announceRound(db, office, roundId, '经公示无异议，现予公布。', undefined, dayOf(start, 5))).toMatchObject({ ok: true, honoured: 1 });

    const roll = await honourRoll(db, { month: '2026-11', category: 'helping', districtId, query: '秀英' });
    expect(roll.people.map((p) => p.nomineeName)).toEqual(['王秀英']);
    expect((await honourRoll(db, { month: '2026-10' })).people).toEqual([]);
    const page = await getPublicNomination(db, id);
    expect(page).toMatchObject({ status: 'honoured', round: { title: '2026年11月 身边好人' } });
    expect(page!.photos).toHaveLength(1);
    expect((await listRounds(db, dayOf(start, 6))).find((r) => r.id === roundId)?.stage).toBe('announced');
    const actions = (await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.actorId, office.id))).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['nomination.requestInfo', 'nomination.accept', 'nomination.recordConsent', 'round.shortlist', 'objection.resolve', 'round.announce']),
    );
  });

  it('shows nothing about a nominee (name, story, photos) publicly until consent is recorded', async () => {
    const db = database.db;
    const roundId = await createRoundRow(db, start, { title: '同意门槛' });
    const submitted = await submitNomination(db, storage, nominator, input('赵未同意'), [{ name: 'b.png', bytes: await samplePhoto('#1565c0') }]);
    if (!submitted.ok) throw new Error('submission failed');
    const id = submitted.nomination.id;
    await acceptNomination(db, office, id, roundId, undefined, dayOf(start, 0));
    const round = (await getRound(db, roundId, dayOf(start, 2)))!;

    expect(await listCandidates(db, round)).toEqual([]);
    expect(await getPublicNomination(db, id)).toBeNull();
    const [photo] = await db.select().from(nominationPhotos).where(eq(nominationPhotos.nominationId, id));
    expect(photo!.privateKey).toMatch(/^private\/nominations\//);
    expect(photo!.publicKey).toBeNull();
    // The database itself refuses a published nomination without a consent record.
    await expect(db.update(nominations).set({ status: 'published' }).where(eq(nominations.id, id))).rejects.toThrow();

    await recordConsent(db, storage, office, id, { method: 'phone', obtainedBy: '陈审核', obtainedAt: dayOf(start, 1) }, undefined, dayOf(start, 1));
    expect((await listCandidates(db, round)).map((c) => c.nomineeName)).toEqual(['赵未同意']);
    const [published] = await db.select().from(nominationPhotos).where(eq(nominationPhotos.nominationId, id));
    expect(published!.publicKey).toMatch(/^public\/nominations\//);
    expect(await storage.get(published!.publicKey!)).not.toBeNull();
    const [row] = await db.select().from(nominations).where(eq(nominations.id, id));
    expect(row).toMatchObject({ consentMethod: 'phone', consentObtainedBy: '陈审核', consentRecordedBy: office.id });
  });

  it('keeps the original story and audits every edit when the office redacts it', async () => {
    const db = database.db;
    const submitted = await submitNomination(db, storage, nominator, { ...input('钱师傅'), story: story('钱师傅住在幸福路12号3单元') });
    if (!submitted.ok) throw new Error('submission failed');
    const id = submitted.nomination.id;
    const original = story('钱师傅住在幸福路12号3单元');
    const redacted = original.replace('幸福路12号3单元', '幸福社区');
    expect(await editStory(db, office, id, { text: redacted, note: '隐去门牌号' })).toEqual({ ok: true });
    expect(await editStory(db, office, id, { text: `${redacted}（已核实）`, note: '' })).toEqual({ ok: true });
    const [row] = await db.select().from(nominations).where(eq(nominations.id, id));
    expect(row!.story).toBe(original);
    expect(row!.publishedStory).toBe(`${redacted}（已核实）`);
    const edits = await db.select().from(nominationStoryEdits).where(eq(nominationStoryEdits.nominationId, id)).orderBy(nominationStoryEdits.id);
    expect(edits.map((e) => [e.before, e.after, e.editedBy])).toEqual([
      [original, redacted, office.id],
      [redacted, `${redacted}（已核实）`, office.id],
    ]);
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'nomination.story.edit'), eq(auditLog.targetId, String(id))));
    expect(audits).toHaveLength(2);
    expect(audits[0]!.summary).toMatchObject({ before: { publishedStory: original }, after: { publishedStory: redacted, note: '隐去门牌号' } });
    expect(can(nominator, 'nominations.review')).toBe(false);
  });

  it('lets only the office review and only the nominator edit, each from the right status', async () => {
    const db = database.db;
    const roundId = await createRoundRow(db, start, { title: '权限' });
    const submitted = await submitNomination(db, storage, nominator, input('孙大爷'));
    if (!submitted.ok) throw new Error('submission failed');
    const id = submitted.nomination.id;
    expect(can(nominator, 'nominations.review')).toBe(false);
    expect(await resubmitNomination(db, storage, nominator, id, input('孙大爷'))).toMatchObject({ ok: false, code: 'forbidden' });
    const other = await createAccount(db, 'resident');
    await requestInfo(db, office, id, '请补充');
    expect(await resubmitNomination(db, storage, other, id, input('孙大爷'))).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await recordConsent(db, storage, office, id, { method: 'phone', obtainedBy: '陈', obtainedAt: new Date('2026-01-02T00:00:00Z') })).toMatchObject({
      ok: false,
      code: 'conflict',
    });
    expect(await rejectNomination(db, office, id, '')).toMatchObject({ ok: false, fields: { reason: 'form.required' } });
    expect(await rejectNomination(db, office, id, '事迹无法核实')).toMatchObject({ ok: true, status: 'rejected' });
    expect(await acceptNomination(db, office, id, roundId)).toMatchObject({ ok: false, code: 'conflict' });
  });

  it('refuses a nomination with a short story, no community or a bad photo, naming each field', async () => {
    const result = await submitNomination(database.db, storage, nominator, { ...input(''), communityId: 999999, story: '太短' }, [
      { name: 'notes.txt', bytes: new TextEncoder().encode('hello') },
    ]);
    expect(result).toMatchObject({
      ok: false,
      fields: { nomineeName: 'nominations.nomineeName.required', communityId: 'nominations.community.required', story: 'nominations.story.length' },
    });
    const photo = await submitNomination(database.db, storage, nominator, input('周阿姨'), [{ name: 'notes.txt', bytes: new TextEncoder().encode('hello') }]);
    expect(photo).toMatchObject({ ok: false, fields: { photos: 'photo.error.type' }, params: { name: 'notes.txt' } });
  });

  it('refuses ballots outside the voting window, from unverified phones, beyond the picks, and a second time', async () => {
    const db = database.db;
    const roundId = await createRoundRow(db, start, { picks: 2, title: '投票窗口' });
    const ids: number[] = [];
    for (const name of ['甲', '乙', '丙']) {
      const s = await submitNomination(db, storage, nominator, input(`候选${name}`));
      if (!s.ok) throw new Error('submission failed');
      await acceptNomination(db, office, s.nomination.id, roundId, undefined, dayOf(start, 0));
      await recordConsent(db, storage, office, s.nomination.id, { method: 'written', obtainedBy: '陈', obtainedAt: dayOf(start, 0) }, undefined, dayOf(start, 1));
      ids.push(s.nomination.id);
    }
    const ballot = { roundId, nominationIds: [ids[0]!], ip: '10.0.0.9' };
    expect(await castBallot(db, voter, ballot, dayOf(start, 1))).toMatchObject({ ok: false, code: 'voting_closed', message: 'nominations.vote.closed' });
    expect(await castBallot(db, voter, ballot, dayOf(start, 3))).toMatchObject({ ok: false, code: 'voting_closed' });
    const unverified = await createAccount(db, 'resident', { verified: false });
    expect(await castBallot(db, unverified, ballot, dayOf(start, 2))).toMatchObject({ ok: false, code: 'phone_unverified', message: 'nominations.vote.phoneUnverified' });
    expect(await castBallot(db, voter, { ...ballot, nominationIds: ids }, dayOf(start, 2))).toMatchObject({ ok: false, code: 'invalid', params: { picks: 2 } });
    expect(await castBallot(db, voter, { ...ballot, nominationIds: [] }, dayOf(start, 2))).toMatchObject({ ok: false, code: 'invalid' });
    expect(await castBallot(db, voter, { ...ballot, nominationIds: [ids[0]!, ids[1]!] }, dayOf(start, 2))).toMatchObject({ ok: true });
    expect(await castBallot(db, voter, { ...ballot, nominationIds: [ids[2]!] }, dayOf(start, 2))).toMatchObject({ ok: false, code: 'already_voted' });
    // The office closing voting early is the clock's business too: afterwards the same ballot is refused.
    const late = await createAccount(db, 'resident');
    expect(await closeStageEarly(db, office, roundId, undefined, dayOf(start, 2, 13))).toMatchObject({ ok: true, closed: 'voting' });
    expect(await castBallot(db, late, { ...ballot, nominationIds: [ids[2]!] }, dayOf(start, 2, 14))).toMatchObject({ ok: false, code: 'voting_closed' });
  });

  it('takes a candidate off the notice when an objection is upheld and records the outcome', async () => {
    const db = database.db;
    const roundId = await createRoundRow(db, start, { title: '异议' });
    const s = await submitNomination(db, storage, nominator, input('吴某'));
    if (!s.ok) throw new Error('submission failed');
    await acceptNomination(db, office, s.nomination.id, roundId, undefined, dayOf(start, 0));
    await recordConsent(db, storage, office, s.nomination.id, { method: 'written', obtainedBy: '陈', obtainedAt: dayOf(start, 0) }, undefined, dayOf(start, 1));
    expect(await fileObjection(db, voter, { roundId, nominationId: s.nomination.id, name: '', contact: '', reason: '太短' }, dayOf(start, 4))).toMatchObject({ ok: false });
    await shortlistCandidates(db, office, roundId, [s.nomination.id], undefined, dayOf(start, 3));
    expect(await fileObjection(db, voter, { roundId, nominationId: s.nomination.id, name: '', contact: '1', reason: '早就超过了公示期的异议' }, dayOf(start, 5))).toMatchObject({
      ok: false,
      code: 'notice_closed',
    });
    const objection = await fileObjection(
      db,
      voter,
      { roundId, nominationId: s.nomination.id, name: '张三', contact: '13900003333', reason: '此人曾因不文明行为被通报' },
      dayOf(start, 4),
    );
    if (!objection.ok) throw new Error('objection refused');
    expect(await resolveObjection(db, office, objection.objection.id, { outcome: 'upheld', note: '经核实属实，取消推荐' }, undefined, dayOf(start, 4))).toEqual({ ok: true });
    const [row] = await db.select({ status: nominations.status }).from(nominations).where(eq(nominations.id, s.nomination.id));
    expect(row!.status).toBe('not_selected');
    const [told] = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, voter.id), eq(notifications.kind, 'objection.resolve')));
    expect(told!.messageKey).toBe('nominations.notice.objection.upheld');
    expect(await announceRound(db, office, roundId, '', undefined, dayOf(start, 5))).toMatchObject({ ok: true, honoured: 0 });
  });
});
