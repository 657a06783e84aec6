/** Helpers for the report tests: the demo city with bureaus and categories, one account per role, photos, a point inside a known cell. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import sharp from 'sharp';
import type { Db } from '../../db/client';
import { areas, departments, users, type ReportStatus, type Role } from '../../db/schema';
import { seedDemoCity } from '../../src/lib/server/city/seed';
import { seedBureaus } from '../../src/lib/server/departments/seed';
import { seedReportBase } from '../../src/lib/server/reports/seed';
import type { Actor } from '../../src/lib/server/auth/permissions';
import { resolvePoint } from '../../src/lib/server/city';
import { submitReport, transitionReport } from '../../src/lib/server/reports';
import { LocalDiskStorage } from '../../src/lib/server/storage';

export type Cast = Record<'resident' | 'neighbour' | 'moderator' | 'admin' | 'staff' | 'otherStaff' | 'grid' | 'otherGrid' | 'volunteer', Actor>;

export async function prepareCity(db: Db) {
  await seedBureaus(db);
  await seedDemoCity(db);
  await seedReportBase(db);
  const cells = await db
    .select({ id: areas.id, minLat: areas.minLat, maxLat: areas.maxLat, minLng: areas.minLng, maxLng: areas.maxLng })
    .from(areas)
    .where(eq(areas.level, 'grid'))
    .orderBy(asc(areas.code));
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

/** Where the report tests start: the city, the cast (grid workers on the first two cells) and a temporary photo store. */
export async function prepareReports(db: Db) {
  const { cells } = await prepareCity(db);
  const cell = cells[0]!;
  const cast = await createCast(db, cell.id, cells[1]!.id);
  return { cells, cell, cast, storage: tempStorage() };
}

/**
 * A point that resolves to `cell`: the centre of its bounding box may fall outside an irregular cell,
 * so the first of a 9×9 grid over the box that does, row by row; undefined if none does.
 */
export async function pointInCell(db: Db, cell: { id: number; minLat: number; maxLat: number; minLng: number; maxLng: number }) {
  for (let i = 1; i < 10; i++) {
    for (let j = 1; j < 10; j++) {
      const candidate = { lat: cell.minLat + ((cell.maxLat - cell.minLat) * i) / 10, lng: cell.minLng + ((cell.maxLng - cell.minLng) * j) / 10 };
      if ((await resolvePoint(db, candidate))?.grid.id === cell.id) return candidate;
    }
  }
  return undefined;
}

export function tempStorage() {
  return new LocalDiskStorage(mkdtempSync(path.join(tmpdir(), 'wenming-reports-')));
}

export async function photo(color = 'red'): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: color } })
    .jpeg()
    .toBuffer();
}

export async function sanitationId(db: Db) {
  return (
    await db
      .select({ id: departments.id })
      .from(departments)
      .where(and(eq(departments.code, 'sanitation')))
  )[0]!.id;
}

/** prepareReports, with the sanitation bureau's id and a point in the cast's own cell: where most report tests start. */
export async function prepareReportsWithPoint(db: Db) {
  const prepared = await prepareReports(db);
  const sanitation = await sanitationId(db);
  return { ...prepared, sanitation, point: (await pointInCell(db, prepared.cell))! };
}

/** A litter report filed by the cast's resident, accepted and assigned to sanitation by the moderator; its id. */
export async function assignedLitterReport(db: Db, prepared: { cast: Cast; storage: LocalDiskStorage; cell: Parameters<typeof pointInCell>[1] }): Promise<number> {
  const { cast, storage } = prepared;
  const point = (await pointInCell(db, prepared.cell))!;
  const filed = await submitReport(
    db,
    storage,
    { actor: cast.resident, source: 'web' },
    { ...point, categoryCode: 'litter', description: '垃圾桶满溢无人清理', photos: [await photo()], confirmed: true },
  );
  if (!filed.ok) throw new Error(JSON.stringify(filed));
  const id = filed.report.id;
  for (const step of [
    { to: 'accepted' as const, version: 1 },
    { to: 'assigned' as const, version: 2, departmentId: await sanitationId(db) },
  ]) {
    const moved = await transitionReport(db, storage, cast.moderator, id, step);
    if (!moved.ok) throw new Error(JSON.stringify(moved));
  }
  return id;
}

/** The usual path to each status from a new report: each step's status and who takes it. */
export const USUAL_PATH: Record<string, [ReportStatus, keyof Cast][]> = {
  submitted: [],
  accepted: [['accepted', 'moderator']],
  assigned: [
    ['accepted', 'moderator'],
    ['assigned', 'moderator'],
  ],
  in_progress: [
    ['accepted', 'moderator'],
    ['assigned', 'moderator'],
    ['in_progress', 'staff'],
  ],
  returned: [
    ['accepted', 'moderator'],
    ['assigned', 'moderator'],
    ['returned', 'staff'],
  ],
  rectified: [
    ['accepted', 'moderator'],
    ['assigned', 'moderator'],
    ['in_progress', 'staff'],
    ['rectified', 'staff'],
  ],
  closed: [
    ['accepted', 'moderator'],
    ['assigned', 'moderator'],
    ['in_progress', 'staff'],
    ['rectified', 'staff'],
    ['closed', 'moderator'],
  ],
};
