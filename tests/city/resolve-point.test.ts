import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { areas, type AreaGeometry } from '../../db/schema';
import { seedDemoCity } from '../../src/lib/server/city/seed';
import { importCityGeoJson, pointInGeometry, resolvePoint } from '../../src/lib/server/city';
import { createTestDatabase, testDriver } from '../support/db';
import { createAdmin, smallCity } from './fixtures';

const gridCode = async (db: Database['db'], lng: number, lat: number) => (await resolvePoint(db, { lat, lng }))?.grid.code ?? null;

describe(`resolvePoint on a hand-drawn city on ${testDriver}`, () => {
  let database: Database;
  let cells: { code: string; geometry: AreaGeometry }[];

  beforeAll(async () => {
    database = await createTestDatabase();
    const admin = await createAdmin(database.db);
    const result = await importCityGeoJson(database.db, JSON.stringify(smallCity()), admin);
    expect(result.ok).toBe(true);
    cells = await database.db.select({ code: areas.code, geometry: areas.geometry }).from(areas).where(eq(areas.level, 'grid'));
  });
  afterAll(async () => database?.close());

  it('finds the cell of a point inside it, with its community, subdistrict and district', async () => {
    const resolved = await resolvePoint(database.db, { lat: 28.01, lng: 113.005 });
    expect(resolved).toMatchObject({
      grid: { code: 'T-G1', nameZh: '试验社区第1网格', nameEn: 'Shiyan Community Grid 1' },
      community: { code: 'T-C', nameZh: '试验社区', nameEn: 'Shiyan Community' },
      subdistrict: { code: 'T-S', nameZh: '试验街道', nameEn: 'Shiyan Subdistrict' },
      district: { code: 'T', nameZh: '试验区', nameEn: 'Shiyan District' },
    });
    expect(Object.keys(resolved!.grid).sort()).toEqual(['code', 'id', 'nameEn', 'nameZh']);
  });

  it('gives a point on an edge shared by two cells to exactly one of them, the same one every time', async () => {
    for (const point of [
      { lng: 113.01, lat: 28.01 }, // north-south edge between T-G1 and T-G2
      { lng: 113.045, lat: 28.01 }, // east-west edge between T-G5 and T-G6
      { lng: 113.04, lat: 28.0125 }, // between T-G3 and T-G6
      { lng: 113.02, lat: 28.005 }, // between T-G2 and T-G3
    ]) {
      const owners = cells.filter((cell) => pointInGeometry(point, cell.geometry)).map((cell) => cell.code);
      expect(owners).toHaveLength(1);
      const answers = new Set<string | null>();
      for (let n = 0; n < 5; n++) answers.add(await gridCode(database.db, point.lng, point.lat));
      expect([...answers]).toEqual(owners);
    }
    // The convention: an edge belongs to the cell east of it, or north of it when it runs east-west.
    expect(await gridCode(database.db, 113.01, 28.01)).toBe('T-G2');
    expect(await gridCode(database.db, 113.045, 28.01)).toBe('T-G6');
  });

  it('gives a vertex where three cells meet to the one north-east of it', async () => {
    const point = { lng: 113.04, lat: 28.01 }; // T-G3 to the west, T-G5 south-east, T-G6 north-east
    expect(cells.filter((cell) => pointInGeometry(point, cell.geometry))).toHaveLength(1);
    expect(await gridCode(database.db, point.lng, point.lat)).toBe('T-G6');
  });

  it('finds the island cell for a point in a hole that another cell fills', async () => {
    expect(await gridCode(database.db, 113.0275, 28.01)).toBe('T-G4');
  });

  it('finds no cell for a point in a hole that no cell fills', async () => {
    expect(await resolvePoint(database.db, { lng: 113.035, lat: 28.01 })).toBeNull();
  });

  it('finds the surrounding cell for a point outside its holes but inside their bounding box', async () => {
    expect(await gridCode(database.db, 113.031, 28.01)).toBe('T-G3');
  });

  it('finds a MultiPolygon cell from either of its parts', async () => {
    expect(await gridCode(database.db, 113.045, 28.005)).toBe('T-G5');
    expect(await gridCode(database.db, 113.045, 28.018)).toBe('T-G5');
    expect(await gridCode(database.db, 113.045, 28.012)).toBe('T-G6');
  });

  it('returns null outside the city and for coordinates that are not numbers', async () => {
    expect(await resolvePoint(database.db, { lng: 113.06, lat: 28.01 })).toBeNull();
    expect(await resolvePoint(database.db, { lng: 113.005, lat: 27.99 })).toBeNull();
    expect(await resolvePoint(database.db, { lng: 0, lat: 0 })).toBeNull();
    expect(await resolvePoint(database.db, { lng: Number.NaN, lat: 28.01 })).toBeNull();
  });
});

