/** Readiness test helpers: the report fixtures' city and cast, plus the templates and a site in a known cell. */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { departments, readinessSites, type SiteType } from '../../db/schema';
import { seedReadinessBase } from '../../db/seed/readiness';
import { resolvePoint } from '../../src/lib/server/city';
import { createCast, prepareCity, type Cast } from '../reports/fixtures';

export async function prepareReadiness(db: Db): Promise<{ cast: Cast; point: { lat: number; lng: number }; chengguan: number }> {
  const { cells } = await prepareCity(db);
  await seedReadinessBase(db);
  const cell = cells[0]!;
  const cast = await createCast(db, cell.id, cells[1]!.id);
  let point: { lat: number; lng: number } | undefined;
  for (let i = 1; i < 10 && !point; i++) {
    for (let j = 1; j < 10 && !point; j++) {
      const candidate = { lat: cell.minLat + ((cell.maxLat - cell.minLat) * i) / 10, lng: cell.minLng + ((cell.maxLng - cell.minLng) * j) / 10 };
      if ((await resolvePoint(db, candidate))?.grid.id === cell.id) point = candidate;
    }
  }
  const [chengguan] = await db.select({ id: departments.id }).from(departments).where(eq(departments.code, 'chengguan'));
  return { cast, point: point!, chengguan: chengguan!.id };
}

let seq = 0;
export async function createSite(db: Db, point: { lat: number; lng: number }, departmentId: number, type: SiteType = 'main_road') {
  const areas = (await resolvePoint(db, point))!;
  const [site] = await db
    .insert(readinessSites)
    .values({ code: `T-${++seq}-${type}`, type, name: `测试${type}${seq}`, ...point, gridId: areas.grid.id, communityId: areas.community.id, subdistrictId: areas.subdistrict.id, districtId: areas.district.id, departmentId })
    .returning();
  return site!;
}
