import { sql } from 'drizzle-orm';
import { check, doublePrecision, index, integer, jsonb, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { createdAt } from './columns';

/** The four levels of the city's grid, outermost first (区/县 → 街道/乡镇 → 社区/村 → 网格). */
export const AREA_LEVELS = ['district', 'subdistrict', 'community', 'grid'] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

/** A GeoJSON Polygon or MultiPolygon geometry, as stored. */
export type AreaGeometry = { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

/**
 * Every unit of the city's grid, one table for all levels so that routing and rates walk one tree.
 * The bounding box columns let a point lookup prefilter in plain SQL on both PostgreSQL and PGlite
 * (no PostGIS in PGlite); the exact point-in-polygon test runs on the few candidates.
 */
export const areas = pgTable(
  'areas',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull().unique(),
    level: text('level').$type<AreaLevel>().notNull(),
    parentId: integer('parent_id').references((): any => areas.id),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    /** Residents; set on communities, where later rates divide by it. */
    population: integer('population'),
    geometry: jsonb('geometry').$type<AreaGeometry>().notNull(),
    minLng: doublePrecision('min_lng').notNull(),
    minLat: doublePrecision('min_lat').notNull(),
    maxLng: doublePrecision('max_lng').notNull(),
    maxLat: doublePrecision('max_lat').notNull(),
    ...createdAt,
  },
  (t) => [
    index('areas_parent_idx').on(t.parentId),
    index('areas_level_bbox_idx').on(t.level, t.minLng, t.maxLng),
    check('areas_level_check', sql`${t.level} in ('district', 'subdistrict', 'community', 'grid')`),
  ],
);