describe(`resolvePoint on the demo city on ${testDriver}`, () => {
  let database: Database;
  let cells: { code: string; parentCode: string; geometry: AreaGeometry }[];

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedDemoCity(database.db);
    const rows = await database.db.select().from(areas).orderBy(asc(areas.code));
    const codeOf = new Map(rows.map((row) => [row.id, row.code]));
    cells = rows.filter((row) => row.level === 'grid').map((row) => ({ code: row.code, parentCode: codeOf.get(row.parentId!)!, geometry: row.geometry }));
  });
  afterAll(async () => database?.close());

  it('finds every cell from a point near its middle, with the right parents', async () => {
    for (const cell of cells) {
      const ring = cell.geometry.coordinates[0] as number[][];
      const positions = ring.slice(1);
      const point = {
        lng: positions.reduce((sum, p) => sum + p[0]!, 0) / positions.length,
        lat: positions.reduce((sum, p) => sum + p[1]!, 0) / positions.length,
      };
      const resolved = await resolvePoint(database.db, point);
      expect(resolved?.grid.code).toBe(cell.code);
      expect(resolved?.community.code).toBe(cell.parentCode);
      // Demo codes nest: WM-01-02-03-04 is in WM-01-02-03, WM-01-02 and WM-01.
      expect(resolved?.subdistrict.code).toBe(cell.code.slice(0, 8));
      expect(resolved?.district.code).toBe(cell.code.slice(0, 5));
    }
  });

  it('gives every vertex shared by jittered cells to exactly one of them, the one it resolves to', async () => {
    const seen = new Map<string, number>();
    for (const cell of cells) {
      for (const [lng, lat] of (cell.geometry.coordinates[0] as number[][]).slice(1)) {
        const key = `${lng},${lat}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
    }
    const shared = [...seen].filter(([, n]) => n >= 3).map(([key]) => key.split(',').map(Number) as [number, number]);
    expect(shared.length).toBeGreaterThan(100);
    for (const [lng, lat] of shared) {
      const owners = cells.filter((cell) => pointInGeometry({ lng, lat }, cell.geometry));
      expect(owners).toHaveLength(1);
      expect(await gridCode(database.db, lng, lat)).toBe(owners[0]!.code);
    }
  });

  it('gives the midpoint of every shared edge to exactly one of the two cells', async () => {
    const edges = new Map<string, string[]>();
    for (const cell of cells) {
      const ring = cell.geometry.coordinates[0] as number[][];
      for (let i = 1; i < ring.length; i++) {
        const [a, b] = [ring[i - 1]!.join(','), ring[i]!.join(',')].sort();
        const key = `${a};${b}`;
        edges.set(key, [...(edges.get(key) ?? []), cell.code]);
      }
    }
    const shared = [...edges].filter(([, owners]) => owners.length === 2);
    expect(shared.length).toBeGreaterThan(200);
    for (const [key, pair] of shared) {
      const [[x1, y1], [x2, y2]] = key.split(';').map((p) => p.split(',').map(Number)) as [[number, number], [number, number]];
      const point = { lng: (x1 + x2) / 2, lat: (y1 + y2) / 2 };
      const owners = cells.filter((cell) => pointInGeometry(point, cell.geometry)).map((cell) => cell.code);
      expect(owners).toHaveLength(1);
      expect(pair).toContain(owners[0]);
      expect(await gridCode(database.db, point.lng, point.lat)).toBe(owners[0]);
    }
  });

  it('returns null just outside the city', async () => {
    expect(await resolvePoint(database.db, { lng: 112.9, lat: 28.2 })).toBeNull();
    expect(await resolvePoint(database.db, { lng: 113.0, lat: 28.3 })).toBeNull();
  });
});
