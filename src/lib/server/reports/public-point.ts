/**
 * Where the public may see a report: its point rounded to a 0.0005° grid (about 55 m north-south and
 * 45-50 m east-west in China), everywhere the public reads reports: the report page and its map,
 * the map endpoint's markers and clusters, the API's list and report, Open311, feeds and the open
 * data. A report can be filed from a doorstep, so no public answer carries its exact point; the
 * staff who handle it and its reporter see the exact one (`report.readExactPoint`).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { LatLng } from '../kernel/geo';

/** The grid public points are rounded to, in degrees. */
export const PUBLIC_POINT_DEGREES = 0.0005;
/** A circle of this radius around a public point holds the exact one (the grid cell's half-diagonal is under 40 m). */
export const PUBLIC_POINT_RADIUS_M = 50;

/** One coordinate rounded to the public grid (and to 6 decimals, so that 28.1235 prints as such). */
export function publicDegrees(value: number): number {
  return Math.round(Math.round(value / PUBLIC_POINT_DEGREES) * PUBLIC_POINT_DEGREES * 1e6) / 1e6;
}

/** A point as the public may see it. */
export function publicPoint(point: LatLng): LatLng {
  return { lat: publicDegrees(point.lat), lng: publicDegrees(point.lng) };
}

/** The same rounding in SQL, for filters and groupings that must not tell more than the public point. */
export function publicDegreesSql(column: SQL | unknown): SQL {
  return sql`(round(${column}::float8 / ${PUBLIC_POINT_DEGREES}::float8) * ${PUBLIC_POINT_DEGREES}::float8)`;
}
