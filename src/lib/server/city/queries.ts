/** Reads of the city's grid: overview for the map, lists and the tree for pickers (point lookup: resolve.ts). */
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { AREA_LEVELS, areas, type AreaGeometry, type AreaLevel } from '../../../../db/schema';
import { cachedForOneSecond } from '../cache';
import { getSettings } from '../settings';

/** How pages and APIs name an area. */
export interface AreaRef {
  id: number;
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface CityOverview {
  name: { zh: string; en: string };
  center: { lat: number; lng: number };
  zoom: number;
  bounds: { west: number; south: number; east: number; north: number };
  districts: { code: string; nameZh: string; nameEn: string }[];
}

/** What the map and GET /api/v1/city need: the city's name, view and districts. */
export async function getCityOverview(db: Db): Promise<CityOverview> {
  const settings = await getSettings(db, ['city.name', 'city.center', 'city.zoom', 'city.bounds']);
  const districts = await db.select({ code: areas.code, nameZh: areas.nameZh, nameEn: areas.nameEn }).from(areas).where(eq(areas.level, 'district')).orderBy(asc(areas.code));
  const [lat, lng] = settings['city.center'];
  const [west, south, east, north] = settings['city.bounds'];
  return {
    name: settings['city.name'],
    center: { lat, lng },
    zoom: settings['city.zoom'],
    bounds: { west, south, east, north },
    districts,
  };
}

/** The overview at most one second old, for public pages. */
export function cachedCityOverview(db: Db): Promise<CityOverview> {
  return cachedForOneSecond(db, 'city.overview', () => getCityOverview(db));
}

export interface AreaSummary extends AreaRef {
  level: AreaLevel;
  parentId: number | null;
  population: number | null;
}

const summaryColumns = {
  id: areas.id,
  code: areas.code,
  level: areas.level,
  parentId: areas.parentId,
  nameZh: areas.nameZh,
  nameEn: areas.nameEn,
  population: areas.population,
};

/** Areas by level and/or parent, in code order, without their outlines. */
export async function listAreas(db: Db, filter: { level?: AreaLevel; parentId?: number } = {}): Promise<AreaSummary[]> {
  const conditions: SQL[] = [];
  if (filter.level) conditions.push(eq(areas.level, filter.level));
  if (filter.parentId !== undefined) conditions.push(eq(areas.parentId, filter.parentId));
  return db
    .select(summaryColumns)
    .from(areas)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(areas.code));
}

/** One level's areas at most one second old, for public pages' filters. */
export function cachedAreas(db: Db, level: AreaLevel): Promise<AreaSummary[]> {
  return cachedForOneSecond(db, `areas:${level}`, () => listAreas(db, { level }));
}

export interface AreaDetail extends AreaSummary {
  geometry: AreaGeometry;
}

/** One area with its outline, by id or code; null when there is none. */
export async function getArea(db: Db, key: { id: number } | { code: string }): Promise<AreaDetail | null> {
  const [row] = await db
    .select({ ...summaryColumns, geometry: areas.geometry })
    .from(areas)
    .where('id' in key ? eq(areas.id, key.id) : eq(areas.code, key.code));
  return row ?? null;
}

export interface AreaNode extends AreaSummary {
  children: AreaNode[];
}

/**
 * The city as a tree of districts down to `depth` (communities by default), children in code
 * order: what a community picker groups into districts and subdistricts.
 */
export async function getAreaTree(db: Db, options: { depth?: AreaLevel } = {}): Promise<AreaNode[]> {
  const levels = AREA_LEVELS.slice(0, AREA_LEVELS.indexOf(options.depth ?? 'community') + 1);
  const rows = await listAreasAtLevels(db, levels);
  const nodes = new Map(rows.map((row) => [row.id, { ...row, children: [] as AreaNode[] }]));
  const roots: AreaNode[] = [];
  for (const node of nodes.values()) {
    if (node.level === 'district') roots.push(node);
    else if (node.parentId !== null) nodes.get(node.parentId)?.children.push(node);
  }
  return roots;
}

async function listAreasAtLevels(db: Db, levels: readonly AreaLevel[]): Promise<AreaSummary[]> {
  return db
    .select(summaryColumns)
    .from(areas)
    .where(inArray(areas.level, [...levels]))
    .orderBy(asc(areas.code));
}

/** Areas per level: for the admin page and audit summaries. */
export async function countAreasByLevel(db: Db): Promise<Record<AreaLevel, number>> {
  const rows = await db
    .select({ level: areas.level, count: sql<number>`count(*)::int` })
    .from(areas)
    .groupBy(areas.level);
  const counts = { district: 0, subdistrict: 0, community: 0, grid: 0 };
  for (const row of rows) counts[row.level] = Number(row.count);
  return counts;
}
