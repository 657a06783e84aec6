/**
 * The reports map never answers two targets that would overlap on screen: over a dense district
 * (3,000 public reports within a kilometre or two), a phone-sized view at every zoom from the city
 * to the street gives markers and clusters whose squares (src/lib/geo/markers.ts) keep apart, each
 * at least 24 px, and the counts still add up to the reports in view.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { declutter, MARKER_GAP, markerSize, pixelOf, type Target } from '../../src/lib/geo/markers';
import { mapClusters, rebuildMapCells } from '../../src/lib/server/reports';
import { createTestDatabase, testDriver } from '../support/db';
import { pointInCell, prepareReports } from './fixtures';

type Square = { x: number; y: number; size: number };

/** The pairs of squares that touch (closer than the gap), for a readable failure. */
function touchingPairs(squares: Square[]): string[] {
  const pairs: string[] = [];
  for (let i = 0; i < squares.length; i++) {
    for (let j = i + 1; j < squares.length; j++) {
      const a = squares[i]!;
      const b = squares[j]!;
      const reach = (a.size + b.size) / 2 + MARKER_GAP;
      if (Math.abs(a.x - b.x) < reach && Math.abs(a.y - b.y) < reach) pairs.push(`${JSON.stringify(a)} ~ ${JSON.stringify(b)}`);
    }
  }
  return pairs;
}

describe('declutter', () => {
  it('merges random targets until none touches another, keeping the total count', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (const zoom of [10, 13, 16, 19]) {
      const spread = 360 / 2 ** zoom;
      const items: Target[] = Array.from({ length: 300 }, () => {
        const count = random() < 0.5 ? 1 : 1 + Math.floor(random() * 20_000);
        return { lat: 28.2 + random() * spread, lng: 113 + random() * spread, count, single: count === 1 };
      });
      const merge = (a: Target, b: Target): Target => ({
        lat: (a.lat * a.count + b.lat * b.count) / (a.count + b.count),
        lng: (a.lng * a.count + b.lng * b.count) / (a.count + b.count),
        count: a.count + b.count,
        single: false,
      });
      const placed = declutter(items, zoom, merge);
      expect(placed.reduce((sum, item) => sum + item.count, 0)).toBe(items.reduce((sum, item) => sum + item.count, 0));
      expect(placed.length).toBeGreaterThan(1);
      expect(touchingPairs(placed.map((item) => ({ ...pixelOf(item, zoom), size: markerSize(item.count, item.single) })))).toEqual([]);
    }
  });

  it('gives every target at least 24 x 24 px', () => {
    expect(markerSize(1, true)).toBe(24);
    for (const count of [1, 9, 10, 99, 100, 999, 1000, 99_999, 1_000_000]) expect(markerSize(count)).toBeGreaterThanOrEqual(24);
  });
});

describe(`the map's targets over a dense district on ${testDriver}`, () => {
  let database: Database;
  let centre: { lat: number; lng: number };
  const DENSE = 3000;

  beforeAll(async () => {
    database = await createTestDatabase();
    const { cell } = await prepareReports(database.db);
    centre = (await pointInCell(database.db, cell))!;
    // Public reports around one point, thickest at the centre (a busy street), a few metres to 2 km out.
    await database.db.execute(sql`insert into reports (category_id, description, status, version, lat, lng, map_cell, grid_id, source, created_at, updated_at)
      select c.id, '密集测试上报 #' || n, (array['accepted','assigned','in_progress','closed'])[1 + n % 4], 1, p.lat, p.lng,
        floor(p.lng / (360 / 2^16))::bigint * 1048576 + floor(p.lat / (360 / 2^16))::bigint + 524288, ${cell.id}, 'web', now(), now()
      from generate_series(1, ${DENSE}) n
      cross join lateral (select ${centre.lat}::float8 + power((n * 7919 % 1000) / 1000.0, 2) * 0.02 * cos(n * 2.399963) as lat,
        ${centre.lng}::float8 + power((n * 7919 % 1000) / 1000.0, 2) * 0.02 * sin(n * 2.399963) as lng) p
      cross join lateral (select id from report_categories order by id offset n % 5 limit 1) c`);
    await rebuildMapCells(database.db);
  });
  afterAll(async () => database?.close());

  it('answers, at every zoom of a phone-sized view, targets of at least 24 px that never touch', async () => {
    // 390 x 320 px: the map on a 390 x 844 phone.
    for (let zoom = 10; zoom <= 19; zoom++) {
      const widthDegrees = (390 / (256 * 2 ** zoom)) * 360;
      const heightDegrees = (320 / (256 * 2 ** zoom)) * 360 * Math.cos((centre.lat * Math.PI) / 180);
      const bbox = { west: centre.lng - widthDegrees / 2, east: centre.lng + widthDegrees / 2, south: centre.lat - heightDegrees / 2, north: centre.lat + heightDegrees / 2 };
      for (const filters of [{}, { from: new Date(0) }]) {
        const { clusters, reports } = await mapClusters(database.db, { bbox, zoom, ...filters });
        const squares = [
          ...clusters.map((cluster) => ({ ...pixelOf(cluster, zoom), size: markerSize(cluster.count) })),
          ...reports.map((report) => ({ ...pixelOf(report, zoom), size: markerSize(1, true) })),
        ];
        expect(squares.length, `zoom ${zoom}`).toBeGreaterThan(0);
        expect(squares.every((square) => square.size >= 24)).toBe(true);
        expect(touchingPairs(squares), `zoom ${zoom} ${JSON.stringify(filters)}`).toEqual([]);
        // The whole district fits the view at the city's zooms: every report is counted once.
        if (zoom <= 12) expect(clusters.reduce((sum, cluster) => sum + cluster.count, 0) + reports.length, `zoom ${zoom}`).toBeGreaterThanOrEqual(DENSE);
      }
    }
  });
});
