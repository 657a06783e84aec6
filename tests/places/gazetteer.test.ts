import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { auditLog, places } from '../../db/schema';
import { seedDemoCity } from '../../src/lib/server/city/seed';
import { resolvePoint } from '../../src/lib/server/city';
import { describePoint, importPlaces, searchPlaces } from '../../src/lib/server/places';
import { createTestDatabase, testDriver } from '../support/db';
import { createAdmin } from '../city/fixtures';

const ROAD = {
  type: 'LineString',
  coordinates: [
    [112.99, 28.2],
    [113.0, 28.2],
    [113.01, 28.2],
  ],
};
const GEOJSON = JSON.stringify({
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', geometry: ROAD, properties: { name: '解放西路', name_en: 'Jiefang West Road', aliases: ['解放路西段'] } },
    { type: 'Feature', geometry: { type: 'Point', coordinates: [113.02, 28.21] }, properties: { name: '人民公园', name_en: 'People’s Park', aliases: '人民广场公园' } },
  ],
});

describe(`the gazetteer on ${testDriver}`, () => {
  let database: Database;
  let admin: { id: number; role: 'admin' };

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedDemoCity(database.db);
    admin = (await createAdmin(database.db)) as { id: number; role: 'admin' };
    const result = await importPlaces(database.db, admin, 'geojson', GEOJSON);
    expect(result).toEqual({ ok: true, inserted: 2, updated: 0 });
    const csv = '\uFEFFname,name_en,aliases,kind,lat,lng\r\n五一广场,Wuyi Square,五一、五一大道广场,place,28.19,112.98\r\n';
    expect(await importPlaces(database.db, admin, 'csv', csv)).toEqual({ ok: true, inserted: 1, updated: 0 });
  });
  afterAll(() => database?.close());

  it('finds an imported road by a prefix, a substring, an alias and its pinyin initials', async () => {
    for (const q of ['解放', '西路', '解放路西', 'jfxl', 'jiefang', 'Jiefang West']) {
      const [first] = await searchPlaces(database.db, q, 'zh-CN');
      expect(first, q).toMatchObject({ kind: 'road', nameZh: '解放西路', lat: 28.2, lng: 113.0 });
      expect(first!.bbox).toEqual([112.99, 28.2, 113.01, 28.2]);
    }
  });

  it('finds the city’s own areas and names results in the asked language', async () => {
    const [district] = await searchPlaces(database.db, '区', 'en', 20);
    expect(district?.kind).toBe('district');
    expect(district?.name).toBe(district?.nameEn);
    const hits = await searchPlaces(database.db, '广场', 'zh-CN');
    expect(hits.map((h) => h.nameZh)).toContain('五一广场');
  });

  it('treats LIKE wildcards in a query as plain characters and answers nothing for blank queries', async () => {
    expect(await searchPlaces(database.db, '%', 'zh-CN')).toEqual([]);
    expect(await searchPlaces(database.db, '_', 'zh-CN')).toEqual([]);
    expect(await searchPlaces(database.db, '   ', 'zh-CN')).toEqual([]);
  });

  it('describes a point near the road with the road, its community and its subdistrict', async () => {
    const point = { lat: 28.2008, lng: 113.004 };
    const resolved = (await resolvePoint(database.db, point))!;
    const zh = await describePoint(database.db, point, 'zh-CN');
    expect(zh.near).toMatchObject({ nameZh: '解放西路', distanceMeters: 89 });
    expect(zh.text).toBe(`解放西路附近，${resolved.community.nameZh}，${resolved.subdistrict.nameZh}`);
    const en = await describePoint(database.db, point, 'en');
    expect(en.text).toBe(`near Jiefang West Road, ${resolved.community.nameEn}, ${resolved.subdistrict.nameEn}`);
  });

  it('leaves the place out when nothing is within 300 m, and gives coordinates outside the city', async () => {
    const point = { lat: 28.25, lng: 112.95 };
    const resolved = (await resolvePoint(database.db, point))!;
    expect((await describePoint(database.db, point, 'zh-CN')).text).toBe(`${resolved.community.nameZh}，${resolved.subdistrict.nameZh}`);
    expect((await describePoint(database.db, { lat: 30, lng: 120 }, 'en')).text).toBe('30.00000, 120.00000');
  });

  it('refuses a file with bad rows whole, naming each row, and writes nothing', async () => {
    const before = await database.db.$count(places);
    const audits = await database.db.$count(auditLog);
    const bad = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [113, 28.2] }, properties: { name: '好的地方' } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [200, 28.2] }, properties: { name: '' } },
        { type: 'Feature', geometry: { type: 'Polygon', coordinates: [] }, properties: { name: '某地', kind: 'lake' } },
      ],
    });
    const result = await importPlaces(database.db, admin, 'geojson', bad);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.row, e.key.replace('places.import.error.', '')])).toEqual([
      [2, 'name'],
      [2, 'geometry'],
      [3, 'geometry'],
      [3, 'kind'],
    ]);
    expect(await database.db.$count(places)).toBe(before);
    expect(await database.db.$count(auditLog)).toBe(audits);
    expect((await importPlaces(database.db, admin, 'csv', 'foo,bar\n1,2\n')).ok).toBe(false);
    expect((await importPlaces(database.db, admin, 'geojson', '{not json')).ok).toBe(false);
  });

  it('updates a re-imported place by its kind and name instead of adding another', async () => {
    const csv = 'name,lat,lng,aliases\n五一广场,28.191,112.981,五一\n';
    expect(await importPlaces(database.db, admin, 'csv', csv)).toEqual({ ok: true, inserted: 0, updated: 1 });
    const [hit] = await searchPlaces(database.db, '五一广场', 'zh-CN');
    expect(hit).toMatchObject({ lat: 28.191, lng: 112.981 });
  });
});
