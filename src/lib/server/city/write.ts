/**
 * Writing areas, shared by the demo seed and the GeoJSON import: upsert by code, outermost level
 * first so that every parent has its id before its children are written.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { AREA_LEVELS, areas, type AreaGeometry, type AreaLevel } from '../../../../db/schema';
import { geometryBBox } from './geometry';
import { ensureSubdistrictOffices } from './offices';
import { proposedValues } from '../upsert';

export interface AreaInput {
  code: string;
  level: AreaLevel;
  /** Null for districts. */
  parentCode: string | null;
  nameZh: string;
  nameEn: string;
  /** Undefined keeps an existing area's population (files often carry it for communities only). */
  population: number | null | undefined;
  geometry: AreaGeometry;
}

export interface ExistingArea {
  id: number;
  level: AreaLevel;
  population: number | null;
}

/** Arbitrary key of the transaction lock that serializes writers of the city's areas (seed, import). */
const CITY_WRITE_LOCK_KEY = 7_461_002;

/** Waits for other city writers; released when the transaction ends. Call it first inside the transaction. */
export async function lockCityWrites(tx: Db): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${CITY_WRITE_LOCK_KEY})`);
}

/** Every area's id, level and population by code; small columns, so fine for a whole city. */
export async function loadAreaIndex(db: Db): Promise<Map<string, ExistingArea>> {
  const rows = await db.select({ id: areas.id, code: areas.code, level: areas.level, population: areas.population }).from(areas);
  return new Map(rows.map(({ code, ...area }) => [code, area]));
}

export interface WriteAreasResult {
  inserted: number;
  updated: number;
  officesCreated: number;
}

/** Rows per insert statement, well under PostgreSQL's 65,535 bind parameters. */
const CHUNK = 500;

/**
 * Upserts the areas (parents must be among them or in `existing`) and creates the offices of
 * subdistricts that lack one. Run it inside a transaction that holds lockCityWrites.
 */
export async function writeAreas(db: Db, inputs: readonly AreaInput[], existing: Map<string, ExistingArea>): Promise<WriteAreasResult> {
  const ids = new Map<string, number>([...existing].map(([code, area]) => [code, area.id]));
  let inserted = 0;
  let updated = 0;
  const subdistricts: { id: number; code: string; nameZh: string; nameEn: string }[] = [];

  for (const level of AREA_LEVELS) {
    const batch = inputs.filter((input) => input.level === level);
    for (let start = 0; start < batch.length; start += CHUNK) {
      const rows = batch.slice(start, start + CHUNK).map((input) => {
        const parentId = input.parentCode === null ? null : ids.get(input.parentCode);
        if (parentId === undefined) throw new Error(`Parent ${input.parentCode} of area ${input.code} is not written`);
        const population = input.population === undefined ? (existing.get(input.code)?.population ?? null) : input.population;
        return { code: input.code, level, parentId, nameZh: input.nameZh, nameEn: input.nameEn, population, geometry: input.geometry, ...geometryBBox(input.geometry) };
      });
      const written = await db
        .insert(areas)
        .values(rows)
        .onConflictDoUpdate({
          target: areas.code,
          set: {
            ...proposedValues(areas, ['parentId', 'nameZh', 'nameEn', 'population', 'geometry', 'minLng', 'minLat', 'maxLng', 'maxLat']),
          },
        })
        .returning({ id: areas.id, code: areas.code, nameZh: areas.nameZh, nameEn: areas.nameEn });
      for (const row of written) {
        if (existing.has(row.code)) updated++;
        else inserted++;
        ids.set(row.code, row.id);
        if (level === 'subdistrict') subdistricts.push(row);
      }
    }
  }
  const officesCreated = await ensureSubdistrictOffices(db, subdistricts);
  return { inserted, updated, officesCreated };
}
