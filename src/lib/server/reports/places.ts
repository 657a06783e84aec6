/** A point for a community chosen without the map: the middle of its first grid cell that contains its own middle. */
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { areas } from '../../../../db/schema';
import { resolvePoint } from '../city';

export async function communityPoint(db: Db, communityId: number): Promise<{ lat: number; lng: number } | null> {
  const cells = await db
    .select({ id: areas.id, minLat: areas.minLat, maxLat: areas.maxLat, minLng: areas.minLng, maxLng: areas.maxLng })
    .from(areas)
    .where(eq(areas.parentId, communityId))
    .orderBy(asc(areas.code));
  for (const cell of cells) {
    const point = { lat: (cell.minLat + cell.maxLat) / 2, lng: (cell.minLng + cell.maxLng) / 2 };
    if ((await resolvePoint(db, point))?.grid.id === cell.id) return point;
  }
  return null;
}
