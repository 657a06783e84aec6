/** Readiness test helpers: the report fixtures' city and cast, plus the templates and a site in a known cell. */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll } from 'vitest';
import type { Database, Db } from '../../db/client';
import { departments, readinessSites, type SiteType } from '../../db/schema';
import { seedReadinessBase } from '../../src/lib/server/readiness/seed';
import { resolvePoint } from '../../src/lib/server/city';
import type { LocalDiskStorage } from '../../src/lib/server/storage';
import { createTestDatabase } from '../support/db';
import { createCast, pointInCell, prepareCity, tempStorage, type Cast } from '../reports/fixtures';

export async function prepareReadiness(db: Db): Promise<{ cast: Cast; point: { lat: number; lng: number }; chengguan: number }> {
  const { cells } = await prepareCity(db);
  await seedReadinessBase(db);
  const cell = cells[0]!;
  const cast = await createCast(db, cell.id, cells[1]!.id);
  const point = await pointInCell(db, cell);
  const [chengguan] = await db.select({ id: departments.id }).from(departments).where(eq(departments.code, 'chengguan'));
  return { cast, point: point!, chengguan: chengguan!.id };
}

/**
 * The set-up the inspection and checklist tests share: a fresh database with the readiness base, the
 * cast, a point in the first cell, 城管执法局's id and a temporary photo store. Call it in a describe:
 * it adds the file's beforeAll and afterAll, and the fields are set by the time the tests run.
 */
export function readinessTestWorld() {
  const world = {} as { database: Database; db: Db; cast: Cast; point: { lat: number; lng: number }; chengguan: number; storage: LocalDiskStorage };
  beforeAll(async () => {
    world.database = await createTestDatabase();
    world.db = world.database.db;
    Object.assign(world, await prepareReadiness(world.db));
    world.storage = tempStorage();
  });
  afterAll(async () => world.database?.close());
  return world;
}

let seq = 0;
export async function createSite(db: Db, point: { lat: number; lng: number }, departmentId: number, type: SiteType = 'main_road') {
  const areas = (await resolvePoint(db, point))!;
  const [site] = await db
    .insert(readinessSites)
    .values({
      code: `T-${++seq}-${type}`,
      type,
      name: `测试${type}${seq}`,
      ...point,
      gridId: areas.grid.id,
      communityId: areas.community.id,
      subdistrictId: areas.subdistrict.id,
      districtId: areas.district.id,
      departmentId,
    })
    .returning();
  return site!;
}
