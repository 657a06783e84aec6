/**
 * A report hidden by flags leaves every public figure, not only the public reads (issue 21: nothing
 * about a hidden item leaks): the map's kept counts and clusters (summary cells, street cells and the
 * reports read directly), open data's monthly counts, the league table and the sitemap drop by one,
 * and come back when a moderator restores it; a status change while hidden, and a removal, keep the
 * kept counts equal to a recount.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { reportMapCells, reports, reportStreetCells, users } from '../../db/schema';
import { flagItem, reviewItem } from '../../src/lib/server/community';
import { findDataset } from '../../src/lib/server/opendata';
import { departmentLeague, mapClusters, rebuildMapCells, STREET_ZOOM, submitReport, transitionReport } from '../../src/lib/server/reports';
import { PUBLIC_STATUSES } from '../../src/lib/server/reports/workflow';
import { sitemapEntries } from '../../src/lib/server/sitemap';
import { cityMonth } from '../../src/lib/server/time';
import type { Actor } from '../../src/lib/server/auth/permissions';
import type { LocalDiskStorage } from '../../src/lib/server/storage';
import { createTestDatabase, testDriver } from '../support/db';
import { type Cast, photo, prepareReportsWithPoint } from '../reports/fixtures';

describe(`a hidden report in the public figures on ${testDriver}`, () => {
  let database: Database;
  let cast: Cast;
  let storage: LocalDiskStorage;
  let sanitation: number;
  let point: { lat: number; lng: number };
  let flaggers: Actor[];
  const DAY = 86_400_000;
  // More than the map reads one by one (2,000), so that the city view is answered from the kept counts.
  const FILLER = 2100;

  beforeAll(async () => {
    database = await createTestDatabase();
    ({ cast, storage, sanitation, point } = await prepareReportsWithPoint(database.db));
    await database.db.update(users).set({ createdAt: new Date(Date.now() - 30 * DAY) });
    flaggers = [];
    for (const name of ['f1', 'f2', 'f3']) {
      const [row] = await database.db
        .insert(users)
        .values({ username: `hidden-counts-${name}`, displayName: name, passwordHash: 'x', role: 'resident', createdAt: new Date(Date.now() - 30 * DAY) })
        .returning({ id: users.id, role: users.role, departmentId: users.departmentId, gridCellId: users.gridCellId });
      flaggers.push(row!);
    }
    // Public reports on three points beside the one to hide (each point holds many, so the street
    // view is answered from the street cells), copied from one filed the ordinary way.
    const template = await fileReport();
    await move(template, 'accepted');
    await database.db
      .execute(sql`insert into reports (category_id, description, status, version, lat, lng, map_cell, grid_id, community_id, subdistrict_id, district_id, department_id, source, created_at, updated_at)
      select category_id, description, 'accepted', 1, lat + (n % 3) * 0.0006, lng, map_cell, grid_id, community_id, subdistrict_id, district_id, department_id, source, created_at, updated_at
      from reports, generate_series(1, ${FILLER}) n where id = ${template}`);
    await rebuildMapCells(database.db);
  }, 120_000);
  afterAll(async () => database?.close());

  async function fileReport(): Promise<number> {
    const result = await submitReport(
      database.db,
      storage,
      { actor: cast.resident, source: 'web' },
      { ...point, categoryCode: 'litter', description: '路口垃圾桶满了没人清', photos: [await photo()], confirmed: true },
    );
    if (!result.ok) throw new Error(JSON.stringify(result));
    return result.report.id;
  }

  async function move(id: number, to: 'accepted' | 'assigned' | 'in_progress') {
    const [row] = await database.db.select({ version: reports.version }).from(reports).where(eq(reports.id, id));
    const result = await transitionReport(database.db, storage, to === 'in_progress' ? cast.staff : cast.moderator, id, {
      to,
      version: row!.version,
      note: '处理说明',
      departmentId: sanitation,
      afterPhotos: [],
    });
    if (!result.ok) throw new Error(`${to}: ${JSON.stringify(result)}`);
  }

  /** Every public figure a report is counted in. */
  async function publicFigures() {
    const city = { west: point.lng - 0.05, south: point.lat - 0.05, east: point.lng + 0.05, north: point.lat + 0.05 };
    const street = { west: point.lng - 0.001, south: point.lat - 0.001, east: point.lng + 0.001, north: point.lat + 0.002 };
    const total = (answer: Awaited<ReturnType<typeof mapClusters>>) => answer.clusters.reduce((sum, cluster) => sum + cluster.count, 0) + answer.reports.length;
    const [kept] = await database.db
      .select({ n: sql<number>`coalesce(sum(${reportMapCells.count}), 0)::int` })
      .from(reportMapCells)
      .where(
        sql`${reportMapCells.level} = 12 and ${reportMapCells.status} in (${sql.join(
          PUBLIC_STATUSES.map((status) => sql`${status}`),
          sql`, `,
        )})`,
      );
    const [streetKept] = await database.db.select({ n: sql<number>`coalesce(sum(${reportStreetCells.count}), 0)::int` }).from(reportStreetCells);
    let monthly = 0;
    for await (const batch of findDataset('reports-monthly')!.rows(database.db, new Date())) for (const row of batch) monthly += Number(row.reports);
    const league = (await departmentLeague(database.db, cityMonth(new Date()))).reduce((sum, row) => sum + row.received, 0);
    return {
      keptCells: Number(kept!.n),
      keptStreetCells: Number(streetKept!.n),
      mapCity: total(await mapClusters(database.db, { bbox: city, zoom: 12 })),
      mapCityByStatus:
        total(await mapClusters(database.db, { bbox: city, zoom: 12, status: 'assigned' })) + total(await mapClusters(database.db, { bbox: city, zoom: 12, status: 'accepted' })),
      mapStreet: total(await mapClusters(database.db, { bbox: street, zoom: STREET_ZOOM })),
      mapCityByDate: total(await mapClusters(database.db, { bbox: city, zoom: 12, from: new Date(0) })),
      mapClose: total(await mapClusters(database.db, { bbox: street, zoom: 19 })),
      openDataMonthly: monthly,
      league,
      sitemap: (await sitemapEntries(database.db)).length,
    };
  }

  /** The kept counts equal a recount from the reports. */
  async function expectCountsInStep() {
    const snapshot = async () => ({
      cells: (await database.db.select().from(reportMapCells))
        .filter((row) => row.count !== 0)
        .map((row) => `${row.level}:${row.cx}:${row.cy}:${row.categoryId}:${row.status}=${row.count}`)
        .sort(),
      street: (await database.db.select().from(reportStreetCells))
        .filter((row) => row.count !== 0)
        .map((row) => `${row.cell}=${row.count}`)
        .sort(),
    });
    const kept = await snapshot();
    await rebuildMapCells(database.db);
    expect(await snapshot()).toEqual(kept);
  }

  const flagThrice = async (id: number) => {
    const results = await Promise.all(flaggers.map((flagger) => flagItem(database.db, flagger, { targetType: 'report', targetId: id, reason: 'personal_info' })));
    expect(results.filter((result) => result.ok && result.hidden)).toHaveLength(1);
  };

  it('takes a report hidden by three flags out of every public count and cluster, and puts it back when a moderator restores it', async () => {
    const id = await fileReport();
    await move(id, 'accepted');
    await move(id, 'assigned');
    const shown = await publicFigures();
    expect(shown.mapCity).toBeGreaterThan(FILLER);
    expect(shown.league).toBeGreaterThan(0);

    await flagThrice(id);
    const hidden = await publicFigures();
    for (const [figure, value] of Object.entries(shown)) expect(hidden[figure as keyof typeof hidden], figure).toBe(value - 1);
    await expectCountsInStep();

    expect(await reviewItem(database.db, cast.moderator, { targetType: 'report', targetId: id, decision: 'restore', reason: '未发现个人信息' })).toMatchObject({
      ok: true,
      state: 'restored',
    });
    expect(await publicFigures()).toEqual(shown);
    await expectCountsInStep();
  });

  it('keeps the counts in step when a hidden report changes status, is restored, then removed', async () => {
    const id = await fileReport();
    await move(id, 'accepted');
    const before = await publicFigures();
    await flagThrice(id);
    // The office goes on handling it while hidden: no count moves.
    await move(id, 'assigned');
    await move(id, 'in_progress');
    await expectCountsInStep();
    expect(await reviewItem(database.db, cast.moderator, { targetType: 'report', targetId: id, decision: 'restore', reason: '核实无误' })).toMatchObject({ ok: true });
    await expectCountsInStep();
    expect((await publicFigures()).mapCity).toBe(before.mapCity);
    // A removal after a restore takes it out once; a second decision to remove changes nothing.
    expect(await reviewItem(database.db, cast.moderator, { targetType: 'report', targetId: id, decision: 'remove', reason: '含个人信息' })).toMatchObject({
      ok: true,
      state: 'removed',
    });
    expect(await reviewItem(database.db, cast.moderator, { targetType: 'report', targetId: id, decision: 'remove', reason: '含个人信息' })).toMatchObject({
      ok: true,
      state: 'removed',
    });
    expect((await publicFigures()).mapCity).toBe(before.mapCity - 1);
    await expectCountsInStep();
  });
});
