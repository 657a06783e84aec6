/**
 * The open-data files: each dataset as CSV (UTF-8 with BOM, as spreadsheets expect) or JSON, a
 * Frictionless Data Package (`datapackage.json`) that lists every file with its data dictionary and
 * licence, and the public reports as GeoJSON, paged, with points rounded to about 50 m.
 * Writers are generators of text chunks, so routes stream them and memory stays flat.
 */
import { and, asc, eq, gt, gte, inArray, lt, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../../../db/client';
import { areas, reportCategories, reports } from '../../../../db/schema';
import { BOM } from '../csv';
import { getSetting, type OpenDataLicense } from '../settings';
import { PUBLIC_STATUSES } from '../reports/workflow';
import { PUBLIC_POINT_DEGREES, publicDegrees } from '../reports/public-point';
import { DATASETS, type Dataset, type Row } from './datasets';
import { addDays, cityTimestampSql, startOfCityDay } from '../time';
import { csvField } from '../output';
import { publicOnly } from '../community/visibility';

export async function* datasetCsv(db: Db, dataset: Dataset, now: Date): AsyncGenerator<string> {
  const names = dataset.columns.map((c) => c.name);
  yield BOM + names.map(csvField).join(',') + '\r\n';
  for await (const batch of dataset.rows(db, now)) {
    if (batch.length) yield batch.map((row) => names.map((name) => csvField(row[name])).join(',') + '\r\n').join('');
  }
}

/** `{dataset, title, license, generated, fields, rows: [...]}`, the rows streamed as they come. */
export async function* datasetJson(db: Db, dataset: Dataset, now: Date, license: OpenDataLicense): AsyncGenerator<string> {
  const head = {
    dataset: dataset.id,
    title: { zh: dataset.titleZh, en: dataset.titleEn },
    license,
    generated: now.toISOString(),
    fields: dataset.columns.map(field),
  };
  yield JSON.stringify(head).slice(0, -1) + ',"rows":[';
  let first = true;
  for await (const batch of dataset.rows(db, now)) {
    for (const row of batch) {
      yield (first ? '' : ',') + JSON.stringify(pick(row, dataset));
      first = false;
    }
  }
  yield ']}';
}

const pick = (row: Row, dataset: Dataset) => Object.fromEntries(dataset.columns.map((c) => [c.name, row[c.name] ?? null]));

/** A Table Schema field (Frictionless): the column's name, type, and its description in both languages. */
function field(column: Dataset['columns'][number]) {
  return { name: column.name, type: column.type, title: column.zh, description: column.en };
}

/** The Data Package descriptor: every file, its format, dictionary and licence. */
export function dataPackage(origin: string, license: OpenDataLicense, cityName: { zh: string; en: string }) {
  const licenses = [{ name: license.id, path: license.url, title: license.titleEn }];
  const resources: {
    name: string;
    path: string;
    format: string;
    mediatype: string;
    encoding: string;
    title: string;
    description: string;
    licenses: typeof licenses;
    schema: { fields: ReturnType<typeof field>[] };
  }[] = DATASETS.flatMap((dataset) =>
    (['csv', 'json'] as const).map((format) => ({
      name: `${dataset.id}-${format}`,
      path: `${origin}/open-data/${dataset.id}.${format}`,
      format,
      mediatype: format === 'csv' ? 'text/csv' : 'application/json',
      encoding: 'utf-8',
      title: `${dataset.titleZh} / ${dataset.titleEn}`,
      description: `${dataset.descriptionZh}\n${dataset.descriptionEn}`,
      licenses,
      schema: { fields: dataset.columns.map(field) },
    })),
  );
  resources.push({
    name: 'reports-geojson',
    path: `${origin}/open-data/reports.geojson`,
    format: 'geojson',
    mediatype: 'application/geo+json',
    encoding: 'utf-8',
    title: '公开的不文明行为报告（位置约50米精度） / Public reports (points rounded to about 50 m)',
    description: `${GEOJSON_DESCRIPTION.zh}\n${GEOJSON_DESCRIPTION.en}`,
    licenses,
    schema: { fields: GEOJSON_FIELDS.map(field) },
  });
  return {
    profile: 'data-package',
    name: 'wenming-open-data',
    title: `${cityName.zh}文明城市创建开放数据 / ${cityName.en} civilized-city campaign open data`,
    licenses,
    resources,
  };
}

export async function openDataLicense(db: Db): Promise<OpenDataLicense> {
  return getSetting(db, 'openData.license');
}

/** Points are the public ones (src/lib/server/reports/public-point.ts): rounded to 0.0005°, about 50 m. */
export const POINT_GRID_DEGREES = PUBLIC_POINT_DEGREES;
const roundPoint = publicDegrees;

export const GEOJSON_PAGE_SIZE = 1000;

export const GEOJSON_DESCRIPTION = {
  zh: '公开可见的报告（已受理及之后的状态），每个要素一条：类别、状态、所在区和社区、提交和办结日期（北京时间），位置四舍五入到约50米。不含描述、照片或报告人。按 id 分页，每页最多1000条，next 给出下一页地址。',
  en: 'Reports the public can see (accepted and later), one feature each: category, status, district and community, dates submitted and closed (China time), the point rounded to about 50 m. No descriptions, photos or reporters. Paged by id, at most 1000 a page; `next` links the next page.',
};

export const GEOJSON_FIELDS = [
  { name: 'id', type: 'integer' as const, zh: '报告编号', en: 'Report id' },
  { name: 'category_code', type: 'string' as const, zh: '类别代码', en: 'Category code' },
  { name: 'category_zh', type: 'string' as const, zh: '类别（中文）', en: 'Category (Chinese)' },
  { name: 'category_en', type: 'string' as const, zh: '类别（英文）', en: 'Category (English)' },
  { name: 'status', type: 'string' as const, zh: '当前状态代码', en: 'Current status code' },
  { name: 'district_code', type: 'string' as const, zh: '区代码', en: 'District code' },
  { name: 'community_code', type: 'string' as const, zh: '社区代码', en: 'Community code' },
  { name: 'community_zh', type: 'string' as const, zh: '社区（中文）', en: 'Community (Chinese)' },
  { name: 'submitted_on', type: 'date' as const, zh: '提交日期（北京时间）', en: 'Date submitted (China time)' },
  { name: 'closed_on', type: 'date' as const, zh: '办结日期（北京时间）', en: 'Date closed (China time)' },
];

export interface GeoJsonQuery {
  /** Calendar days in China time, inclusive. */
  from?: string | undefined;
  to?: string | undefined;
  /** Any level of the grid. */
  areaId?: number | undefined;
  /** Keyset cursor: reports with a larger id. */
  after?: number | undefined;
}

const district = alias(areas, 'gj_district');
const community = alias(areas, 'gj_community');
const chinaDay = (column: unknown) => sql<string | null>`to_char(${cityTimestampSql(column)}, 'YYYY-MM-DD')`;

/** One page of public reports as a GeoJSON FeatureCollection; `next` is the query for the page after, if any. */
export async function publicReportsGeoJson(db: Db, query: GeoJsonQuery) {
  const parts = [inArray(reports.status, [...PUBLIC_STATUSES]), publicOnly('report', reports.id)];
  if (query.after) parts.push(gt(reports.id, query.after));
  const from = query.from ? startOfCityDay(query.from) : null;
  const to = query.to ? startOfCityDay(addDays(query.to, 1)) : null;
  if (from) parts.push(gte(reports.createdAt, from));
  if (to) parts.push(lt(reports.createdAt, to));
  if (query.areaId) {
    const id = query.areaId;
    parts.push(or(eq(reports.districtId, id), eq(reports.subdistrictId, id), eq(reports.communityId, id), eq(reports.gridId, id))!);
  }
  const rows = await db
    .select({
      id: reports.id,
      lat: reports.lat,
      lng: reports.lng,
      status: reports.status,
      categoryCode: reportCategories.code,
      categoryZh: reportCategories.nameZh,
      categoryEn: reportCategories.nameEn,
      districtCode: district.code,
      communityCode: community.code,
      communityZh: community.nameZh,
      submittedOn: chinaDay(reports.createdAt),
      closedOn: chinaDay(reports.closedAt),
    })
    .from(reports)
    .innerJoin(reportCategories, eq(reportCategories.id, reports.categoryId))
    .leftJoin(district, eq(district.id, reports.districtId))
    .leftJoin(community, eq(community.id, reports.communityId))
    .where(and(...parts))
    .orderBy(asc(reports.id))
    .limit(GEOJSON_PAGE_SIZE + 1);
  const more = rows.length > GEOJSON_PAGE_SIZE;
  const page = more ? rows.slice(0, GEOJSON_PAGE_SIZE) : rows;
  return {
    type: 'FeatureCollection' as const,
    features: page.map((r) => ({
      type: 'Feature' as const,
      id: r.id,
      geometry: { type: 'Point' as const, coordinates: [roundPoint(r.lng), roundPoint(r.lat)] },
      properties: {
        id: r.id,
        category_code: r.categoryCode,
        category_zh: r.categoryZh,
        category_en: r.categoryEn,
        status: r.status,
        district_code: r.districtCode ?? null,
        community_code: r.communityCode ?? null,
        community_zh: r.communityZh ?? null,
        submitted_on: r.submittedOn,
        closed_on: r.closedOn,
      },
    })),
    nextAfter: more ? page[page.length - 1]!.id : null,
  };
}

/** An area by id or code, for the GeoJSON filter; undefined when there is none. */
export async function findArea(db: Db, idOrCode: string): Promise<number | undefined> {
  const byId = /^\d{1,9}$/.test(idOrCode) ? eq(areas.id, Number(idOrCode)) : undefined;
  const [row] = await db
    .select({ id: areas.id })
    .from(areas)
    .where(byId ? or(byId, eq(areas.code, idOrCode)) : eq(areas.code, idOrCode))
    .limit(1);
  return row?.id;
}
