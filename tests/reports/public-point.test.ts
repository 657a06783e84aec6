/**
 * No public answer tells a report's exact point: the report as the public reads it, the public list,
 * the map endpoint (even for a view a few metres wide), Open311 and the feeds give the point rounded
 * to 0.0005°; the staff who handle the report and its reporter get the exact one.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportCategories } from '../../db/schema';
import type { Database } from '../../db/client';
import { reportsFeed } from '../../src/lib/server/feeds';
import { distanceMeters } from '../../src/lib/server/kernel/geo';
import {
  findNearbyReports,
  getReport,
  listReports,
  mapClusters,
  open311Requests,
  publicPoint,
  PUBLIC_POINT_DEGREES,
  submitReport,
  transitionReport,
} from '../../src/lib/server/reports';
import { createTestDatabase, testDriver } from '../support/db';
import { photo, pointInCell, prepareReports, type Cast } from './fixtures';

describe(`public points on ${testDriver}`, () => {
  let database: Database;
  let cast: Cast;
  let id: number;
  let exact: { lat: number; lng: number };
  let categoryId: number;
  const onGrid = (value: number) => Math.abs(Math.round(value / PUBLIC_POINT_DEGREES) * PUBLIC_POINT_DEGREES - value) < 1e-9;

  beforeAll(async () => {
    database = await createTestDatabase();
    const prepared = await prepareReports(database.db);
    cast = prepared.cast;
    const inside = (await pointInCell(database.db, prepared.cell))!;
    // A point well off the public grid: a third of a step past a grid line.
    exact = {
      lat: Math.round(inside.lat / PUBLIC_POINT_DEGREES) * PUBLIC_POINT_DEGREES + PUBLIC_POINT_DEGREES / 3,
      lng: Math.round(inside.lng / PUBLIC_POINT_DEGREES) * PUBLIC_POINT_DEGREES - PUBLIC_POINT_DEGREES / 3,
    };
    const filed = await submitReport(
      database.db,
      prepared.storage,
      { actor: cast.resident, source: 'web' },
      { ...exact, categoryCode: 'litter', description: '门口堆放垃圾很久了', photos: [await photo()], confirmed: true },
    );
    if (!filed.ok) throw new Error(JSON.stringify(filed));
    id = filed.report.id;
    categoryId = (await database.db.select({ id: reportCategories.id }).from(reportCategories).where(eq(reportCategories.code, 'litter')))[0]!.id;
    expect(await transitionReport(database.db, prepared.storage, cast.moderator, id, { to: 'accepted', version: 1 })).toMatchObject({ ok: true });
  });
  afterAll(async () => database?.close());

  it('rounds a point to the public grid', () => {
    expect(publicPoint({ lat: 28.12361, lng: 112.98712 })).toEqual({ lat: 28.1235, lng: 112.987 });
    expect(onGrid(publicPoint(exact).lat) && onGrid(publicPoint(exact).lng)).toBe(true);
    expect(publicPoint(exact)).not.toEqual(exact);
  });

  it('gives the public and other residents the rounded point, and the reporter and its staff the exact one', async () => {
    for (const viewer of [null, cast.neighbour, cast.otherStaff]) {
      const view = (await getReport(database.db, viewer, id))!;
      expect({ lat: view.lat, lng: view.lng, exactPoint: view.exactPoint }).toEqual({ ...publicPoint(exact), exactPoint: false });
    }
    for (const viewer of [cast.resident, cast.moderator, cast.grid]) {
      const view = (await getReport(database.db, viewer, id))!;
      expect({ lat: view.lat, lng: view.lng, exactPoint: view.exactPoint }).toEqual({ ...exact, exactPoint: true });
    }
  });

  it('tells others the distance to a report nearby from its public point, in tens of metres', async () => {
    const probe = { lat: exact.lat + 0.0001, lng: exact.lng };
    const [forNeighbour] = await findNearbyReports(database.db, cast.neighbour, probe, categoryId);
    expect(forNeighbour!.id).toBe(id);
    expect(forNeighbour!.distanceMeters % 10).toBe(0);
    expect(forNeighbour!.distanceMeters).toBe(Math.round(distanceMeters(probe, publicPoint(exact)) / 10) * 10);
    const [forReporter] = await findNearbyReports(database.db, cast.resident, probe, categoryId);
    expect(forReporter!.distanceMeters).toBeCloseTo(distanceMeters(probe, exact), 0);
  });

  it('lists, maps, answers Open311 and feeds with the public point only', async () => {
    const listed = (await listReports(database.db, {})).reports.find((r) => r.id === id)!;
    expect({ lat: listed.lat, lng: listed.lng }).toEqual(publicPoint(exact));

    const around = (d: number, p = exact) => ({ west: p.lng - d, south: p.lat - d, east: p.lng + d, north: p.lat + d });
    for (const zoom of [12, 15, 17, 19]) {
      const { reports, clusters } = await mapClusters(database.db, { bbox: around(0.01), zoom });
      for (const point of [...reports, ...clusters]) expect(onGrid(point.lat) && onGrid(point.lng), `zoom ${zoom}: ${point.lat},${point.lng}`).toBe(true);
      const marker = reports.find((r) => r.id === id);
      if (marker) expect({ lat: marker.lat, lng: marker.lng }).toEqual(publicPoint(exact));
    }
    // A view of a few metres around the exact point finds nothing; one around the public point finds it.
    expect((await mapClusters(database.db, { bbox: around(0.00003), zoom: 20 })).reports.map((r) => r.id)).not.toContain(id);
    expect((await mapClusters(database.db, { bbox: around(0.00003, publicPoint(exact)), zoom: 20 })).reports.map((r) => r.id)).toContain(id);

    const [request] = await open311Requests(database.db, { ids: [id] }, { origin: 'https://wenming.example', locale: 'zh-CN', t: (key) => key });
    expect({ lat: request!.lat, lng: request!.long }).toEqual(publicPoint(exact));

    // A circle of 5 m around the exact point holds no public point; one around the public point does.
    const feed = async (p: { lat: number; lng: number }) => {
      const result = await reportsFeed(database.db, { lat: String(p.lat), lng: String(p.lng), radius: '5' });
      return result.ok ? result.body : '';
    };
    expect(await feed(exact)).not.toContain(`/reports/${id}"`);
    expect(await feed(publicPoint(exact))).toContain(`/reports/${id}"`);
  });
});
