/**
 * Point lookup: which grid cell (网格), community, subdistrict and district a place is in.
 *
 * One query narrows the grid cells by bounding box and joins their three parents (no PostGIS on
 * PGlite); the exact point-in-polygon test then runs here on the few candidates.
 */
import { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { selectRows, type Db } from '../../../../db/client';
import type { AreaGeometry } from '../../../../db/schema';
import { pointInGeometry, type LatLng } from './geometry';
import type { AreaRef } from './queries';

export interface ResolvedPoint {
  grid: AreaRef;
  community: AreaRef;
  subdistrict: AreaRef;
  district: AreaRef;
}

/** A point with the ids of the grid cell, community, subdistrict and district it is in (null outside the grid), as reports and sites keep them. */
export interface PlacedPoint {
  lat: number;
  lng: number;
  gridId: number | null;
  communityId: number | null;
  subdistrictId: number | null;
  districtId: number | null;
}

// eslint-disable-next-line @typescript-eslint/no-unused-vars -- the list names the levels' type
const LEVELS = ['grid', 'community', 'subdistrict', 'district'] as const;
type Column = `${(typeof LEVELS)[number]}_${'id' | 'code' | 'name_zh' | 'name_en'}`;
type CandidateRow = Record<Column, unknown> & { geometry: AreaGeometry | string };

/** Ties between overlapping imported cells go to the lowest code, the same answer every time. */
function candidatesQuery(lng: SQL, lat: SQL): SQL {
  return sql`select g.geometry,
      g.id as grid_id, g.code as grid_code, g.name_zh as grid_name_zh, g.name_en as grid_name_en,
      c.id as community_id, c.code as community_code, c.name_zh as community_name_zh, c.name_en as community_name_en,
      s.id as subdistrict_id, s.code as subdistrict_code, s.name_zh as subdistrict_name_zh, s.name_en as subdistrict_name_en,
      d.id as district_id, d.code as district_code, d.name_zh as district_name_zh, d.name_en as district_name_en
    from areas g
    join areas c on c.id = g.parent_id
    join areas s on s.id = c.parent_id
    join areas d on d.id = s.parent_id
    where g.level = 'grid' and g.min_lng <= ${lng} and g.max_lng >= ${lng} and g.min_lat <= ${lat} and g.max_lat >= ${lat}
    order by g.code`;
}

/**
 * Planning this four-way join costs PGlite (PostgreSQL in WebAssembly) about half a millisecond,
 * three times the execution, so on PGlite the query is prepared once per database and executed by
 * name. postgres.js prepares its statements by itself, per connection.
 */
const STATEMENT = 'wenming_resolve_point';
const preparedOn = new WeakMap<PGlite, Promise<void>>();

async function candidatesOnPglite(client: PGlite, lng: number, lat: number): Promise<CandidateRow[]> {
  let ready = preparedOn.get(client);
  if (!ready) {
    const text = new PgDialect().sqlToQuery(candidatesQuery(sql.raw('$1'), sql.raw('$2'))).sql;
    ready = client.exec(`prepare ${STATEMENT}(float8, float8) as ${text}`).then(() => undefined);
    preparedOn.set(client, ready);
  }
  try {
    await ready;
    // EXECUTE takes no bind parameters; both values are finite numbers, whose JS spelling is valid SQL.
    return (await client.query<CandidateRow>(`execute ${STATEMENT}(${lng}, ${lat})`)).rows;
  } catch (error) {
    // A migration may have changed the table under the statement: forget it and prepare afresh next time.
    preparedOn.delete(client);
    await client.exec(`deallocate ${STATEMENT}`).catch(() => {});
    throw error;
  }
}

async function candidates(db: Db, lng: number, lat: number): Promise<CandidateRow[]> {
  const client = (db as { $client?: unknown }).$client;
  if (client instanceof PGlite) {
    try {
      return await candidatesOnPglite(client, lng, lat);
    } catch {
      // fall through to the plain query, which reports any real error
    }
  }
  return selectRows<CandidateRow>(db, candidatesQuery(sql`${lng}`, sql`${lat}`));
}

function areaRef(row: CandidateRow, level: (typeof LEVELS)[number]): AreaRef {
  return {
    id: Number(row[`${level}_id`]),
    code: String(row[`${level}_code`]),
    nameZh: String(row[`${level}_name_zh`]),
    nameEn: String(row[`${level}_name_en`]),
  };
}

/**
 * The grid cell containing a point, with its community, subdistrict and district, each as
 * {id, code, nameZh, nameEn}; null outside the city. A point on an edge shared by two cells belongs
 * to exactly one of them, always the same (see crossesRing in geometry.ts).
 */
export async function resolvePoint(db: Db, point: LatLng): Promise<ResolvedPoint | null> {
  const { lat, lng } = point;
  if (!Number.isFinite(lat) || !Number.isFinite(lng)) return null;
  for (const row of await candidates(db, lng, lat)) {
    const geometry = typeof row.geometry === 'string' ? (JSON.parse(row.geometry) as AreaGeometry) : row.geometry;
    if (!pointInGeometry({ lat, lng }, geometry)) continue;
    return {
      grid: areaRef(row, 'grid'),
      community: areaRef(row, 'community'),
      subdistrict: areaRef(row, 'subdistrict'),
      district: areaRef(row, 'district'),
    };
  }
  return null;
}
