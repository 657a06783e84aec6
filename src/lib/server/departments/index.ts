import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { departments } from '../../../../db/schema';
import { cachedForOneSecond } from '../cache';

/** City bureaus first, then the subdistrict offices, each by code. */
export async function listDepartments(db: Db) {
  return db
    .select({ id: departments.id, code: departments.code, kind: departments.kind, nameZh: departments.nameZh, nameEn: departments.nameEn })
    .from(departments)
    .orderBy(asc(departments.kind), asc(departments.id));
}

/** The same list for reading pages (queues, a report's assign form): at most a second old. */
export function cachedDepartments(db: Db) {
  return cachedForOneSecond(db, 'departments', () => listDepartments(db));
}

export async function getDepartment(db: Db, id: number) {
  const [department] = await db.select().from(departments).where(eq(departments.id, id));
  return department ?? null;
}
