/**
 * The city's own base map: area outlines as compact GeoJSON (coordinates to 5 decimals, about a
 * metre), drawn light with names under every map and alone when tiles cannot load. Districts,
 * subdistricts and communities come together; grid cells on their own (maps add them close in).
 * Kept per process for a second; the endpoint adds an ETag so unchanged outlines cost a 304.
 */
import { createHash } from 'node:crypto';
import { asc, inArray } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { areas, type AreaGeometry, type AreaLevel } from '../../../../db/schema';
import { cachedForOneSecond } from '../cache';

export const OUTLINE_SETS = { areas: ['district', 'subdistrict', 'community'], grid: ['grid'] } as const satisfies Record<string, readonly AreaLevel[]>;
export type OutlineSet = keyof typeof OUTLINE_SETS;

export interface CityOutlines {
  body: string;
  etag: string;
}

const round = (n: number) => Math.round(n * 1e5) / 1e5;

function compact(geometry: AreaGeometry): AreaGeometry {
  return geometry.type === 'Polygon'
    ? { type: 'Polygon', coordinates: geometry.coordinates.map((ring) => ring.map(([lng, lat]) => [round(lng!), round(lat!)])) }
    : { type: 'MultiPolygon', coordinates: geometry.coordinates.map((polygon) => polygon.map((ring) => ring.map(([lng, lat]) => [round(lng!), round(lat!)]))) };
}

async function loadOutlines(db: Db, set: OutlineSet): Promise<CityOutlines> {
  const rows = await db
    .select({ code: areas.code, level: areas.level, nameZh: areas.nameZh, nameEn: areas.nameEn, geometry: areas.geometry })
    .from(areas)
    .where(inArray(areas.level, [...OUTLINE_SETS[set]]))
    .orderBy(asc(areas.code));
  const body = JSON.stringify({
    type: 'FeatureCollection',
    features: rows.map((row) => ({ type: 'Feature', properties: { code: row.code, level: row.level, zh: row.nameZh, en: row.nameEn }, geometry: compact(row.geometry) })),
  });
  return { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
}

export function getCityOutlines(db: Db, set: OutlineSet): Promise<CityOutlines> {
  return cachedForOneSecond(db, `city.outlines.${set}`, () => loadOutlines(db, set));
}
