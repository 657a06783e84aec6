/**
 * Updates on reports, flags that hide abuse, reporter points (issue 21), on the driver of the run:
 * a "fixed" mark reaches the office and changes nothing by itself; three flags from accounts older
 * than a day hide an item everywhere the public reads, a moderator restores it and the hide is
 * audited; caps and the new-account rule hold under concurrent events; revoked points leave the
 * leaderboard.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { auditLog, contentFlags, nominationObjections, nominations, notifications, pointAwards, reportDevices, reports, reportUpdates, settings, users } from '../../db/schema';
import { getPublicNomination, getRound, honourRoll, listCandidates } from '../../src/lib/server/nominations';
import { createRoundRow } from '../nominations/fixtures';
import { exportPersonalData } from '../../src/lib/server/privacy/export';
import {
  addUpdate,
  appealHide,
  award,
  flagItem,
  flagPausedUntil,
  flagQueue,
  heldAwards,
  leaderboard,
  listUpdates,
  moderateUpdate,
  moderationQueue,
  myHiddenItems,
  myPoints,
  pointsCsv,
  releaseAward,
  reviewItem,
  revokeAward,
  setLeaderboardName,
} from '../../src/lib/server/community';
import { deviceKey } from '../../src/lib/server/http/device';
import { runRetention } from '../../src/lib/server/privacy/retention';
import { eraseAccount } from '../../src/lib/server/privacy/close';
import { getReport, listReports, mapClusters, mergeReports, open311Requests, submitReport, transitionReport } from '../../src/lib/server/reports';
import { reportsFeed } from '../../src/lib/server/feeds';
import { publicReportsGeoJson } from '../../src/lib/server/opendata/files';
import type { Actor } from '../../src/lib/server/auth/permissions';
import type { LocalDiskStorage } from '../../src/lib/server/storage';
import { createTestDatabase, testDriver } from '../support/db';
import { type Cast, photo, prepareReportsWithPoint } from '../reports/fixtures';

describe(`updates, flags and points on ${testDriver}`, () => {
  let database: Database;
  let cast: Cast;
  let storage: LocalDiskStorage;
  let sanitation: number;
  let point: { lat: number; lng: number };
  let seq = 0;
  const DAY = 86_400_000;

  beforeAll(async () => {
    database = await createTestDatabase();
    ({ cast, storage, sanitation, point } = await prepareReportsWithPoint(database.db));
    // The cast are established accounts (a month old); tests make new ones where age matters.
    await database.db.update(users).set({ createdAt: new Date(Date.now() - 30 * DAY) });
  }, 120_000);
  afterAll(async () => database?.close());

  async function person(name: string, ageDays: number): Promise<Actor> {
    const [row] = await database.db
      .insert(users)
      .values({ username: `${name}-${++seq}`, displayName: name, passwordHash: 'x', role: 'resident', createdAt: new Date(Date.now() - ageDays * DAY) })
      .returning({ id: users.id, role: users.role, departmentId: users.departmentId, gridCellId: users.gridCellId });
    return row!;
  }

  async function newReport(by: Actor = cast.resident, at = point, device?: string): Promise<number> {
    const result = await submitReport(
      database.db,
      storage,
      { actor: by, source: 'web', device: device ? deviceKey(device) : null },
      { ...at, categoryCode: 'litter', description: `垃圾堆放第${++seq}处，电话 13912345678`, photos: [await photo()], confirmed: true },
    );
    if (!result.ok) throw new Error(JSON.stringify(result));
    return result.report.id;
  }

  async function move(id: number, to: 'accepted' | 'assigned' | 'in_progress' | 'rectified' | 'closed' | 'rejected', who: Actor) {
    const [row] = await database.db.select({ version: reports.version }).from(reports).where(eq(reports.id, id));
    const result = await transitionReport(database.db, storage, who, id, {
      to,
      version: row!.version,
      note: '处理说明',
      departmentId: sanitation,
      afterPhotos: to === 'rectified' ? [await photo('green')] : [],
    });
    if (!result.ok) throw new Error(`${to}: ${JSON.stringify(result)}`);
  }

  async function acceptedReport(by: Actor = cast.resident): Promise<number> {
    const id = await newReport(by);
    await move(id, 'accepted', cast.moderator);
    return id;
  }

  describe('updates', () => {
    it('masks numbers for the public, keeps a "fixed" mark for the office and never changes the report', async () => {
      const id = await acceptedReport();
      await move(id, 'assigned', cast.moderator);
      const before = (await database.db.select().from(reports).where(eq(reports.id, id)))[0]!;
      const added = await addUpdate(database.db, storage, cast.resident, id, { text: '已经清理了，联系 13912345678', mark: 'fixed', photo: await photo('blue') });
      expect(added).toMatchObject({ ok: true, update: { status: 'visible' } });
      const after = (await database.db.select().from(reports).where(eq(reports.id, id)))[0]!;
      expect(after.status).toBe('assigned');
      expect(after.version).toBe(before.version);
      const publicView = await listUpdates(database.db, null, id);
      expect(publicView).toHaveLength(1);
      expect(publicView[0]!.text).toContain('139****5678');
      expect(publicView[0]!.text).not.toContain('13912345678');
      expect(publicView[0]!.photo?.url).toMatch(/^\/media\//);
      expect((await listUpdates(database.db, cast.resident, id))[0]!.text).toContain('13912345678');
      // The office hears of it and sees it in its queue.
      const notices = await database.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, cast.moderator.id), eq(notifications.kind, 'update.fixed')));
      expect(notices.length).toBeGreaterThan(0);
      const queue = await moderationQueue(database.db);
      expect(queue.marks.some((m) => m.reportId === id && m.mark === 'fixed' && m.byReporter)).toBe(true);
    });

    it('lets only the reporter and followers mark, and refuses reports not in public view', async () => {
      const id = await acceptedReport();
      const stranger = await person('stranger', 30);
      expect(await addUpdate(database.db, storage, stranger, id, { text: '还在', mark: 'still_there' })).toMatchObject({ ok: false, code: 'mark_not_allowed' });
      expect(await addUpdate(database.db, storage, stranger, id, { text: '我也看到了' })).toMatchObject({ ok: true });
      const hidden = await newReport();
      expect(await addUpdate(database.db, storage, stranger, hidden, { text: '看不到的' })).toMatchObject({ ok: false, code: 'not_found' });
    });

    it("holds a new account's first update for a moderator, then shows later ones at once; a hide is audited and told", async () => {
      const id = await acceptedReport();
      const newcomer = await person('newcomer', 0);
      const first = await addUpdate(database.db, storage, newcomer, id, { text: '第一次更新' });
      expect(first).toMatchObject({ ok: true, update: { status: 'pending' } });
      if (!first.ok) return;
      expect(await listUpdates(database.db, null, id)).toHaveLength(0);
      expect(await listUpdates(database.db, newcomer, id)).toHaveLength(1);
      expect(await moderateUpdate(database.db, cast.resident, first.update.id, 'approve', undefined)).toMatchObject({ ok: false, code: 'forbidden' });
      expect(await moderateUpdate(database.db, cast.moderator, first.update.id, 'approve', undefined)).toMatchObject({ ok: true, status: 'visible' });
      const second = await addUpdate(database.db, storage, newcomer, id, { text: '第二次更新' });
      expect(second).toMatchObject({ ok: true, update: { status: 'visible' } });
      if (!second.ok) return;
      expect(await moderateUpdate(database.db, cast.moderator, second.update.id, 'hide', '')).toMatchObject({ ok: false, code: 'reason_required' });
      expect(await moderateUpdate(database.db, cast.moderator, second.update.id, 'hide', '广告')).toMatchObject({ ok: true, status: 'hidden' });
      expect((await listUpdates(database.db, null, id)).map((u) => u.id)).toEqual([first.update.id]);
      const [audit] = await database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'update.hide'), eq(auditLog.targetId, String(second.update.id))));
      expect(audit?.summary.after).toMatchObject({ status: 'hidden', reason: '广告' });
      const told = await database.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, newcomer.id), eq(notifications.kind, 'update.hidden')));
      expect(told).toHaveLength(1);
    });
    it("holds every one of a new account's simultaneous first updates (none skips moderation)", async () => {
      const id = await acceptedReport();
      const newcomer = await person('eager', 0);
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => addUpdate(database.db, storage, newcomer, id, { text: `同时提交的第${i}条更新` })));
      expect(results.every((r) => r.ok)).toBe(true);
      const rows = await database.db.select({ status: reportUpdates.status }).from(reportUpdates).where(eq(reportUpdates.authorId, newcomer.id));
      expect(rows.map((r) => r.status)).toEqual(rows.map(() => 'pending'));
      expect(rows).toHaveLength(6);
      expect(await listUpdates(database.db, null, id)).toHaveLength(0);
    });
  });

  describe('flags', () => {
    it('hides a report after three flags from accounts older than a day, everywhere the public reads; a moderator restores it, audited', async () => {
      const id = await acceptedReport();
      const young = await person('young', 0);
      const [a, b, c] = [await person('a', 5), await person('b', 5), await person('c', 5)];
      expect(await flagItem(database.db, young, { targetType: 'report', targetId: id, reason: 'abuse' })).toMatchObject({ ok: true, hidden: false });
      expect(await flagItem(database.db, a, { targetType: 'report', targetId: id, reason: 'personal_info' })).toMatchObject({ ok: true, hidden: false });
      expect(await flagItem(database.db, a, { targetType: 'report', targetId: id, reason: 'abuse' })).toMatchObject({ ok: false, code: 'already_flagged' });
      expect(await flagItem(database.db, cast.resident, { targetType: 'report', targetId: id, reason: 'abuse' })).toMatchObject({ ok: false, code: 'own_content' });
      // The last two flags arrive together: the item is hidden once.
      const [rb, rc] = await Promise.all([
        flagItem(database.db, b, { targetType: 'report', targetId: id, reason: 'personal_info' }),
        flagItem(database.db, c, { targetType: 'report', targetId: id, reason: 'personal_info' }),
      ]);
      expect([rb, rc].every((r) => r.ok)).toBe(true);
      expect([rb, rc].filter((r) => r.ok && r.hidden)).toHaveLength(1);

      // Nothing public shows it: the page and API read, the list, the feed, Open311, open data, the map's markers.
      expect(await getReport(database.db, null, id)).toBeNull();
      expect(await getReport(database.db, b, id)).toBeNull();
      expect(await getReport(database.db, cast.resident, id)).not.toBeNull();
      expect(await getReport(database.db, cast.moderator, id)).not.toBeNull();
      expect((await listReports(database.db, {})).reports.map((r) => r.id)).not.toContain(id);
      const feed = await reportsFeed(database.db, {});
      expect(feed.ok && feed.body.includes(`reports/${id}`)).toBe(false);
      const t = (key: string) => key;
      expect((await open311Requests(database.db, { ids: [id] }, { t, locale: 'zh-CN', origin: 'http://localhost' })).length).toBe(0);
      expect((await open311Requests(database.db, {}, { t, locale: 'zh-CN', origin: 'http://localhost' })).map((r) => r.service_request_id)).not.toContain(String(id));
      const geo = await publicReportsGeoJson(database.db, {});
      expect(JSON.stringify(geo)).not.toContain(`"id":${id},`);
      const around = { west: point.lng - 0.001, south: point.lat - 0.001, east: point.lng + 0.001, north: point.lat + 0.001 };
      const map = await mapClusters(database.db, { bbox: around, zoom: 18 });
      expect(map.reports.map((r) => r.id)).not.toContain(id);

      // The author is told and sees why; may ask for a review once.
      expect(
        await database.db
          .select()
          .from(notifications)
          .where(and(eq(notifications.userId, cast.resident.id), eq(notifications.kind, 'flag.hidden'))),
      ).toHaveLength(1);
      const mine = await myHiddenItems(database.db, cast.resident.id);
      expect(mine.find((item) => item.targetId === id)).toMatchObject({ state: 'hidden', reason: 'personal_info', mayAppeal: true });
      expect(await appealHide(database.db, cast.resident, { targetType: 'report', targetId: id, note: '没有个人信息' })).toMatchObject({ ok: true });
      expect(await appealHide(database.db, cast.resident, { targetType: 'report', targetId: id })).toMatchObject({ ok: false, code: 'already_appealed' });

      const queue = await flagQueue(database.db);
      expect(queue.find((item) => item.targetType === 'report' && item.targetId === id)).toMatchObject({ state: 'hidden', openFlags: 4 });
      expect(await reviewItem(database.db, cast.resident, { targetType: 'report', targetId: id, decision: 'restore', reason: '无' })).toMatchObject({
        ok: false,
        code: 'forbidden',
      });
      expect(await reviewItem(database.db, cast.moderator, { targetType: 'report', targetId: id, decision: 'restore', reason: '未发现个人信息' })).toMatchObject({
        ok: true,
        state: 'restored',
      });
      expect(await getReport(database.db, null, id)).not.toBeNull();
      const audits = await database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.targetType, 'report'), eq(auditLog.targetId, String(id)), inArray(auditLog.action, ['flag.autoHide', 'flag.restore'])));
      expect(audits.map((a) => a.action).sort()).toEqual(['flag.autoHide', 'flag.restore']);
      // Every flagger is told the outcome.
      const told = await database.db.select({ userId: notifications.userId }).from(notifications).where(eq(notifications.kind, 'flag.outcome'));
      for (const flagger of [young, a, b, c]) expect(told.map((n) => n.userId)).toContain(flagger.id);
    });

    it('pauses repeat false flaggers', async () => {
      const flagger = await person('false-flagger', 10);
      for (let i = 0; i < 3; i++) {
        const id = await acceptedReport();
        expect(await flagItem(database.db, flagger, { targetType: 'report', targetId: id, reason: 'false' })).toMatchObject({ ok: true });
        expect(await reviewItem(database.db, cast.moderator, { targetType: 'report', targetId: id, decision: 'restore', reason: '举报不实' })).toMatchObject({ ok: true });
      }
      expect(await flagPausedUntil(database.db, flagger.id)).not.toBeNull();
      const next = await acceptedReport();
      expect(await flagItem(database.db, flagger, { targetType: 'report', targetId: next, reason: 'false' })).toMatchObject({ ok: false, code: 'paused' });
      const dismissed = await database.db
        .select()
        .from(contentFlags)
        .where(and(eq(contentFlags.userId, flagger.id), eq(contentFlags.status, 'dismissed')));
      expect(dismissed).toHaveLength(3);
    });

    it('removes a flagged update from the report for good', async () => {
      const id = await acceptedReport();
      const added = await addUpdate(database.db, storage, cast.neighbour, id, { text: '加我微信买东西' });
      if (!added.ok) throw new Error('update');
      for (const flagger of [await person('f1', 3), await person('f2', 3), await person('f3', 3)]) {
        await flagItem(database.db, flagger, { targetType: 'update', targetId: added.update.id, reason: 'advertising' });
      }
      expect(await listUpdates(database.db, null, id)).toHaveLength(0);
      expect(await reviewItem(database.db, cast.moderator, { targetType: 'update', targetId: added.update.id, decision: 'remove', reason: '广告' })).toMatchObject({
        ok: true,
        state: 'removed',
      });
      expect(await listUpdates(database.db, null, id)).toHaveLength(0);
      const [row] = await database.db.select().from(reportUpdates).where(eq(reportUpdates.id, added.update.id));
      expect(row).toBeDefined();
    });
  });

  it('hides a nomination story after three flags from the public nomination page', async () => {
    const roundId = await createRoundRow(database.db, new Date(Date.now() - 30 * DAY));
    const [community] = await database.db.select({ id: reports.communityId }).from(reports).limit(1);
    const [nomination] = await database.db
      .insert(nominations)
      .values({
        nomineeName: '张好人',
        communityId: community!.id!,
        category: 'helping',
        story: '多年照顾孤寡老人，电话 13912345678',
        nominatorId: cast.neighbour.id,
        nominatorContact: '13800000000',
        status: 'published',
        roundId,
        consentRecordedAt: new Date(),
      })
      .returning({ id: nominations.id });
    const id = nomination!.id;
    expect(await getPublicNomination(database.db, id)).not.toBeNull();
    for (const flagger of [await person('n1', 3), await person('n2', 3), await person('n3', 3)]) {
      expect(await flagItem(database.db, flagger, { targetType: 'nomination', targetId: id, reason: 'false' })).toMatchObject({ ok: true });
    }
    expect(await getPublicNomination(database.db, id)).toBeNull();
    expect((await honourRoll(database.db, {})).people.map((p) => p.id)).not.toContain(id);
    // Out of the public candidates, but still on the office's list (its shortlist form saves the whole list).
    const round = (await getRound(database.db, roundId))!;
    expect((await listCandidates(database.db, round)).map((c) => c.id)).not.toContain(id);
    expect((await listCandidates(database.db, round, undefined, { withHidden: true })).map((c) => c.id)).toContain(id);
    expect(await reviewItem(database.db, cast.moderator, { targetType: 'nomination', targetId: id, decision: 'restore', reason: '经核实属实' })).toMatchObject({ ok: true });
    expect(await getPublicNomination(database.db, id)).not.toBeNull();
  });

  it("shows every flaggable type in the moderators' queue with its context, and restores or removes each", async () => {
    const roundId = await createRoundRow(database.db, new Date(Date.now() - 30 * DAY));
    const [community] = await database.db.select({ id: reports.communityId }).from(reports).limit(1);
    const [nomination] = await database.db
      .insert(nominations)
      .values({
        nomineeName: '李热心',
        communityId: community!.id!,
        category: 'helping',
        story: '常年义务打扫楼道',
        nominatorId: cast.neighbour.id,
        nominatorContact: '13800000000',
        status: 'published',
        roundId,
        consentRecordedAt: new Date(),
      })
      .returning({ id: nominations.id });
    const objector = await person('objector', 30);
    const [objection] = await database.db
      .insert(nominationObjections)
      .values({ roundId, nominationId: nomination!.id, userId: objector.id, objectorContact: '13700000000', reason: '此人曾经骂人，电话 13912345678，请核实' })
      .returning({ id: nominationObjections.id });
    const reportId = await acceptedReport();
    const added = await addUpdate(database.db, storage, cast.neighbour, reportId, { text: '这是一条被举报的更新' });
    if (!added.ok) throw new Error('update');
    const items = [
      { targetType: 'report' as const, targetId: reportId },
      { targetType: 'update' as const, targetId: added.update.id },
      { targetType: 'nomination' as const, targetId: nomination!.id },
      { targetType: 'objection' as const, targetId: objection!.id },
    ];
    const flaggers = [await person('q1', 3), await person('q2', 3), await person('q3', 3)];
    for (const item of items) {
      for (const flagger of flaggers) expect(await flagItem(database.db, flagger, { ...item, reason: 'abuse' })).toMatchObject({ ok: true });
    }
    const queue = await flagQueue(database.db);
    const find = (item: (typeof items)[number]) => queue.find((q) => q.targetType === item.targetType && q.targetId === item.targetId);
    expect(find(items[0]!)).toMatchObject({ state: 'hidden', openFlags: 3, reasons: { abuse: 3 }, context: { reportId, category: 'litter', status: 'accepted' } });
    expect(find(items[1]!)).toMatchObject({ state: 'hidden', context: { reportId } });
    expect(find(items[2]!)).toMatchObject({ state: 'hidden', context: { nominee: '李热心', status: 'published' }, link: `/staff/nominations/${nomination!.id}` });
    expect(find(items[3]!)).toMatchObject({ state: 'hidden', context: { nominee: '李热心', status: 'open' }, link: `/staff/rounds/${roundId}#objection-${objection!.id}` });
    // The queue's excerpt is masked like public text.
    expect(find(items[3]!)!.excerpt).toContain('139****5678');
    // Restore two, remove two: each leaves the queue with its state, audited.
    const decisions = ['restore', 'remove', 'restore', 'remove'] as const;
    for (const [i, item] of items.entries()) {
      expect(await reviewItem(database.db, cast.moderator, { ...item, decision: decisions[i]!, reason: '已核实' })).toMatchObject({
        ok: true,
        state: decisions[i] === 'restore' ? 'restored' : 'removed',
      });
    }
    const after = await flagQueue(database.db);
    for (const item of items) expect(after.find((q) => q.targetType === item.targetType && q.targetId === item.targetId)).toBeUndefined();
    for (const [i, item] of items.entries()) {
      const [audit] = await database.db
        .select()
        .from(auditLog)
        .where(
          and(
            eq(auditLog.targetType, item.targetType),
            eq(auditLog.targetId, String(item.targetId)),
            eq(auditLog.action, decisions[i] === 'restore' ? 'flag.restore' : 'flag.remove'),
          ),
        );
      expect(audit).toBeDefined();
    }
    expect(await getReport(database.db, null, reportId)).not.toBeNull();
    expect(await listUpdates(database.db, null, reportId)).toHaveLength(0);
    expect(await getPublicNomination(database.db, nomination!.id)).not.toBeNull();
    // The removed objection's author is told, and may ask for a review once.
    expect((await myHiddenItems(database.db, objector.id)).map((item) => [item.targetType, item.targetId, item.state])).toEqual([['objection', objection!.id, 'removed']]);
  });

  describe('points', () => {
    it('pays on acceptance and verification, none to a reporter who handles it, and revokes on rejection', async () => {
      const reporter = await person('reporter', 30);
      const id = await acceptedReport(reporter);
      await move(id, 'assigned', cast.moderator);
      await move(id, 'in_progress', cast.staff);
      await move(id, 'rectified', cast.staff);
      await move(id, 'closed', cast.moderator);
      const { total, history } = await myPoints(database.db, reporter.id);
      expect(history.map((h) => h.event).sort()).toEqual(['report_accepted', 'report_verified']);
      expect(total).toBe(10);
      // The office accepting its own report earns nothing.
      const own = await newReport(cast.moderator);
      await move(own, 'accepted', cast.moderator);
      expect((await myPoints(database.db, cast.moderator.id)).history).toHaveLength(0);
      // Nothing for a rejected report; points of an accepted one later rejected are revoked.
      const rejected = await newReport(reporter);
      await move(rejected, 'rejected', cast.moderator);
      const later = await acceptedReport(reporter);
      await move(later, 'rejected', cast.moderator);
      const after = await myPoints(database.db, reporter.id);
      expect(after.history.filter((h) => h.sourceKey === `report:${later}`).every((h) => h.status === 'revoked')).toBe(true);
      expect(after.total).toBe(10);
      // A duplicate merged into another report after acceptance: its points are revoked too.
      const duplicate = await acceptedReport(reporter);
      expect((await myPoints(database.db, reporter.id)).total).toBeGreaterThan(10);
      const [row] = await database.db.select({ version: reports.version }).from(reports).where(eq(reports.id, duplicate));
      expect(await mergeReports(database.db, cast.moderator, duplicate, id, row!.version)).toMatchObject({ ok: true });
      const merged = await myPoints(database.db, reporter.id);
      expect(merged.history.filter((h) => h.sourceKey === `report:${duplicate}`).every((h) => h.status === 'revoked')).toBe(true);
      expect(merged.total).toBe(10);
    });

    it('holds the daily cap under concurrent events', async () => {
      await database.db
        .insert(settings)
        .values({ key: 'points.dailyCap', value: 12 })
        .onConflictDoUpdate({ target: settings.key, set: { value: 12 } });
      const busy = await person('busy', 30);
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => database.db.transaction((tx) => award(tx, { userId: busy.id, event: 'report_accepted', sourceKey: `report:9${i}000` }))),
      );
      expect(results.filter(Boolean)).toHaveLength(8);
      const { total, history } = await myPoints(database.db, busy.id);
      expect(total).toBe(12);
      expect(history.filter((h) => h.points > 0)).toHaveLength(3);
      expect(history.filter((h) => h.note === 'capped')).toHaveLength(6);
      await database.db.delete(settings).where(eq(settings.key, 'points.dailyCap'));
    });

    it('holds the daily cap when the office accepts many reports of one person at once', async () => {
      await database.db
        .insert(settings)
        .values({ key: 'points.dailyCap', value: 12 })
        .onConflictDoUpdate({ target: settings.key, set: { value: 12 } });
      const keen = await person('keen', 30);
      const ids: number[] = [];
      for (let i = 0; i < 6; i++) ids.push(await newReport(keen, { lat: point.lat + 0.0003 * i, lng: point.lng + 0.0002 }));
      await Promise.all(ids.map((id) => move(id, 'accepted', cast.moderator)));
      const { total, history } = await myPoints(database.db, keen.id);
      expect(total).toBe(12);
      expect(history.filter((h) => h.event === 'report_accepted')).toHaveLength(6);
      await database.db.delete(settings).where(eq(settings.key, 'points.dailyCap'));
    });

    it('pays a new account nothing for filing, even many reports at once, and only once each is accepted', async () => {
      const fresh = await person('fresh', 0);
      const far = { lat: point.lat + 0.0004, lng: point.lng - 0.0004 };
      const ids = await Promise.all([0, 1, 2].map(() => newReport(fresh, far)));
      expect((await myPoints(database.db, fresh.id)).history).toHaveLength(0);
      await move(ids[0]!, 'accepted', cast.moderator);
      const after = await myPoints(database.db, fresh.id);
      expect(after.history.map((h) => h.sourceKey)).toEqual(after.history.map(() => `report:${ids[0]}`));
      expect(after.history.length).toBeGreaterThan(0);
    });

    it('holds a cluster of new accounts in one cell for review instead of paying', async () => {
      const newcomers = await Promise.all(Array.from({ length: 5 }, (_, i) => person(`cluster${i}`, 1)));
      const ids: number[] = [];
      for (const who of newcomers) ids.push(await newReport(who, { lat: point.lat + 0.0002 * ids.length, lng: point.lng }));
      for (const id of ids) await move(id, 'accepted', cast.moderator);
      const held = await database.db
        .select()
        .from(pointAwards)
        .where(
          inArray(
            pointAwards.userId,
            newcomers.map((n) => n.id),
          ),
        );
      expect(held.length).toBeGreaterThan(0);
      expect(held.every((row) => row.status === 'review')).toBe(true);
      expect((await myPoints(database.db, newcomers[0]!.id)).total).toBe(0);
    });

    it('holds the reports of several accounts on one device for review instead of paying, audited; one person on their own phone is paid', async () => {
      // Established accounts (the new-account rules do not apply): three share one phone, four reports in an hour.
      const sharers = await Promise.all([0, 1, 2].map((i) => person(`sharer${i}`, 60)));
      const phone = `shared-phone-${seq}-0123456789`;
      const ids: number[] = [];
      for (const [i, who] of [...sharers, sharers[0]!].entries()) ids.push(await newReport(who, { lat: point.lat - 0.0005, lng: point.lng + 0.0003 * i }, phone));
      // The hash is stored, never the value.
      const stored = await database.db.select().from(reportDevices).where(inArray(reportDevices.reportId, ids));
      expect(stored).toHaveLength(4);
      expect(stored.every((row) => row.deviceHash === deviceKey(phone) && !row.deviceHash.includes(phone))).toBe(true);
      for (const id of ids) await move(id, 'accepted', cast.moderator);
      const awards = await database.db
        .select()
        .from(pointAwards)
        .where(
          inArray(
            pointAwards.userId,
            sharers.map((p) => p.id),
          ),
        );
      expect(awards.length).toBeGreaterThanOrEqual(4);
      expect(awards.every((a) => a.status === 'review' && a.note === 'cluster:device')).toBe(true);
      for (const who of sharers) expect((await myPoints(database.db, who.id)).total).toBe(0);
      // In the office's queue, with the reason; each hold audited; the office told.
      const held = await heldAwards(database.db);
      expect(held.filter((h) => ids.map((id) => `report:${id}`).includes(h.sourceKey)).every((h) => h.note === 'cluster:device')).toBe(true);
      const audits = await database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'points.hold'), eq(auditLog.targetType, 'report'), inArray(auditLog.targetId, ids.map(String))));
      expect(new Set(audits.map((a) => a.targetId)).size).toBe(4);
      expect(audits[0]!.summary.after).toMatchObject({ status: 'review', rule: 'device', accounts: 3, reports: 4 });
      const told = await database.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, cast.moderator.id), eq(notifications.kind, 'points.review')));
      expect(told.length).toBeGreaterThan(0);
      // A moderator releases one: it counts.
      expect(await releaseAward(database.db, cast.moderator, held.find((h) => h.sourceKey === `report:${ids[1]}` && h.event === 'report_accepted')!.id)).toMatchObject({
        ok: true,
      });
      expect((await myPoints(database.db, sharers[1]!.id)).total).toBeGreaterThan(0);

      // One person, many reports from their own phone: paid (the caps bound them), nothing held.
      const keen = await person('own-phone', 60);
      const own = `own-phone-${seq}-0123456789`;
      const mine: number[] = [];
      for (let i = 0; i < 5; i++) mine.push(await newReport(keen, { lat: point.lat - 0.0008, lng: point.lng + 0.0003 * i }, own));
      for (const id of mine) await move(id, 'accepted', cast.moderator);
      const paid = await database.db.select().from(pointAwards).where(eq(pointAwards.userId, keen.id));
      expect(paid.every((a) => a.status === 'awarded')).toBe(true);
      expect((await myPoints(database.db, keen.id)).total).toBeGreaterThan(0);
    });

    it('keeps the device hash only as long as retention says, lists it in the export and erases it with the account', async () => {
      const who = await person('device-owner', 60);
      const phone = `export-phone-${seq}-0123456789`;
      const id = await newReport(who, { lat: point.lat + 0.0009, lng: point.lng - 0.0009 }, phone);
      const exported = await exportPersonalData(database.db, who.id);
      expect(exported?.reports.find((r) => r.id === id)?.deviceHash).toBe(deviceKey(phone));
      // Retention: gone 30 days (the default) after filing, not before.
      await runRetention(database.db, new Date(Date.now() + 29 * DAY));
      expect(await database.db.select().from(reportDevices).where(eq(reportDevices.reportId, id))).toHaveLength(1);
      const removed = await runRetention(database.db, new Date(Date.now() + 31 * DAY));
      expect(removed.devices).toBeGreaterThan(0);
      expect(await database.db.select().from(reportDevices).where(eq(reportDevices.reportId, id))).toHaveLength(0);
      // Closure: the account's device hashes go at once.
      const closing = await person('device-closer', 60);
      const other = await newReport(closing, { lat: point.lat + 0.0009, lng: point.lng - 0.0012 }, `closing-phone-${seq}-0123456789`);
      await database.db.transaction((tx) => eraseAccount(tx, closing.id, new Date()));
      expect(await database.db.select().from(reportDevices).where(eq(reportDevices.reportId, other))).toHaveLength(0);
    });

    it('ranks the month by community with opt-in names, and a revoked award leaves the leaderboard and the export', async () => {
      const star = await person('star', 40);
      await setLeaderboardName(database.db, star.id, '热心市民王');
      const id = await acceptedReport(star);
      const [row] = await database.db.select({ communityId: reports.communityId }).from(reports).where(eq(reports.id, id));
      const board = await leaderboard(database.db, undefined, row!.communityId!);
      expect(board.find((entry) => entry.userId === star.id)).toMatchObject({ name: '热心市民王' });
      let csv = '';
      for await (const chunk of pointsCsv(database.db, new Date().toISOString().slice(0, 7))) csv += chunk;
      expect(csv).toContain('热心市民王');
      const awards = await database.db.select().from(pointAwards).where(eq(pointAwards.userId, star.id));
      for (const a of awards) expect(await revokeAward(database.db, cast.moderator, a.id, '重复上报')).toMatchObject({ ok: true });
      expect((await leaderboard(database.db, undefined, row!.communityId!)).find((entry) => entry.userId === star.id)).toBeUndefined();
      const [audit] = await database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'points.revoke'), eq(auditLog.targetId, String(awards[0]!.id))));
      expect(audit?.summary.after).toMatchObject({ reason: '重复上报' });
      expect((await myPoints(database.db, star.id)).total).toBe(0);
      // The person's data export lists the points, revoked ones too, and the chosen name.
      const exported = await exportPersonalData(database.db, star.id);
      expect(exported?.points).toMatchObject({ leaderboardName: '热心市民王' });
      expect(exported?.points.awards.every((a) => a.status === 'revoked')).toBe(true);
    });
  });
});
