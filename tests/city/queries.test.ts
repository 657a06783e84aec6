import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { seedDemoCity } from '../../src/lib/server/city/seed';
import { countAreasByLevel, getArea, getAreaTree, getCityOverview, listAreas, resolvePoint } from '../../src/lib/server/city';
import { getSetting, setSetting } from '../../src/lib/server/settings';
import { createTestDatabase, testDriver } from '../support/db';

describe(`city queries on ${testDriver}`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
    await seedDemoCity(database.db);
  });
  afterAll(async () => database?.close());

  it('gives the overview the map needs: name, centre, zoom, bounds and districts', async () => {
    const overview = await getCityOverview(database.db);
    const [lat, lng] = await getSetting(database.db, 'city.center');
    const [west, south, east, north] = await getSetting(database.db, 'city.bounds');
    expect(overview).toEqual({
      name: { zh: '文明市', en: 'Wenming City' },
      center: { lat, lng },
      zoom: 12,
      bounds: { west, south, east, north },
      districts: [
        { code: 'WM-01', nameZh: '文华区', nameEn: 'Wenhua District' },
        { code: 'WM-02', nameZh: '明德区', nameEn: 'Mingde District' },
        { code: 'WM-03', nameZh: '南湖区', nameEn: 'Nanhu District' },
      ],
    });
    expect(west).toBeLessThan(lng);
    expect(lng).toBeLessThan(east);
    expect(south).toBeLessThan(lat);
    expect(lat).toBeLessThan(north);
  });

  it('reflects a changed setting in the overview straight away', async () => {
    await setSetting(database.db, 'city.zoom', 13);
    expect((await getCityOverview(database.db)).zoom).toBe(13);
    await setSetting(database.db, 'city.zoom', 12);
  });

  it('lists areas by level and by parent, in code order', async () => {
    const communities = await listAreas(database.db, { level: 'community' });
    expect(communities).toHaveLength(30);
    expect(communities.map((c) => c.code)).toEqual([...communities.map((c) => c.code)].sort());
    const first = communities[0]!;
    const cells = await listAreas(database.db, { parentId: first.id });
    expect(cells.length).toBeGreaterThanOrEqual(3);
    expect(cells.every((cell) => cell.level === 'grid' && cell.parentId === first.id)).toBe(true);
    expect(await listAreas(database.db)).toHaveLength(161);
    expect(cells[0]).not.toHaveProperty('geometry');
  });

  it('counts areas per level', async () => {
    expect(await countAreasByLevel(database.db)).toEqual({ district: 3, subdistrict: 8, community: 30, grid: 120 });
  });

  it('finds one area with its outline by id or by code', async () => {
    const byCode = await getArea(database.db, { code: 'WM-01-01' });
    expect(byCode).toMatchObject({ code: 'WM-01-01', level: 'subdistrict', nameZh: '文昌街道' });
    expect(byCode?.geometry.type).toBe('Polygon');
    expect(await getArea(database.db, { id: byCode!.id })).toEqual(byCode);
    expect(await getArea(database.db, { code: 'nowhere' })).toBeNull();
  });

  it('builds the tree a community picker groups by district and subdistrict', async () => {
    const tree = await getAreaTree(database.db);
    expect(tree.map((district) => district.nameZh)).toEqual(['文华区', '明德区', '南湖区']);
    expect(tree.flatMap((district) => district.children)).toHaveLength(8);
    const communities = tree.flatMap((district) => district.children.flatMap((subdistrict) => subdistrict.children));
    expect(communities).toHaveLength(30);
    expect(communities.every((community) => community.level === 'community' && community.children.length === 0)).toBe(true);
    expect(tree[0]!.children[0]!.children[0]).toMatchObject({ nameZh: '和谐社区', nameEn: 'Hexie Community' });
  });

  it('goes down to the grid cells when asked', async () => {
    const tree = await getAreaTree(database.db, { depth: 'grid' });
    const cells = tree.flatMap((d) => d.children.flatMap((s) => s.children.flatMap((c) => c.children)));
    expect(cells).toHaveLength(120);
  });

  it('resolves a point the same way inside a transaction', async () => {
    const point = { lat: 28.2, lng: 113.0 };
    const outside = await resolvePoint(database.db, point);
    expect(outside).not.toBeNull();
    expect(await database.db.transaction((tx) => resolvePoint(tx, point))).toEqual(outside);
  });
});
