/**
 * Helpers for the city tests: an admin to act as, row counts, and a small hand-drawn city whose
 * edges sit on round coordinates, so that points can be placed exactly on them.
 */
import { count } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { areas, auditLog, departments, settings, users } from '../../db/schema';
import type { CityFeature, CityFeatureCollection } from '../../src/lib/server/city';

export async function createAdmin(db: Db, username = 'city-admin') {
  const [admin] = await db
    .insert(users)
    .values({ username, displayName: '市级管理员', passwordHash: 'not-a-real-hash', role: 'admin' })
    .returning({ id: users.id, role: users.role });
  return admin!;
}

export async function rowCounts(db: Db) {
  const tally = async (table: typeof areas | typeof departments | typeof auditLog | typeof settings) => (await db.select({ n: count() }).from(table))[0]!.n;
  return { areas: await tally(areas), departments: await tally(departments), audit: await tally(auditLog), settings: await tally(settings) };
}

type Ring = [number, number][];

/** Counterclockwise rectangle ring from its west, south, east and north edges. */
export function rect(west: number, south: number, east: number, north: number): Ring {
  return [
    [west, south],
    [east, south],
    [east, north],
    [west, north],
    [west, south],
  ];
}

/** A hole is a clockwise ring. */
export function hole(west: number, south: number, east: number, north: number): Ring {
  return rect(west, south, east, north).reverse();
}

export function feature(
  code: string,
  level: CityFeature['properties']['level'],
  parent: string | null,
  name: string,
  nameEn: string,
  geometry: CityFeature['geometry'],
  population?: number,
): CityFeature {
  return {
    type: 'Feature',
    properties: {
      code,
      level,
      ...(parent === null ? {} : { parent }),
      name,
      name_en: nameEn,
      ...(population === undefined ? {} : { population }),
    },
    geometry,
  };
}

/**
 * 试验区: one district, subdistrict and community covering lng 113.00-113.05, lat 28.00-28.02,
 * except a lake (hole B) that belongs to no cell. Grid cells, west to east:
 * - T-G1 113.00-113.01 and T-G2 113.01-113.02, sharing the edge lng 113.01;
 * - T-G3 113.02-113.04 with two holes: A (113.025-113.03) is the island cell T-G4, B (113.032-113.038) the lake;
 * - T-G5, a MultiPolygon of 113.04-113.05 × 28.00-28.01 and × 28.015-28.02, with T-G6 between its parts.
 */
export const LAKE = hole(113.032, 28.005, 113.038, 28.015);
export const ISLAND = rect(113.025, 28.005, 113.03, 28.015);

export function smallCity(): CityFeatureCollection {
  const outline: CityFeature['geometry'] = { type: 'Polygon', coordinates: [rect(113.0, 28.0, 113.05, 28.02), LAKE] };
  return {
    type: 'FeatureCollection',
    features: [
      feature('T', 'district', null, '试验区', 'Shiyan District', outline),
      feature('T-S', 'subdistrict', 'T', '试验街道', 'Shiyan Subdistrict', outline),
      feature('T-C', 'community', 'T-S', '试验社区', 'Shiyan Community', outline, 5000),
      feature('T-G1', 'grid', 'T-C', '试验社区第1网格', 'Shiyan Community Grid 1', { type: 'Polygon', coordinates: [rect(113.0, 28.0, 113.01, 28.02)] }),
      feature('T-G2', 'grid', 'T-C', '试验社区第2网格', 'Shiyan Community Grid 2', { type: 'Polygon', coordinates: [rect(113.01, 28.0, 113.02, 28.02)] }),
      feature('T-G3', 'grid', 'T-C', '试验社区第3网格', 'Shiyan Community Grid 3', {
        type: 'Polygon',
        coordinates: [rect(113.02, 28.0, 113.04, 28.02), hole(113.025, 28.005, 113.03, 28.015), LAKE],
      }),
      feature('T-G4', 'grid', 'T-C', '试验社区第4网格', 'Shiyan Community Grid 4', { type: 'Polygon', coordinates: [ISLAND] }),
      feature('T-G5', 'grid', 'T-C', '试验社区第5网格', 'Shiyan Community Grid 5', {
        type: 'MultiPolygon',
        coordinates: [[rect(113.04, 28.0, 113.05, 28.01)], [rect(113.04, 28.015, 113.05, 28.02)]],
      }),
      feature('T-G6', 'grid', 'T-C', '试验社区第6网格', 'Shiyan Community Grid 6', { type: 'Polygon', coordinates: [rect(113.04, 28.01, 113.05, 28.015)] }),
    ],
  };
}
