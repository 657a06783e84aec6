import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { areas, reportCategories, reports } from '../../db/schema';
import { seedDemoReports } from '../../src/lib/server/reports/seed';
import { seedDemoUsers } from '../../src/lib/server/auth/seed';
import { resolvePoint } from '../../src/lib/server/city';
import { addWorkingDays, isWorkingDay, loadCalendar, workingDaysBetween } from '../../src/lib/server/calendar';
import {
  checkOpen311Key,
  DEMO_OPEN311_KEY,
  departmentLeague,
  findNearbyReports,
  followReport,
  unfollowReport,
  issueOpen311Key,
  ledgerCsv,
  mapClusters,
  publicMapClusters,
  publicPoint,
  VIEW_ITEMS_MAX,
  maskPersonalNumbers,
  open311Requests,
  open311Services,
  revokeOpen311Key,
  routeReport,
  setCategoryOverride,
  submitReport,
  transitionReport,
  ticketFor,
} from '../../src/lib/server/reports';
import type { Actor } from '../../src/lib/server/auth/permissions';
import { createTestDatabase, testDriver } from '../support/db';
import { reportsSection } from '../../src/lib/server/overview/reports';
import { weekPeriod } from '../../src/lib/server/time';
import { getSetting } from '../../src/lib/server/settings';
import { formatPercent } from '../../src/lib/percent';
import { createCast, photo, prepareCity, tempStorage, type Cast } from './fixtures';

/** The demo's clock: its reports are seeded back from here, and the league is ranked for its month. */
const DEMO_NOW = new Date('2026-03-18T04:00:00Z');

