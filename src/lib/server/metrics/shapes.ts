import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { areas, type AreaGeometry } from '../../../../db/schema';

/** Every community's outline, for the rates map. A few dozen polygons: small enough to send whole. */
export async function listCommunityShapes(db: Db): Promise<{ id: number; geometry: AreaGeometry }[]> {
  return db.select({ id: areas.id, geometry: areas.geometry }).from(areas).where(eq(areas.level, 'community')).orderBy(asc(areas.code));
}
