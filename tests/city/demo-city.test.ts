import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { areas, departments, type AreaGeometry, type AreaLevel } from '../../db/schema';
import { buildDemoCity, seedDemoCity } from '../../src/lib/server/city/seed';
import { exportCityGeoJson, geometryArea, pointInGeometry, validateGeometry } from '../../src/lib/server/city';
import { getSetting } from '../../src/lib/server/settings';
import { createTestDatabase, testDriver } from '../support/db';
import { rowCounts } from './fixtures';

interface Row {
  id: number;
  code: string;
  level: AreaLevel;
  parentId: number | null;
  population: number | null;
  geometry: AreaGeometry;
}

/** A small seeded generator, so that sample points are the same on every run. */
function sampler(seed: number) {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 4_294_967_296;
  };
}

describe(`the demo city on ${testDriver}`, () => {
  let database: Database;
  let rows: Row[];
  const byId = new Map<number, Row>();
  const ofLevel = (level: AreaLevel) => rows.filter((row) => row.level === level);

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedDemoCity(database.db);
    rows = await database.db
      .select({ id: areas.id, code: areas.code, level: areas.level, parentId: areas.parentId, population: areas.population, geometry: areas.geometry })
      .from(areas)
      .orderBy(asc(areas.code));
    for (const row of rows) byId.set(row.id, row);
  });
  afterAll(async () => database?.close());

  it('has 3 districts, 8 subdistricts, 30 communities and 120 grid cells', () => {
    expect(ofLevel('district')).toHaveLength(3);
    expect(ofLevel('subdistrict')).toHaveLength(8);
    expect(ofLevel('community')).toHaveLength(30);
    expect(ofLevel('grid')).toHaveLength(120);
  });

  it('hangs every area under a parent one level up', () => {
    const parentLevel = { district: null, subdistrict: 'district', community: 'subdistrict', grid: 'community' } as const;
    for (const row of rows) {
      const parent = row.parentId === null ? null : byId.get(row.parentId)!;
      expect(parent?.level ?? null).toBe(parentLevel[row.level]);
    }
  });

  it('gives every community 3,000 to 15,000 residents', () => {
    for (const community of ofLevel('community')) {
      expect(community.population).toBeGreaterThanOrEqual(3000);
      expect(community.population).toBeLessThanOrEqual(15_000);
    }
  });

  it('uses Chinese names with English ones', async () => {
    const names = await database.db.select({ nameZh: areas.nameZh, nameEn: areas.nameEn, level: areas.level }).from(areas).orderBy(asc(areas.code));
    expect(names[0]).toEqual({ nameZh: '文华区', nameEn: 'Wenhua District', level: 'district' });
    expect(names.filter((name) => name.level === 'subdistrict').every((name) => name.nameZh.endsWith('街道'))).toBe(true);
    expect(names.filter((name) => name.level === 'community').every((name) => name.nameZh.endsWith('社区'))).toBe(true);
    expect(names.filter((name) => name.level === 'grid').every((name) => /社区第\d网格$/.test(name.nameZh) && /Grid \d$/.test(name.nameEn))).toBe(true);
    expect(new Set(names.map((name) => name.nameZh)).size).toBe(names.length);
  });

  it('has valid outlines, near Changsha, with bounding boxes that match them', async () => {
    const boxes = await database.db.select().from(areas);
    for (const area of boxes) {
      expect(validateGeometry(area.geometry).issues).toEqual([]);
      expect(area.minLng).toBeGreaterThan(112.9);
      expect(area.maxLng).toBeLessThan(113.1);
      expect(area.minLat).toBeGreaterThan(28.1);
      expect(area.maxLat).toBeLessThan(28.3);
    }
  });

  it('tiles each parent exactly: the children areas add up to the parent area', () => {
    for (const parent of rows.filter((row) => row.level !== 'grid')) {
      const children = rows.filter((row) => row.parentId === parent.id);
      const total = children.reduce((sum, child) => sum + geometryArea(child.geometry), 0);
      expect(Math.abs(total - geometryArea(parent.geometry))).toBeLessThan(1e-12);
    }
  });

  it('puts every sampled point of the city in exactly one grid cell, inside all of its parents', () => {
    const random = sampler(42);
    const grids = ofLevel('grid');
    const districts = ofLevel('district');
    let inside = 0;
    for (let n = 0; n < 3000; n++) {
      const point = { lng: 112.915 + random() * 0.17, lat: 28.115 + random() * 0.17 };
      const hits = grids.filter((grid) => pointInGeometry(point, grid.geometry));
      const inCity = districts.some((district) => pointInGeometry(point, district.geometry));
      // No overlaps, and no gaps: a point of the city is in one cell, a point outside in none.
      expect(hits).toHaveLength(inCity ? 1 : 0);
      if (!inCity) continue;
      inside++;
      let area: Row | undefined = hits[0]!;
      while (area.parentId !== null) {
        area = byId.get(area.parentId)!;
        expect(pointInGeometry(point, area.geometry)).toBe(true);
      }
    }
    expect(inside).toBeGreaterThan(2500);
  });

  it('creates the office of every subdistrict', async () => {
    const offices = await database.db
      .select({ code: departments.code, nameZh: departments.nameZh, nameEn: departments.nameEn, areaId: departments.areaId })
      .from(departments)
      .where(eq(departments.kind, 'subdistrict_office'))
      .orderBy(asc(departments.code));
    expect(offices).toHaveLength(8);
    const first = ofLevel('subdistrict')[0]!;
    expect(offices[0]).toEqual({ code: `subdistrict-office-${first.code}`, nameZh: '文昌街道办事处', nameEn: 'Wenchang Subdistrict Office', areaId: first.id });
  });

  it('stores the city name, map centre, zoom and bounds', async () => {
    const city = buildDemoCity();
    expect(await getSetting(database.db, 'city.name')).toEqual({ zh: '文明市', en: 'Wenming City' });
    expect(await getSetting(database.db, 'city.center')).toEqual(city.center);
    expect(await getSetting(database.db, 'city.zoom')).toBe(12);
    const [west, south, east, north] = await getSetting(database.db, 'city.bounds');
    for (const row of rows) {
      const outer = (row.geometry.type === 'Polygon' ? row.geometry.coordinates[0] : [])!;
      for (const [lng, lat] of outer as [number, number][]) {
        expect(lng >= west && lng <= east && lat >= south && lat <= north).toBe(true);
      }
    }
  });

  it('does nothing when the city already has areas', async () => {
    const before = await rowCounts(database.db);
    await seedDemoCity(database.db);
    expect(await rowCounts(database.db)).toEqual(before);
  });

  it('is the same city on every run', async () => {
    const other = await createTestDatabase();
    try {
      await seedDemoCity(other.db);
      expect(await exportCityGeoJson(other.db)).toEqual(await exportCityGeoJson(database.db));
    } finally {
      await other.close();
    }
  });
});