describe(`report rules on ${testDriver}`, () => {
  let database: Database;
  let cast: Cast;
  const storage = tempStorage();
  let point: { lat: number; lng: number };

  beforeAll(async () => {
    database = await createTestDatabase();
    const { cells } = await prepareCity(database.db);
    cast = await createCast(database.db, cells[0]!.id, cells[1]!.id);
    const [south, west] = [28.2, 113.0];
    point = { lat: south, lng: west };
    expect(await resolvePoint(database.db, point)).not.toBeNull();
  });
  afterAll(async () => database?.close());

  it('counts working days over the 2026 holidays and make-up working days', async () => {
    const calendar = await loadCalendar(database.db);
    expect(isWorkingDay('2026-10-01', calendar)).toBe(false);
    expect(isWorkingDay('2026-10-10', calendar)).toBe(true); // a Saturday worked for National Day
    expect(isWorkingDay('2026-02-14', calendar)).toBe(true);
    expect(isWorkingDay('2026-02-16', calendar)).toBe(false); // 除夕, a Monday
    // Assigned on Wednesday 30 September with 3 working days: 1-7 October off, Thursday 8, Friday 9, Saturday 10 (worked).
    expect(addWorkingDays('2026-09-30', 3, calendar)).toBe('2026-10-10');
    // Friday 19 June is the Dragon Boat Festival: from Thursday 18 June, one working day is Monday 22.
    expect(addWorkingDays('2026-06-18', 1, calendar)).toBe('2026-06-22');
    expect(addWorkingDays('2026-01-02', 1, calendar)).toBe('2026-01-04'); // Sunday 4 January is worked
    expect(workingDaysBetween('2026-04-30', '2026-05-11', calendar)).toBe(5); // 6, 7, 8 May, Saturday 9 (worked) and Monday 11
  });

  it('gives white, yellow and red tickets as working days pass the deadline', async () => {
    const calendar = await loadCalendar(database.db);
    const thresholds = { yellowAfterDays: 3, redAfterDays: 7 };
    expect(ticketFor('2026-11-20', '2026-11-20', calendar, thresholds)).toBeNull();
    expect(ticketFor('2026-11-20', '2026-11-22', calendar, thresholds)).toBeNull(); // the weekend does not count
    expect(ticketFor('2026-11-20', '2026-11-23', calendar, thresholds)).toBe('white');
    expect(ticketFor('2026-11-20', '2026-11-25', calendar, thresholds)).toBe('white');
    expect(ticketFor('2026-11-20', '2026-11-26', calendar, thresholds)).toBe('yellow');
    expect(ticketFor('2026-11-20', '2026-12-01', calendar, thresholds)).toBe('yellow');
    expect(ticketFor('2026-11-20', '2026-12-02', calendar, thresholds)).toBe('red');
    // National Day week does not count: due 30 September, the first overdue working day is 8 October.
    expect(ticketFor('2026-09-30', '2026-10-07', calendar, thresholds)).toBeNull();
    expect(ticketFor('2026-09-30', '2026-10-08', calendar, thresholds)).toBe('white');
  });

  it('masks mobiles and ID numbers typed into text, also with spaces or dashes', () => {
    expect(maskPersonalNumbers('电话13912345678')).toBe('电话139****5678');
    expect(maskPersonalNumbers('电话 139-1234-5678 谢谢')).toBe('电话 139****5678 谢谢');
    expect(maskPersonalNumbers('电话 +86 139 1234 5678')).toBe('电话 139****5678');
    expect(maskPersonalNumbers('身份证430102199001011234')).toBe('身份证430*************34');
    expect(maskPersonalNumbers('身份证 4301 0219 9001 01123X')).toBe('身份证 430*************3X');
    expect(maskPersonalNumbers('门牌号 12 号，编号 2026')).toBe('门牌号 12 号，编号 2026');
  });

  it('routes a point to its cell and the category department, or the district override', async () => {
    const [category] = await database.db.select().from(reportCategories).where(eq(reportCategories.code, 'street-vending'));
    const routed = await routeReport(database.db, point, category!.id);
    expect(routed!.routing).toEqual({ departmentId: category!.departmentId, deadlineDays: 3 });
    const resolved = (await resolvePoint(database.db, point))!;
    expect(routed!.areas.grid.id).toBe(resolved.grid.id);
    const [office] = await database.db.select({ id: areas.id }).from(areas).where(eq(areas.id, resolved.district.id));
    await setCategoryOverride(database.db, { categoryId: category!.id, districtId: office!.id, departmentId: cast.staff.departmentId, deadlineDays: 2 });
    expect((await routeReport(database.db, point, category!.id))!.routing).toEqual({ departmentId: cast.staff.departmentId, deadlineDays: 2 });
    await setCategoryOverride(database.db, { categoryId: category!.id, districtId: office!.id, departmentId: null, deadlineDays: null });
    expect((await routeReport(database.db, point, category!.id))!.routing.departmentId).toBe(category!.departmentId);
  });

  it('refuses a point outside the city', async () => {
    const result = await submitReport(
      database.db,
      storage,
      { actor: cast.resident, source: 'web' },
      { lat: 30, lng: 120, categoryCode: 'litter', description: '城外的垃圾堆', photos: [await photo()] },
    );
    expect(result).toMatchObject({ ok: false, code: 'outside_city' });
  });

  it('makes one report of a double submission with the same client key', async () => {
    const input = { ...point, categoryCode: 'parking', description: '电动车挡住了路口', photos: [await photo()], clientKey: 'client-key-0001' };
    // Six taps at once: whichever finishes first files; the others (including one that arrives after
    // it and so sees its report "nearby", not yet knowing its key) answer with that report.
    const taps = await Promise.all(Array.from({ length: 6 }, () => submitReport(database.db, storage, { actor: cast.resident, source: 'web' }, input)));
    expect(taps.every((tap) => tap.ok)).toBe(true);
    const [first, ...others] = taps.filter((tap) => tap.ok);
    if (!first) return;
    expect(new Set([first, ...others].map((tap) => tap.report.id)).size).toBe(1);
    expect(taps.filter((tap) => tap.ok && tap.created)).toHaveLength(1);
    const third = await submitReport(database.db, storage, { actor: cast.resident, source: 'web' }, input);
    expect(third).toMatchObject({ ok: true, created: false, report: { id: first.report.id } });
    // Another person's same key is another report.
    const other = await submitReport(database.db, storage, { actor: cast.neighbour, source: 'web' }, { ...input, confirmed: true });
    expect(other.ok && other.report.id).not.toBe(first.report.id);
  });

  it('offers open reports of the same category within 50 m from the last 7 days, and counts "me too" once', async () => {
    // The clock is injected: filed at a fixed moment, looked for from it and from eight days on.
    const filedAt = new Date('2026-03-02T02:00:00Z');
    const created = await submitReport(
      database.db,
      storage,
      { actor: cast.resident, source: 'web' },
      { ...point, categoryCode: 'dogs', description: '流浪狗在小区里追人', photos: [await photo()] },
      filedAt,
    );
    if (!created.ok) throw new Error('submit failed');
    const id = created.report.id;
    const [category] = await database.db.select().from(reportCategories).where(eq(reportCategories.code, 'dogs'));
    const north = (metres: number) => ({ lat: point.lat + metres / 111_320, lng: point.lng });
    const near = async (viewer: Actor | null, at: { lat: number; lng: number }, categoryId = category!.id, now = filedAt) =>
      (await findNearbyReports(database.db, viewer, at, categoryId, now)).map((r) => r.id);
    // Not yet accepted: only its reporter and the office see it nearby; to anyone else, following it is like following nothing.
    expect(await near(cast.resident, north(45))).toContain(id);
    expect(await near(cast.moderator, north(45))).toContain(id);
    expect(await near(null, north(5))).not.toContain(id);
    expect(await near(cast.neighbour, north(5))).not.toContain(id);
    const unknown = await followReport(database.db, cast.neighbour, 2_000_000_000);
    expect(unknown).toMatchObject({ ok: false, code: 'not_found' });
    expect(await followReport(database.db, cast.neighbour, id)).toEqual(unknown);
    expect(await transitionReport(database.db, storage, cast.moderator, id, { to: 'accepted', version: 1 })).toMatchObject({ ok: true });

    expect(await near(null, north(45))).toContain(id);
    expect(await near(null, north(55))).not.toContain(id);
    const [other] = await database.db.select().from(reportCategories).where(eq(reportCategories.code, 'litter'));
    expect(await near(null, north(5), other!.id)).not.toContain(id);
    expect(await near(null, north(5), category!.id, new Date(filedAt.getTime() + 8 * 86_400_000))).not.toContain(id);
    expect(await followReport(database.db, cast.neighbour, id)).toMatchObject({ ok: true, added: true, followerCount: 1 });
    expect(await followReport(database.db, cast.neighbour, id)).toMatchObject({ ok: true, added: false, followerCount: 1 });
    expect(await followReport(database.db, cast.resident, id)).toMatchObject({ ok: false, code: 'own_report' });
    // Unfollowing takes the count back down, once; unfollowing again changes nothing.
    expect(await unfollowReport(database.db, cast.neighbour, id)).toMatchObject({ ok: true, removed: true, followerCount: 0 });
    expect(await unfollowReport(database.db, cast.neighbour, id)).toMatchObject({ ok: true, removed: false, followerCount: 0 });
    expect(await unfollowReport(database.db, cast.neighbour, 2_000_000_000)).toMatchObject({ ok: false, code: 'not_found' });
  });

  it('answers a new report beside an open one of its category with the one to join, and files it once confirmed', async () => {
    const first = await submitReport(
      database.db,
      storage,
      { actor: cast.resident, source: 'web' },
      { ...point, categoryCode: 'parking', description: '人行道上停满了车', photos: [await photo()], confirmed: true },
    );
    if (!first.ok) throw new Error('submit failed');
    const beside = { lat: point.lat + 10 / 111_320, lng: point.lng, categoryCode: 'parking', description: '人行道上又停满了车', photos: [await photo()] };
    // Not yet accepted, it is offered to its own reporter (others do not see it yet).
    const offered = await submitReport(database.db, storage, { actor: cast.resident, source: 'web' }, beside);
    expect(offered).toMatchObject({ ok: false, code: 'duplicates' });
    expect(!offered.ok && 'duplicates' in offered && offered.duplicates.map((d) => d.id)).toContain(first.report.id);
    expect(await submitReport(database.db, storage, { actor: cast.resident, source: 'web' }, { ...beside, confirmed: true })).toMatchObject({ ok: true, created: true });
  });

  it('places a report filed with a community and no point inside that community', async () => {
    const community = (await resolvePoint(database.db, point))!.community;
    const filed = await submitReport(
      database.db,
      storage,
      { actor: cast.resident, source: 'web' },
      { lat: NaN, lng: NaN, communityId: community.id, categoryCode: 'other', description: '小区里没有地图也能上报', photos: [await photo()], confirmed: true },
    );
    if (!filed.ok) throw new Error(JSON.stringify(filed));
    const [row] = await database.db.select().from(reports).where(eq(reports.id, filed.report.id));
    expect(row!.communityId).toBe(community.id);
  });

  it('seeds demo reports in every state, clusters them on the map and ranks the departments', async () => {
    const demo = await createTestDatabase();
    try {
      await prepareCity(demo.db);
      await seedDemoUsers(demo.db);
      await seedDemoReports(demo.db, DEMO_NOW);
      await checkDemo(demo);
    } finally {
      await demo.close();
    }
  });

  async function checkDemo(demo: Database) {
    const statuses = new Set((await demo.db.select({ status: reports.status }).from(reports)).map((r) => r.status));
    for (const status of ['submitted', 'accepted', 'rejected', 'assigned', 'in_progress', 'returned', 'rectified', 'closed', 'disputed']) expect(statuses).toContain(status);
    const city = { west: 112.9, south: 28.1, east: 113.1, north: 28.3 };
    const wide = await mapClusters(demo.db, { bbox: city, zoom: 11 });
    const total = wide.clusters.reduce((n, c) => n + c.count, 0) + wide.reports.length;
    expect(total).toBeGreaterThan(100);
    // Close up, lone reports are markers with their ids...
    const [one] = await demo.db
      .select({ id: reports.id, lat: reports.lat, lng: reports.lng, category: reportCategories.code })
      .from(reports)
      .innerJoin(reportCategories, eq(reportCategories.id, reports.categoryId))
      .where(eq(reports.status, 'closed'))
      .limit(1);
    // (at their public point: public-point.ts)
    const shown = publicPoint(one!);
    const near = await mapClusters(demo.db, { bbox: { west: shown.lng - 0.0003, south: shown.lat - 0.0003, east: shown.lng + 0.0003, north: shown.lat + 0.0003 }, zoom: 18 });
    expect(near.reports).toContainEqual({ id: one!.id, ...shown, category: one!.category, status: 'closed' });
    // ...but a view never answers more than a few hundred items, however many reports it holds.
    const close = await mapClusters(demo.db, { bbox: city, zoom: 18 });
    expect(close.reports.length + close.clusters.length).toBeLessThanOrEqual(VIEW_ITEMS_MAX);
    expect(close.clusters.reduce((n, c) => n + c.count, 0) + close.reports.length).toBe(total);
    // The public map answers a view from memory within the second, the same answer for everyone.
    const first = await publicMapClusters(demo.db, { bbox: city, zoom: 11 });
    expect(first).toEqual(wide);
    expect(await publicMapClusters(demo.db, { bbox: city, zoom: 11 })).toBe(first);
    expect(await publicMapClusters(demo.db, { bbox: city, zoom: 12 })).not.toBe(first);
    const league = await departmentLeague(demo.db, '2026-03', DEMO_NOW);
    expect(league.length).toBeGreaterThan(0);
    expect(league.some((row) => row.overdue.red > 0)).toBe(true);
    // The weekly overview and bulletin show the same fair league: departments below the minimum are
    // marked small and never on a list, the red list has no open red ticket, rates keep their precision.
    const section = (await reportsSection(demo.db, weekPeriod('2026-W12')!, 'zh-CN', DEMO_NOW))!;
    const table = section.tables[0]!;
    const minCases = await getSetting(demo.db, 'reports.league.minCases');
    const weekly = await departmentLeague(demo.db, '2026-03', DEMO_NOW);
    expect(table.rows.map((row) => !!row.small)).toEqual(weekly.map((row) => row.received < minCases));
    expect(table.smallNote).toEqual({ key: 'overview.reports.league.small', params: { min: minCases } });
    const ranked = new Set(weekly.filter((row) => row.rank !== null).map((row) => row.department.nameZh));
    for (const entry of [...section.league!.red, ...section.league!.black]) expect(ranked.has(entry.nameZh)).toBe(true);
    expect(section.league!.red.every((entry) => entry.red === 0)).toBe(true);
    expect(section.league!.red.map((entry) => entry.nameZh)).toEqual(weekly.filter((row) => row.list === 'red').map((row) => row.department.nameZh));
    expect(table.rows.map((row) => row.cells[3])).toEqual(weekly.map((row) => (row.onTimeRate === null ? null : formatPercent(row.onTimeRate))));
    const chunks: string[] = [];
    for await (const chunk of ledgerCsv(demo.db, {})) chunks.push(chunk);
    expect(chunks[0]!.startsWith('\uFEFF编号 ID,')).toBe(true);
    expect(chunks[0]).toContain(',社区 Community,地址 Address,');
    // Statuses, tickets and sources read as words, not codes.
    expect(chunks.join('')).toContain(',已办结,');
    expect(chunks.join('')).not.toMatch(/,(in_progress|closed|submitted|red|yellow|web|hotline),/);
    const lines = chunks.join('').trim().split('\r\n');
    expect(lines.length - 1).toBe((await demo.db.select({ id: reports.id }).from(reports)).length);
    // 300 and more rows come in pages of 500 at most: the header, then at least one page.
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    expect(await checkOpen311Key(demo.db, DEMO_OPEN311_KEY)).toBe('12345 热线平台');
    const requests = await open311Requests(demo.db, { statuses: ['closed'] }, { origin: 'https://wenming.example', locale: 'zh-CN', t: (key) => key }, DEMO_NOW);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests[0]).toMatchObject({
      status: 'closed',
      requested_datetime: expect.stringMatching(/\+08:00$/),
      media_url: expect.stringMatching(/^https:\/\/wenming\.example\/media\//),
    });
  }

  it('issues, checks and revokes Open311 keys, and describes services and requests in the spec', async () => {
    const issued = await issueOpen311Key(database.db, cast.admin, '城市管理平台');
    if (!issued.ok) throw new Error('issue failed');
    expect(await checkOpen311Key(database.db, issued.key)).toBe('城市管理平台');
    expect(await checkOpen311Key(database.db, 'wrong')).toBeNull();
    await revokeOpen311Key(database.db, cast.admin, issued.id);
    expect(await checkOpen311Key(database.db, issued.key)).toBeNull();
    const services = await open311Services(database.db);
    expect(services).toHaveLength(20);
    expect(services[0]).toMatchObject({ service_code: 'litter', metadata: false, type: 'realtime' });
  });
});
