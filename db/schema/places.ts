import { check, doublePrecision, index, jsonb, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { timestamps } from './columns';
import { sql } from 'drizzle-orm';

/** What admins import into the gazetteer: named points (places) and named lines (roads). */
export const PLACE_KINDS = ['place', 'road'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

/** A GeoJSON Point, LineString or MultiLineString in WGS-84, as stored. */
export type PlaceGeometry = { type: 'Point'; coordinates: number[] } | { type: 'LineString'; coordinates: number[][] } | { type: 'MultiLineString'; coordinates: number[][][] };

/**
 * The imported part of the gazetteer (地名库): places and roads with aliases. The city's areas,
 * inspection sites and volunteer project places are searched from their own tables. `search_key`
 * holds the lower-cased names, aliases and pinyin (full and initials) that a search matches by
 * substring; lat/lng is the point a search result moves the map to (a road's middle vertex), the
 * bounding box places it in the reverse lookup's grid. Searched and looked up from a per-process
 * copy (src/lib/server/places/index-memory.ts).
 */
export const places = pgTable(
  'places',
  {
    id: serial('id').primaryKey(),
    kind: text('kind').$type<PlaceKind>().notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull().default(''),
    aliases: jsonb('aliases').$type<string[]>().notNull().default([]),
    geometry: jsonb('geometry').$type<PlaceGeometry>().notNull(),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    minLng: doublePrecision('min_lng').notNull(),
    minLat: doublePrecision('min_lat').notNull(),
    maxLng: doublePrecision('max_lng').notNull(),
    maxLat: doublePrecision('max_lat').notNull(),
    searchKey: text('search_key').notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('places_kind_name_idx').on(t.kind, t.nameZh),
    /** The in-memory copy's freshness check reads the latest update from this index. */
    index('places_updated_idx').on(t.updatedAt),
    check('places_kind_check', sql`${t.kind} in ('place', 'road')`),
  ],
);
