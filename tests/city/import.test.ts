import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { areas, auditLog, departments } from '../../db/schema';
import { seedDemoCity } from '../../src/lib/server/city/seed';
import { translator } from '../../src/i18n';
import en from '../../src/i18n/en/city.json';
import zh from '../../src/i18n/zh-CN/city.json';
import { exportCityGeoJson, importCityGeoJson, type CityFeatureCollection, type ImportResult } from '../../src/lib/server/city';
import { createTestDatabase, testDriver } from '../support/db';
import { createAdmin, feature, rect, rowCounts, smallCity } from './fixtures';

type Admin = Awaited<ReturnType<typeof createAdmin>>;
/** A feature as raw JSON, so tests can break it in ways the types forbid. */
type Loose = Record<string, any>;

function failed(result: ImportResult) {
  if (result.ok) throw new Error(`Expected the import to fail, it succeeded: ${JSON.stringify(result.counts)}`);
  return result.errors;
}

describe(`importing the city from GeoJSON on ${testDriver}`, () => {
  let source: Database;
  let target: Database;
  let sourceAdmin: Admin;
  let targetAdmin: Admin;
  let demo: CityFeatureCollection;

  beforeAll(async () => {
    [source, target] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    await seedDemoCity(source.db);
    sourceAdmin = await createAdmin(source.db);
    targetAdmin = await createAdmin(target.db);
    demo = await exportCityGeoJson(source.db);
  });
  afterAll(async () => {
    await source?.close();
    await target?.close();
  });

  it('exports the demo city as a FeatureCollection, outermost level first', () => {
    expect(demo.type).toBe('FeatureCollection');
    expect(demo.features).toHaveLength(161);
    expect(demo.features[0]!.properties).toEqual({ code: 'WM-01', level: 'district', name: '文华区', name_en: 'Wenhua District' });
    expect(demo.features.slice(0, 3).map((f) => f.properties.level)).toEqual(['district', 'district', 'district']);
    const community = demo.features.find((f) => f.properties.level === 'community')!;
    expect(community.properties).toMatchObject({ parent: 'WM-01-01', population: expect.any(Number) });
  });

  it('imports that export into an empty database as the same tree', async () => {
    const result = await importCityGeoJson(target.db, JSON.stringify(demo), targetAdmin);
    expect(result).toEqual({
      ok: true,
      counts: { inserted: 161, updated: 0, byLevel: { district: 3, subdistrict: 8, community: 30, grid: 120 }, officesCreated: 8 },
    });
    expect(await exportCityGeoJson(target.db)).toEqual(demo);
  });

  it('creates the office of each new subdistrict', async () => {
    const offices = await target.db
      .select({ code: departments.code, nameZh: departments.nameZh, nameEn: departments.nameEn, areaCode: areas.code })
      .from(departments)
      .innerJoin(areas, eq(areas.id, departments.areaId))
      .where(eq(departments.kind, 'subdistrict_office'))
      .orderBy(asc(departments.code));
    expect(offices).toHaveLength(8);
    expect(offices[0]).toEqual({ code: 'subdistrict-office-WM-01-01', nameZh: '文昌街道办事处', nameEn: 'Wenchang Subdistrict Office', areaCode: 'WM-01-01' });
  });

  it('writes one audit entry naming the admin, with the counts before and after', async () => {
    const entries = await target.db.select().from(auditLog);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorId: targetAdmin.id,
      actorRole: 'admin',
      action: 'city.import',
      targetType: 'city',
      targetId: null,
      summary: {
        before: { areas: { district: 0, subdistrict: 0, community: 0, grid: 0 } },
        after: { areas: { district: 3, subdistrict: 8, community: 30, grid: 120 }, inserted: 161, updated: 0, officesCreated: 8 },
      },
    });
  });

  it('counts a second import of the same file as updates and changes nothing', async () => {
    const before = await rowCounts(target.db);
    const result = await importCityGeoJson(target.db, JSON.stringify(demo), targetAdmin);
    expect(result).toMatchObject({ ok: true, counts: { inserted: 0, updated: 161, officesCreated: 0 } });
    expect(await rowCounts(target.db)).toEqual({ ...before, audit: before.audit + 1 });
    expect(await exportCityGeoJson(target.db)).toEqual(demo);
  });

  it('updates an existing code in place and adds new codes under parents already in the city', async () => {
    const [old] = await source.db.select().from(areas).where(eq(areas.code, 'WM-01-01-01'));
    const renamed = structuredClone(demo.features.find((f) => f.properties.code === 'WM-01-01-01')!);
    renamed.properties.name = '和谐新村社区';
    renamed.properties.population = 9999;
    const west = 113.2; // a new subdistrict beside the city, under the existing district WM-03
    const file: CityFeatureCollection = {
      type: 'FeatureCollection',
      features: [
        renamed,
        feature('WM-03-03', 'subdistrict', 'WM-03', '新城街道', 'Xincheng Subdistrict', { type: 'Polygon', coordinates: [rect(west, 28.2, west + 0.02, 28.22)] }),
        feature('WM-03-03-01', 'community', 'WM-03-03', '新城社区', 'Xincheng Community', { type: 'Polygon', coordinates: [rect(west, 28.2, west + 0.02, 28.22)] }, 4000),
        feature('WM-03-03-01-01', 'grid', 'WM-03-03-01', '新城社区第1网格', 'Xincheng Community Grid 1', { type: 'Polygon', coordinates: [rect(west, 28.2, west + 0.02, 28.22)] }),
      ],
    };
    const result = await importCityGeoJson(source.db, JSON.stringify(file), sourceAdmin);
    expect(result).toEqual({
      ok: true,
      counts: { inserted: 3, updated: 1, byLevel: { district: 0, subdistrict: 1, community: 2, grid: 1 }, officesCreated: 1 },
    });
    const [now] = await source.db.select().from(areas).where(eq(areas.code, 'WM-01-01-01'));
    expect(now).toMatchObject({ id: old!.id, nameZh: '和谐新村社区', population: 9999, parentId: old!.parentId });
    const [office] = await source.db.select().from(departments).where(eq(departments.code, 'subdistrict-office-WM-03-03'));
    expect(office).toMatchObject({ nameZh: '新城街道办事处', nameEn: 'Xincheng Subdistrict Office', kind: 'subdistrict_office' });
    const [cell] = await source.db.select().from(areas).where(eq(areas.code, 'WM-03-03-01-01'));
    expect(cell).toMatchObject({ minLng: west, maxLng: west + 0.02, minLat: 28.2, maxLat: 28.22 });
  });

  it('accepts codes given as numbers, as official area codes often are, and stores them as text', async () => {
    const square = { type: 'Polygon' as const, coordinates: [rect(113.3, 28.3, 113.31, 28.31)] };
    const file = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { code: 439901, level: 'district', name: '数字区', name_en: 'Shuzi District' }, geometry: square },
        { type: 'Feature', properties: { code: 439901001, level: 'subdistrict', parent: 439901, name: '数字街道', name_en: 'Shuzi Subdistrict' }, geometry: square },
      ],
    };
    expect(await importCityGeoJson(source.db, JSON.stringify(file), sourceAdmin)).toMatchObject({ ok: true, counts: { inserted: 2 } });
    const [subdistrict] = await source.db.select({ code: areas.code, parentId: areas.parentId }).from(areas).where(eq(areas.code, '439901001'));
    const [district] = await source.db.select({ id: areas.id }).from(areas).where(eq(areas.code, '439901'));
    expect(subdistrict?.parentId).toBe(district!.id);
  });

  it("keeps an existing area's population when the file leaves it out", async () => {
    const community = structuredClone(demo.features.find((f) => f.properties.code === 'WM-01-01-02')!);
    const [before] = await source.db.select({ population: areas.population }).from(areas).where(eq(areas.code, 'WM-01-01-02'));
    delete community.properties.population;
    community.properties.name_en = 'Xingfu Community (East)';
    const result = await importCityGeoJson(source.db, JSON.stringify({ type: 'FeatureCollection', features: [community] }), sourceAdmin);
    expect(result.ok).toBe(true);
    const [after] = await source.db.select({ population: areas.population, nameEn: areas.nameEn }).from(areas).where(eq(areas.code, 'WM-01-01-02'));
    expect(after).toEqual({ population: before!.population, nameEn: 'Xingfu Community (East)' });
  });
});

