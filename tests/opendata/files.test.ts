import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { areas, reports, volunteerHours, volunteerProjects, volunteers, volunteerTeams } from '../../db/schema';
import { parseCsv } from '../../src/lib/server/csv';
import { getRatesReport } from '../../src/lib/server/metrics';
import { DATASETS, dataPackage, datasetCsv, datasetJson, findArea, findDataset, GEOJSON_PAGE_SIZE, openDataLicense, publicReportsGeoJson } from '../../src/lib/server/opendata';
import { departmentLeague, submitReport, transitionReport } from '../../src/lib/server/reports';
import type { LocalDiskStorage } from '../../src/lib/server/storage';
import { createOpenCampaign } from '../quizzes/fixtures';
import { createTestDatabase, testDriver } from '../support/db';
import { type Cast, photo, pointInCell, prepareReports, sanitationId } from '../reports/fixtures';

// Personal data planted in the data the files are made from: none of it may come out.
const PHONE = '13912345678';
const ID_NUMBER = '110101199003074514';
const NAME = '欧阳明月';
const VOLUNTEER_PHONE = '13700001111';
const NOW = new Date('2026-12-04T10:00:00+08:00');

async function text(chunks: AsyncGenerator<string>): Promise<string> {
  let out = '';
  for await (const chunk of chunks) out += chunk;
  return out;
}

