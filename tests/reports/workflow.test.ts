import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { areas, auditLog, notifications, reportMapCells, reports, reportStreetCells, reportTimeline, type ReportStatus } from '../../db/schema';
import { can } from '../../src/lib/server/permissions';
import {
  findTransition,
  getReport,
  mergeReports,
  rateReport,
  mapClusters,
  rebuildMapCells,
  STREET_ZOOM,
  listMyReports,
  MY_REPORTS_PAGE_SIZE,
  submitReport,
  transitionReport,
  TRANSITIONS,
  type Transition,
} from '../../src/lib/server/reports';
import type { LocalDiskStorage } from '../../src/lib/server/storage';
import { createTestDatabase, testDriver } from '../support/db';
import { type Cast, photo, pointInCell, prepareReports, sanitationId, USUAL_PATH } from './fixtures';
import { cityDay } from '../../src/lib/server/time';

describe(`the report workflow on ${testDriver}`, () => {
  let database: Database;
  let cast: Cast;
  let storage: LocalDiskStorage;
  let cell: { id: number; minLat: number; maxLat: number; minLng: number; maxLng: number };
  let sanitation: number;
  let point: { lat: number; lng: number };
  let seq = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    ({ cell, cast, storage } = await prepareReports(database.db));
    sanitation = await sanitationId(database.db);
    point = (await pointInCell(database.db, cell))!;
  });
  afterAll(async () => database?.close());

  async function newReport(categoryCode = 'litter') {
    const result = await submitReport(
      database.db,
      storage,
      { actor: cast.resident, source: 'web' },
      {
        ...point,
        categoryCode,
        description: `乱扔垃圾的地方，第${++seq}处`,
        photos: [await photo()],
        confirmed: true,
      },
    );
    if (!result.ok) throw new Error(JSON.stringify(result));
    return result.report.id;
  }

  async function version(id: number) {
    return (await database.db.select({ version: reports.version }).from(reports).where(eq(reports.id, id)))[0]!.version;
  }

  /** Drives a new report to the given status along the usual path, as the office and the department. */
  async function reportIn(status: ReportStatus): Promise<number> {
    const id = await newReport();
    for (const [to, who] of USUAL_PATH[status] ?? []) {
      const result = await transitionReport(database.db, storage, cast[who], id, {
        to,
        version: await version(id),
        note: '处理说明',
        departmentId: sanitation,
        afterPhotos: to === 'rectified' ? [await photo('green')] : [],
      });
      if (!result.ok) throw new Error(`${to}: ${JSON.stringify(result)}`);
    }
    if (status === 'disputed') {
      const closed: number = await reportIn('closed');
      const rated = await rateReport(database.db, cast.resident, closed, { rating: 'unsatisfied' });
      if (!rated.ok) throw new Error(JSON.stringify(rated));
      return closed;
    }
    return id;
  }

  const roles: (keyof Cast)[] = ['resident', 'neighbour', 'volunteer', 'moderator', 'admin', 'staff', 'otherStaff', 'grid', 'otherGrid'];
  const parties = (who: keyof Cast): string[] => {
    if (who === 'moderator' || who === 'admin') return ['office'];
    if (who === 'staff') return ['department'];
    if (who === 'grid') return ['grid'];
    if (who === 'resident') return ['reporter'];
    return [];
  };

  for (const transition of TRANSITIONS.filter((t: Transition) => !t.internal)) {
    it(`lets exactly ${transition.by.join(' and ')} move a report from ${transition.from} to ${transition.to}`, async () => {
      const id = await reportIn(transition.from);
      for (const who of roles) {
        const [row] = await database.db.select().from(reports).where(eq(reports.id, id));
        const allowed = can(cast[who], 'report.transition', { report: row!, transition });
        expect(allowed, `${who}`).toBe(transition.by.some((party) => parties(who).includes(party)));
      }
      for (const who of roles.filter((w) => !transition.by.some((party) => parties(w).includes(party)))) {
        const refused = await transitionReport(database.db, storage, cast[who], id, { to: transition.to, version: await version(id), note: '试试', departmentId: sanitation });
        expect(refused, who).toMatchObject({ ok: false, code: 'forbidden' });
      }
      const who = roles.find((w) => transition.by.some((party) => parties(w).includes(party)))!;
      const done = await transitionReport(database.db, storage, cast[who], id, {
        to: transition.to,
        version: await version(id),
        note: '处理说明',
        departmentId: sanitation,
        afterPhotos: transition.needsAfterPhoto ? [await photo('green')] : [],
      });
      expect(done).toMatchObject({ ok: true, report: { status: transition.to } });
      const entries = await database.db.select().from(reportTimeline).where(eq(reportTimeline.reportId, id));
      expect(entries.at(-1)).toMatchObject({ fromStatus: transition.from, toStatus: transition.to, actorId: cast[who].id });
      const audits = await database.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.targetId, String(id)));
      expect(audits.some((entry) => entry.action === `report.${transition.to}`)).toBe(true);
    });
  }

  it('refuses transitions that the table does not list', async () => {
    const id = await reportIn('submitted');
    expect(findTransition('submitted', 'closed')).toBeNull();
    expect(await transitionReport(database.db, storage, cast.admin, id, { to: 'closed', version: await version(id) })).toMatchObject({ ok: false, code: 'invalid_transition' });
  });

  it('needs a reason to reject, and an after photo and a note to rectify', async () => {
    const id = await reportIn('submitted');
    expect(await transitionReport(database.db, storage, cast.moderator, id, { to: 'rejected', version: await version(id), note: ' ' })).toMatchObject({
      ok: false,
      code: 'invalid',
      fields: { note: 'reports.error.noteRequired' },
    });
    const working = await reportIn('in_progress');
    expect(await transitionReport(database.db, storage, cast.staff, working, { to: 'rectified', version: await version(working), note: '已处理' })).toMatchObject({
      ok: false,
      fields: { photos: 'reports.error.afterPhotoRequired' },
    });
  });

  it('lets exactly one of two staff acting at once succeed, and tells the other someone else changed it', async () => {
    const id = await reportIn('submitted');
    const seen = await version(id);
    const results = await Promise.all([
      transitionReport(database.db, storage, cast.moderator, id, { to: 'accepted', version: seen }),
      transitionReport(database.db, storage, cast.admin, id, { to: 'rejected', version: seen, note: '重复' }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, code: 'conflict', message: 'reports.error.conflict' });
    expect(await version(id)).toBe(seen + 1);
  });

  it('assigns with a deadline counted in working days and notifies the reporter and followers', async () => {
    const id = await reportIn('accepted');
    const result = await transitionReport(database.db, storage, cast.moderator, id, { to: 'assigned', version: await version(id), departmentId: sanitation });
    expect(result.ok).toBe(true);
    const [row] = await database.db.select().from(reports).where(eq(reports.id, id));
    expect(row!.departmentId).toBe(sanitation);
    expect(row!.deadline! > cityDay()).toBe(true);
    const notes = await database.db.select().from(notifications).where(eq(notifications.userId, cast.resident.id));
    expect(notes.some((n) => n.messageKey === 'reports.notice.mine.assigned' && n.link === `/reports/${id}`)).toBe(true);
  });

  it('refuses a return (退单) more than one working day after the assignment', async () => {
    const id = await reportIn('assigned');
    const [row] = await database.db.select().from(reports).where(eq(reports.id, id));
    const later = new Date(row!.assignedAt!.getTime() + 6 * 86_400_000);
    expect(await transitionReport(database.db, storage, cast.staff, id, { to: 'returned', version: await version(id), note: '不归我们管' }, null, later)).toMatchObject({
      ok: false,
      code: 'too_late',
    });
  });

  it('lets the reporter rate within 7 days, and sends 不满意 back to the office as disputed', async () => {
    const id = await reportIn('closed');
    expect(await rateReport(database.db, cast.neighbour, id, { rating: 'satisfied' })).toMatchObject({ ok: false, code: 'forbidden' });
    // The window counts from the closing: eight days after it is too late, six days after is within it.
    const { closedAt } = (await database.db.select({ closedAt: reports.closedAt }).from(reports).where(eq(reports.id, id)))[0]!;
    const after = (days: number) => new Date(closedAt!.getTime() + days * 86_400_000);
    expect(await rateReport(database.db, cast.resident, id, { rating: 'satisfied' }, after(8))).toMatchObject({ ok: false, code: 'too_late' });
    expect(await rateReport(database.db, cast.resident, id, { rating: 'unsatisfied', comment: '没扫干净' }, after(6))).toMatchObject({ ok: true, disputed: true });
    expect((await database.db.select().from(reports).where(eq(reports.id, id)))[0]!.status).toBe('disputed');
    expect(await rateReport(database.db, cast.resident, id, { rating: 'satisfied' }, after(6))).toMatchObject({ ok: false });
  });

  it('merges a duplicate: its reporter follows the target, photos move, it points to the target', async () => {
    const target = await reportIn('accepted');
    const duplicate = await submitReport(
      database.db,
      storage,
      { actor: cast.neighbour, source: 'web' },
      { ...point, categoryCode: 'litter', description: '同一堆垃圾又看到了', photos: [await photo()], confirmed: true },
    );
    if (!duplicate.ok) throw new Error('submit failed');
    const merged = await mergeReports(database.db, cast.moderator, duplicate.report.id, target, await version(duplicate.report.id));
    expect(merged).toMatchObject({ ok: true, targetId: target });
    const [row] = await database.db.select().from(reports).where(eq(reports.id, duplicate.report.id));
    expect(row).toMatchObject({ status: 'merged', mergedIntoId: target });
    const view = await getReport(database.db, null, target);
    expect(view!.followerCount).toBe(1);
    expect(view!.photos.filter((p) => p.stage === 'before')).toHaveLength(2);
  });

  it('never shows the reporter or a hotline caller to the public, and masks numbers typed in the text', async () => {
    const result = await submitReport(
      database.db,
      storage,
      { actor: cast.moderator, source: 'hotline', caller: { name: '王先生', phone: '139 1234 5678' } },
      {
        ...point,
        categoryCode: 'litter',
        description: '来电：联系我 13912345678，身份证 430102199001011234',
        photos: [],
        confirmed: true,
      },
    );
    if (!result.ok) throw new Error(JSON.stringify(result));
    const id = result.report.id;
    await transitionReport(database.db, storage, cast.moderator, id, { to: 'accepted', version: await version(id) });
    const publicView = await getReport(database.db, null, id);
    expect(publicView!.description).not.toContain('13912345678');
    expect(publicView!.description).not.toContain('430102199001011234');
    expect(publicView!.private).toBeNull();
    expect(JSON.stringify(publicView)).not.toContain('王先生');
    expect(JSON.stringify(publicView)).not.toContain('reporterId');
    const staffView = await getReport(database.db, cast.moderator, id);
    expect(staffView!.private).toMatchObject({ source: 'hotline', callerName: '王先生', callerPhone: '139****5678' });
    // A hotline report has a caller, not a reporter account.
    expect(staffView!.private!.reporter).toBeNull();
    expect((await getReport(database.db, cast.admin, id))!.private).toMatchObject({ callerPhone: '13912345678' });
    expect(await getReport(database.db, cast.neighbour, await reportIn('submitted'))).toBeNull();
  });

  // Last: after every write above, the map's counts match a recount from the reports.
  it('keeps the map counts (per category and status, and the public street cells) in step with every write', async () => {
    const snapshot = async () => {
      const round = (n: number) => Math.round(n * 1e6) / 1e6;
      const cells = (await database.db.select().from(reportMapCells))
        .filter((row) => row.count !== 0)
        .map((row) => `${row.level}:${row.cx}:${row.cy}:${row.categoryId}:${row.status}=${row.count}@${round(row.sumLat)},${round(row.sumLng)}`)
        .sort();
      const street = (await database.db.select().from(reportStreetCells))
        .filter((row) => row.count !== 0)
        .map((row) => `${row.cell}=${row.count}@${round(row.sumLat)},${round(row.sumLng)}`)
        .sort();
      return { cells, street };
    };
    const kept = await snapshot();
    expect(kept.street.length).toBeGreaterThan(0);
    await rebuildMapCells(database.db);
    expect(kept).toEqual(await snapshot());
  });

  it('answers an unfiltered street view from the street cells, with the same clusters as counting the reports', async () => {
    const around = { west: point.lng - 0.002, south: point.lat - 0.002, east: point.lng + 0.002, north: point.lat + 0.002 };
    const fromCells = await mapClusters(database.db, { bbox: around, zoom: STREET_ZOOM });
    // Every report here sits on one point: one cluster, no lone marker, so the cells answered.
    expect(fromCells.reports).toEqual([]);
    expect(fromCells.clusters).toHaveLength(1);
    // A date filter makes the same view count the reports themselves.
    const counted = await mapClusters(database.db, { bbox: around, zoom: STREET_ZOOM, from: new Date(0) });
    expect(counted.reports).toEqual([]);
    expect(fromCells.clusters[0]!.count).toBe(counted.clusters[0]!.count);
    expect(fromCells.clusters[0]!.lat).toBeCloseTo(counted.clusters[0]!.lat, 9);
    expect(fromCells.clusters[0]!.lng).toBeCloseTo(counted.clusters[0]!.lng, 9);
    // The unfiltered view did read the cells: without them it is empty, until they are recounted.
    await database.db.delete(reportStreetCells);
    expect((await mapClusters(database.db, { bbox: around, zoom: STREET_ZOOM })).clusters).toEqual([]);
    await rebuildMapCells(database.db);
    expect(await mapClusters(database.db, { bbox: around, zoom: STREET_ZOOM })).toEqual(fromCells);
  });

  it("lists the reporter's own reports, newest first, with the category's, department's and areas' names", async () => {
    const first = await newReport('litter');
    const second = await newReport('litter');
    const mine = await listMyReports(database.db, cast.resident.id);
    expect(mine.slice(0, 2).map((r) => r.id)).toEqual([second, first]);
    const [row] = await database.db.select({ districtZh: areas.nameZh }).from(reports).innerJoin(areas, eq(areas.id, reports.districtId)).where(eq(reports.id, first));
    const listed = mine.find((r) => r.id === first)!;
    expect(listed.category).toMatchObject({ code: 'litter' });
    expect(listed.category.nameZh).toBeTruthy();
    expect(listed.district?.nameZh).toBe(row!.districtZh);
    expect(listed.community?.nameZh).toBeTruthy();
  });

  it("pages the reporter's own reports, MY_REPORTS_PAGE_SIZE a page with one more row when a next page exists", async () => {
    const own = async () => (await database.db.select({ id: reports.id }).from(reports).where(eq(reports.reporterId, cast.resident.id))).length;
    while ((await own()) <= MY_REPORTS_PAGE_SIZE) await newReport();
    const total = await own();
    const pages: number[][] = [];
    for (let page = 1; pages.length === 0 || pages.at(-1)!.length > MY_REPORTS_PAGE_SIZE; page++)
      pages.push((await listMyReports(database.db, cast.resident.id, page)).map((r) => r.id));
    expect(pages[0]).toHaveLength(MY_REPORTS_PAGE_SIZE + 1);
    const shown = pages.flatMap((ids) => ids.slice(0, MY_REPORTS_PAGE_SIZE));
    expect(shown).toHaveLength(total);
    expect(shown).toEqual([...shown].sort((a, b) => b - a));
  });
});