describe(`rejecting a broken GeoJSON file on ${testDriver}`, () => {
  let database: Database;
  let admin: Admin;
  let snapshot: { counts: Awaited<ReturnType<typeof rowCounts>>; city: CityFeatureCollection };

  beforeAll(async () => {
    database = await createTestDatabase();
    admin = await createAdmin(database.db);
    const result = await importCityGeoJson(database.db, JSON.stringify(smallCity()), admin);
    expect(result.ok).toBe(true);
    snapshot = { counts: await rowCounts(database.db), city: await exportCityGeoJson(database.db) };
  });
  afterAll(async () => database?.close());

  /** Imports, then checks that the database is exactly as before: all or nothing. */
  async function importBroken(text: string) {
    const errors = failed(await importCityGeoJson(database.db, text, admin));
    expect(await rowCounts(database.db)).toEqual(snapshot.counts);
    expect(await exportCityGeoJson(database.db)).toEqual(snapshot.city);
    const t = { zh: translator('zh-CN'), en: translator('en') };
    for (const error of errors) {
      expect(zh).toHaveProperty([error.key]);
      expect(en).toHaveProperty([error.key]);
      // Every placeholder of both messages is filled.
      expect(t.zh(error.key, error.params)).not.toMatch(/\{\w+\}/);
      expect(t.en(error.key, error.params)).not.toMatch(/\{\w+\}/);
      if (error.feature !== null) expect(error.params.feature).toBe(error.feature + 1);
    }
    return errors;
  }

  it.each([
    ['a file that is not JSON', '{"type": "FeatureCollection", ', 'notJson'],
    ['JSON that is not a FeatureCollection', '{"type": "Feature", "properties": {}}', 'notFeatureCollection'],
    ['a FeatureCollection whose features are not a list', '{"type": "FeatureCollection", "features": {}}', 'notFeatureCollection'],
    ['JSON null', 'null', 'notFeatureCollection'],
    ['a FeatureCollection without features', '{"type": "FeatureCollection", "features": []}', 'empty'],
  ])('reports %s as a problem of the whole file', async (_name, text, key) => {
    expect(await importBroken(text)).toEqual([{ feature: null, code: null, key: `city.import.error.${key}`, params: {} }]);
  });

  const cases: [string, (features: Loose[]) => void, { feature: number; code: string | null; key: string; params?: Record<string, unknown> }][] = [
    ['something that is not a Feature', (f) => (f[3] = { type: 'Point', coordinates: [113, 28] }), { feature: 3, code: null, key: 'notFeature' }],
    ['a feature without properties', (f) => delete f[4]!.properties, { feature: 4, code: null, key: 'missingProperties' }],
    ['a feature without a code', (f) => delete f[3]!.properties.code, { feature: 3, code: null, key: 'missingProperty', params: { property: 'code' } }],
    ['a feature without a level', (f) => delete f[3]!.properties.level, { feature: 3, code: 'T-G1', key: 'missingProperty', params: { property: 'level' } }],
    ['a feature without a Chinese name', (f) => delete f[3]!.properties.name, { feature: 3, code: 'T-G1', key: 'missingProperty', params: { property: 'name' } }],
    ['a feature with a blank English name', (f) => (f[3]!.properties.name_en = '  '), { feature: 3, code: 'T-G1', key: 'missingProperty', params: { property: 'name_en' } }],
    ['a name that is not text', (f) => (f[3]!.properties.name = 42), { feature: 3, code: 'T-G1', key: 'badProperty', params: { property: 'name' } }],
    ['a grid cell without a parent', (f) => delete f[4]!.properties.parent, { feature: 4, code: 'T-G2', key: 'missingProperty', params: { property: 'parent' } }],
    ['a code with spaces and punctuation', (f) => (f[3]!.properties.code = 'T G1!'), { feature: 3, code: 'T G1!', key: 'badCode' }],
    ['a code that is neither text nor a whole number', (f) => (f[3]!.properties.code = { id: 1 }), { feature: 3, code: null, key: 'badCode' }],
    [
      'a parent that is neither text nor a whole number',
      (f) => (f[3]!.properties.parent = ['T-C']),
      { feature: 3, code: 'T-G1', key: 'badProperty', params: { property: 'parent' } },
    ],
    ['an unknown level', (f) => (f[3]!.properties.level = 'province'), { feature: 3, code: 'T-G1', key: 'unknownLevel', params: { level: 'province' } }],
    ['a negative population', (f) => (f[2]!.properties.population = -1), { feature: 2, code: 'T-C', key: 'badPopulation' }],
    ['a fractional population', (f) => (f[2]!.properties.population = 2.5), { feature: 2, code: 'T-C', key: 'badPopulation' }],
    ['a district with a parent', (f) => (f[0]!.properties.parent = 'T-S'), { feature: 0, code: 'T', key: 'unexpectedParent' }],
    ['a feature without geometry', (f) => (f[3]!.geometry = null), { feature: 3, code: 'T-G1', key: 'geometryMissing' }],
    ['a Point geometry', (f) => (f[3]!.geometry = { type: 'Point', coordinates: [113, 28] }), { feature: 3, code: 'T-G1', key: 'geometryType', params: { type: 'Point' } }],
    ['coordinates that are not a list', (f) => (f[3]!.geometry.coordinates = 'here'), { feature: 3, code: 'T-G1', key: 'geometryShape' }],
    [
      'a coordinate that is a string',
      (f) => (f[3]!.geometry.coordinates[0][1] = ['113.01', 28]),
      { feature: 3, code: 'T-G1', key: 'coordinateNotNumber', params: { polygon: 1, ring: 1, position: 2 } },
    ],
    [
      'a latitude beyond the pole',
      (f) => (f[3]!.geometry.coordinates[0][2] = [113.01, 95]),
      { feature: 3, code: 'T-G1', key: 'coordinateOutOfRange', params: { polygon: 1, ring: 1, position: 3, lng: 113.01, lat: 95 } },
    ],
    [
      'a ring of three positions',
      (f) =>
        (f[3]!.geometry.coordinates[0] = [
          [113, 28],
          [113.01, 28],
          [113, 28],
        ]),
      { feature: 3, code: 'T-G1', key: 'ringTooShort', params: { polygon: 1, ring: 1, count: 3 } },
    ],
    ['a ring that is not closed', (f) => f[3]!.geometry.coordinates[0].pop(), { feature: 3, code: 'T-G1', key: 'ringNotClosed', params: { polygon: 1, ring: 1 } }],
    ['a hole that is not closed', (f) => f[5]!.geometry.coordinates[1].pop(), { feature: 5, code: 'T-G3', key: 'ringNotClosed', params: { polygon: 1, ring: 2 } }],
    [
      'a bow-tie ring',
      (f) =>
        (f[3]!.geometry.coordinates[0] = [
          [113, 28],
          [113.01, 28.02],
          [113.01, 28],
          [113, 28.02],
          [113, 28],
        ]),
      { feature: 3, code: 'T-G1', key: 'ringSelfIntersects', params: { polygon: 1, ring: 1 } },
    ],
    [
      'a ring that folds back on itself',
      (f) =>
        (f[3]!.geometry.coordinates[0] = [
          [113, 28],
          [113.01, 28],
          [113.005, 28],
          [113.005, 28.01],
          [113, 28],
        ]),
      { feature: 3, code: 'T-G1', key: 'ringSelfIntersects', params: { polygon: 1, ring: 1 } },
    ],
    [
      'a self-intersecting ring in the second part of a MultiPolygon',
      (f) =>
        (f[7]!.geometry.coordinates[1][0] = [
          [113.04, 28.015],
          [113.05, 28.02],
          [113.05, 28.015],
          [113.04, 28.02],
          [113.04, 28.015],
        ]),
      { feature: 7, code: 'T-G5', key: 'ringSelfIntersects', params: { polygon: 2, ring: 1 } },
    ],
    ['a parent that exists nowhere', (f) => (f[4]!.properties.parent = 'NOWHERE'), { feature: 4, code: 'T-G2', key: 'unknownParent', params: { parent: 'NOWHERE' } }],
    ['a grid cell under a subdistrict', (f) => (f[4]!.properties.parent = 'T-S'), { feature: 4, code: 'T-G2', key: 'parentMustBeCommunity', params: { parent: 'T-S' } }],
    ['a community under a district', (f) => (f[2]!.properties.parent = 'T'), { feature: 2, code: 'T-C', key: 'parentMustBeSubdistrict', params: { parent: 'T' } }],
    ['a subdistrict under a community', (f) => (f[1]!.properties.parent = 'T-C'), { feature: 1, code: 'T-S', key: 'parentMustBeDistrict', params: { parent: 'T-C' } }],
    ['a code used twice in the file', (f) => (f[4]!.properties.code = 'T-G1'), { feature: 4, code: 'T-G1', key: 'duplicateCode', params: { first: 4 } }],
    ['an existing code given another level', (f) => Object.assign(f[6]!.properties, { level: 'community', parent: 'T-S' }), { feature: 6, code: 'T-G4', key: 'levelChange' }],
  ];

  it.each(cases)('rejects %s, naming the feature, and writes nothing', async (_name, breakIt, expected) => {
    const file = smallCity() as unknown as { features: Loose[] };
    breakIt(file.features);
    const errors = await importBroken(JSON.stringify(file));
    expect(errors).toContainEqual({
      feature: expected.feature,
      code: expected.code,
      key: `city.import.error.${expected.key}`,
      params: expect.objectContaining({ feature: expected.feature + 1, code: expected.code ?? '—', ...expected.params }),
    });
  });

  it('reports every problem of a file at once, in feature order, and applies none of its valid changes', async () => {
    const file = smallCity() as unknown as { features: Loose[] };
    file.features[2]!.properties.name = '改名社区'; // valid on its own, must not be applied
    file.features[8]!.properties.parent = 'NOWHERE';
    file.features[3]!.geometry.coordinates[0].pop();
    file.features[6]!.properties.code = 'T-G2';
    file.features[6]!.properties.level = 'city';
    const errors = await importBroken(JSON.stringify(file));
    expect(errors.map((error) => [error.feature, error.key.replace('city.import.error.', '')])).toEqual([
      [3, 'ringNotClosed'],
      [6, 'unknownLevel'],
      [6, 'duplicateCode'],
      [8, 'unknownParent'],
    ]);
  });
});
