/** Helpers for the report tests: the demo city with bureaus and categories, one account per role, photos, a point inside a known cell. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import sharp from 'sharp';
import type { Db } from '../../db/client';
import { areas, departments, users, type Role } from '../../db/schema';
import { seedDemoCity } from '../../db/seed/city';
import { seedBureaus } from '../../db/seed/departments';
import { seedReportBase } from '../../db/seed/reports';
import type { Actor } from '../../src/lib/server/auth/permissions';
import { LocalDiskStorage } from '../../src/lib/server/storage';

export type Cast = Record<'resident' | 'neighbour' | 'moderator' | 'admin' | 'staff' | 'otherStaff' | 'grid' | 'otherGrid' | 'volunteer', Actor>;

export async function prepareCity(db: Db) {
  await seedBureaus(db);
  await seedDemoCity(db);
  await seedReportBase(db);
  const cells = await db.select({ id: areas.id, minLat: areas.minLat, maxLat: areas.maxLat, minLng: areas.minLng, maxLng: areas.maxLng }).from(areas).where(eq(areas.level, 'grid')).orderBy(asc(areas.code));
  return { cells };
}

export async function createCast(db: Db, gridCellId: number, otherGridCellId: number): Promise<Cast> {
  const dept = async (code: string) => (await db.select({ id: departments.id }).from(departments).where(eq(departments.code, code)))[0]!.id;
  const sanitation = await dept('sanitation');
  const chengguan = await dept('chengguan');
  const make = async (username: string, role: Role, extra: { departmentId?: number; gridCellId?: number } = {}): Promise<Actor> => {
    const [row] = await db
      .insert(users)
      .values({ username, displayName: username, passwordHash: 'x', role, ...extra })
      .returning({ id: users.id, role: users.role, departmentId: users.departmentId, gridCellId: users.gridCellId });
    return row!;
  };
  return {
    resident: await make('t-resident', 'resident'),
    neighbour: await make('t-neighbour', 'resident'),
    volunteer: await make('t-volunteer', 'volunteer'),
    moderator: await make('t-moderator', 'moderator'),
    admin: await make('t-admin', 'admin'),
    staff: await make('t-staff', 'department_staff', { departmentId: sanitation }),
    otherStaff: await make('t-other-staff', 'department_staff', { departmentId: chengguan }),
    grid: await make('t-grid', 'grid_worker', { gridCellId }),
    otherGrid: await make('t-other-grid', 'grid_worker', { gridCellId: otherGridCellId }),
  };
}

export function tempStorage() {
  return new LocalDiskStorage(mkdtempSync(path.join(tmpdir(), 'wenming-reports-')));
}

export async function photo(color = 'red'): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: color } }).jpeg().toBuffer();
}

export async function sanitationId(db: Db) {
  return (await db.select({ id: departments.id }).from(departments).where(and(eq(departments.code, 'sanitation'))))[0]!.id;
}