describe(`open data on ${testDriver}`, () => {
  let database: Database;
  let cast: Cast;
  let storage: LocalDiskStorage;
  let point: { lat: number; lng: number };
  let closedId: number;
  let submittedId: number;

  beforeAll(async () => {
    database = await createTestDatabase();
    const db = database.db;
    let cell;
    ({ cell, cast, storage } = await prepareReports(db));
    point = (await pointInCell(db, cell))!;
    const sanitation = await sanitationId(db);
    const submit = async (description: string) => {
      const result = await submitReport(db, storage, { actor: cast.resident, source: 'web' }, { ...point, categoryCode: 'litter', description, photos: [await photo()] });
      if (!result.ok) throw new Error(JSON.stringify(result));
      return result.report.id;
    };
    closedId = await submit(`${NAME}家门口乱扔垃圾，电话${PHONE}，身份证${ID_NUMBER}`);
    for (const [to, who] of [
      ['accepted', 'moderator'],
      ['assigned', 'moderator'],
      ['in_progress', 'staff'],
      ['rectified', 'staff'],
      ['closed', 'moderator'],
    ] as const) {
      const [{ version }] = (await db.select({ version: reports.version }).from(reports).where(eq(reports.id, closedId))) as [{ version: number }];
      const result = await transitionReport(db, storage, cast[who], closedId, {
        to,
        version,
        note: `已处理，联系${PHONE}`,
        departmentId: sanitation,
        afterPhotos: to === 'rectified' ? [await photo('green')] : [],
      });
      if (!result.ok) throw new Error(`${to}: ${JSON.stringify(result)}`);
    }
    // Not yet accepted: counted in the aggregates, never on the map.
    submittedId = await submit(`还没受理的报告，${NAME}`);

    const [community] = await db.select({ id: areas.id }).from(areas).where(eq(areas.level, 'community')).limit(1);
    const [district] = await db.select({ id: areas.id }).from(areas).where(eq(areas.level, 'district')).limit(1);
    const [team] = await db.insert(volunteerTeams).values({ name: '测试队', organization: '测试组织' }).returning({ id: volunteerTeams.id });
    const [volunteer] = await db
      .insert(volunteers)
      .values({
        userId: cast.volunteer.id,
        realName: NAME,
        idNumberCipher: 'x',
        idNumberHash: 'h',
        idNumberMasked: '1101**********4514',
        phone: VOLUNTEER_PHONE,
        communityId: community!.id,
      })
      .returning({ id: volunteers.id });
    const [project] = await db
      .insert(volunteerProjects)
      .values({ teamId: team!.id, title: '文明交通劝导', type: 'traffic', lat: point.lat, lng: point.lng, communityId: community!.id, districtId: district!.id })
      .returning({ id: volunteerProjects.id });
    await db.insert(volunteerHours).values([
      { volunteerId: volunteer!.id, projectId: project!.id, source: 'system', servedOn: '2026-11-20', minutes: 120, approvedMinutes: 90, status: 'approved' },
      { volunteerId: volunteer!.id, projectId: project!.id, source: 'system', servedOn: '2026-11-21', minutes: 60, status: 'pending' },
    ]);
    await createOpenCampaign(db);
  });
  afterAll(async () => database?.close());

  it('writes every dataset as CSV with its dictionary as the header, and as JSON with the same rows', async () => {
    const license = await openDataLicense(database.db);
    for (const dataset of DATASETS) {
      const csv = parseCsv(await text(datasetCsv(database.db, dataset, NOW)));
      expect(csv[0]).toEqual(dataset.columns.map((c) => c.name));
      const json = JSON.parse(await text(datasetJson(database.db, dataset, NOW, license)));
      expect(json.dataset).toBe(dataset.id);
      expect(json.license.id).toBe('CC-BY-4.0');
      expect(json.fields.map((f: { name: string }) => f.name)).toEqual(dataset.columns.map((c) => c.name));
      expect(json.rows.length).toBe(csv.length - 1);
      for (const [i, row] of json.rows.entries()) expect(csv[i + 1]).toEqual(dataset.columns.map((c) => (row[c.name] === null ? '' : String(row[c.name]))));
    }
  });

  it('counts reports by month, category, district and status as the reports table does', async () => {
    const json = JSON.parse(await text(datasetJson(database.db, findDataset('reports-monthly')!, NOW, await openDataLicense(database.db))));
    const total = json.rows.reduce((sum: number, row: { reports: number }) => sum + row.reports, 0);
    expect(total).toBe((await database.db.select({ id: reports.id }).from(reports)).length);
    const closed = json.rows.find((row: { status: string }) => row.status === 'closed');
    expect(closed).toMatchObject({ category_code: 'litter', reports: 1 });
    expect(closed.median_days_to_close).toBeGreaterThanOrEqual(0);
    expect(json.rows.some((row: { status: string }) => row.status === 'submitted')).toBe(true);
  });

  it('gives the league table’s figures for each month', async () => {
    const json = JSON.parse(await text(datasetJson(database.db, findDataset('departments-monthly')!, NOW, await openDataLicense(database.db))));
    const month = NOW.toISOString().slice(0, 7);
    const league = await departmentLeague(database.db, month, NOW);
    const rows = json.rows.filter((row: { month: string }) => row.month === month);
    expect(rows.length).toBe(league.length);
    for (const [i, row] of league.entries()) {
      expect(rows[i]).toMatchObject({ department_zh: row.department.nameZh, received: row.received, rectified: row.rectified, overdue_red: row.overdue.red });
    }
  });

  it('sums only approved volunteer hours, by the project’s district', async () => {
    const json = JSON.parse(await text(datasetJson(database.db, findDataset('volunteer-hours-monthly')!, NOW, await openDataLicense(database.db))));
    expect(json.rows).toEqual([expect.objectContaining({ month: '2026-11', approved_hours: 1.5, volunteers: 1, records: 1 })]);
  });

  it('gives the public rates page’s city and district figures, and no community', async () => {
    const json = JSON.parse(await text(datasetJson(database.db, findDataset('rates')!, NOW, await openDataLicense(database.db))));
    const campaignId = json.rows[0].campaign_id;
    const report = await getRatesReport(database.db, campaignId, { trend: false });
    expect(json.rows.length).toBe((1 + report.districts.length) * 4);
    expect(json.rows.every((row: { level: string }) => row.level === 'city' || row.level === 'district')).toBe(true);
    const city = json.rows.find((row: { level: string; measure: string }) => row.level === 'city' && row.measure === 'awareness');
    expect(city).toMatchObject({ n: report.city.measures.awareness.n, small_sample: report.city.measures.awareness.small });
  });

  it('maps only public reports, with points rounded to about 50 m, filtered by date and area, paged', async () => {
    const page = await publicReportsGeoJson(database.db, {});
    const ids = page.features.map((f) => f.id);
    expect(ids).toContain(closedId);
    expect(ids).not.toContain(submittedId);
    const feature = page.features.find((f) => f.id === closedId)!;
    const [lng, lat] = feature.geometry.coordinates;
    expect(Math.abs(lat! - point.lat) * 111_000).toBeLessThan(30);
    expect(Math.abs(lng! - point.lng) * 98_000).toBeLessThan(30);
    expect(Math.round(lat! / 0.0005) * 0.0005).toBeCloseTo(lat!, 9);
    expect(page.nextAfter).toBeNull();
    expect(GEOJSON_PAGE_SIZE).toBe(1000);

    expect((await publicReportsGeoJson(database.db, { from: '2099-01-01' })).features).toEqual([]);
    expect((await publicReportsGeoJson(database.db, { to: '2001-01-01' })).features).toEqual([]);
    expect((await publicReportsGeoJson(database.db, { after: closedId })).features.map((f) => f.id)).not.toContain(closedId);
    const [row] = await database.db.select({ districtId: reports.districtId, communityId: reports.communityId }).from(reports).where(eq(reports.id, closedId));
    const [code] = await database.db.select({ code: areas.code }).from(areas).where(eq(areas.id, row!.communityId!));
    const areaId = await findArea(database.db, code!.code);
    expect(areaId).toBe(row!.communityId);
    expect((await publicReportsGeoJson(database.db, { areaId })).features.map((f) => f.id)).toContain(closedId);
    expect(await findArea(database.db, 'no-such-area')).toBeUndefined();
  });

  it('puts no phone number, ID number, name, description or exact point in any file', async () => {
    const license = await openDataLicense(database.db);
    const files = [
      ...(await Promise.all(DATASETS.map((d) => text(datasetCsv(database.db, d, NOW))))),
      ...(await Promise.all(DATASETS.map((d) => text(datasetJson(database.db, d, NOW, license))))),
      JSON.stringify(await publicReportsGeoJson(database.db, {})),
      JSON.stringify(dataPackage('https://wenming.example', license, { zh: '文明市', en: 'Wenming City' })),
    ];
    for (const file of files) {
      for (const secret of [PHONE, ID_NUMBER, NAME, VOLUNTEER_PHONE, '乱扔垃圾，电话', String(point.lat), String(point.lng), 't-resident']) expect(file).not.toContain(secret);
      expect(file).not.toMatch(/1[3-9]\d{9}/);
    }
  });

  it('describes every file in a data package with its licence and fields', () => {
    const descriptor = dataPackage(
      'https://wenming.example',
      { id: 'CC-BY-4.0', titleZh: '署名', titleEn: 'Attribution', url: 'https://creativecommons.org/licenses/by/4.0/' },
      { zh: '文明市', en: 'Wenming City' },
    );
    expect(descriptor.resources.map((r) => r.path)).toEqual([
      ...DATASETS.flatMap((d) => [`https://wenming.example/open-data/${d.id}.csv`, `https://wenming.example/open-data/${d.id}.json`]),
      'https://wenming.example/open-data/reports.geojson',
    ]);
    for (const resource of descriptor.resources) {
      expect(resource.schema.fields.length).toBeGreaterThan(0);
      expect(resource.licenses[0]!.name).toBe('CC-BY-4.0');
    }
  });
});
