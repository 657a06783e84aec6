/**
 * Helpers for the volunteer tests: fixed keys, a tiny city (one community around a point), a team
 * with a leader, a project, shifts, and volunteers created straight in the database.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/client';
import { areas, users, volunteerProjects, volunteers, volunteerTeamMembers, volunteerTeams } from '../../db/schema';
import { idNumberCheckCharacter } from '../../src/lib/server/volunteers/idnumber';
import { createShift, encryptIdNumber, hashIdNumber, maskIdNumber, type ShiftInput, type VolunteerKeys } from '../../src/lib/server/volunteers';

export const keys: VolunteerKeys = { encryptionKey: randomBytes(32), secret: 'test-secret-for-volunteers' };

/** A valid ID number for a serial: region 110101, born 1990-01-01 plus n days, sequence from n. */
export function validIdNumber(n: number, birth = new Date(Date.UTC(1990, 0, 1))): string {
  const date = new Date(birth.getTime() + (n % 9000) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `110101${date}${String(n % 1000).padStart(3, '0')}`;
  return first17 + idNumberCheckCharacter(first17);
}

const square = (lng: number, lat: number, d: number) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [lng - d, lat - d],
      [lng + d, lat - d],
      [lng + d, lat + d],
      [lng - d, lat + d],
      [lng - d, lat - d],
    ],
  ],
});

/** District → subdistrict → community → grid, nested squares around (113.0, 28.2). */
export async function createCity(db: Db) {
  const ids: Record<string, number> = {};
  let parentId: number | null = null;
  for (const [level, d] of [
    ['district', 0.1],
    ['subdistrict', 0.08],
    ['community', 0.06],
    ['grid', 0.04],
  ] as const) {
    const geometry = square(113.0, 28.2, d);
    const [row]: { id: number }[] = await db
      .insert(areas)
      .values({
        code: `T-${level}`,
        level,
        parentId,
        nameZh: `测试${level}`,
        nameEn: `Test ${level}`,
        population: level === 'community' ? 1000 : null,
        geometry,
        minLng: 113 - d,
        maxLng: 113 + d,
        minLat: 28.2 - d,
        maxLat: 28.2 + d,
      })
      .returning({ id: areas.id });
    ids[level] = row!.id;
    parentId = row!.id;
  }
  return ids as Record<'district' | 'subdistrict' | 'community' | 'grid', number>;
}

export async function createUsers(db: Db, count: number, prefix: string, role: 'resident' | 'admin' = 'resident') {
  const rows = await db
    .insert(users)
    .values(Array.from({ length: count }, (_, i) => ({ username: `${prefix}-${i}`, displayName: `${prefix} ${i}`, passwordHash: 'not-a-real-hash', role })))
    .returning({ id: users.id, role: users.role });
  return rows;
}

/** Volunteers straight in the database (registration has its own tests), one user each. */
export async function createVolunteers(db: Db, count: number, communityId: number, prefix = 'v', offset = 0) {
  const accounts = await createUsers(db, count, prefix);
  const rows = await db
    .insert(volunteers)
    .values(
      accounts.map((account, i) => {
        const idNumber = validIdNumber(offset + i);
        return {
          userId: account.id,
          realName: '测试志愿者',
          idNumberCipher: encryptIdNumber(keys, idNumber),
          idNumberHash: hashIdNumber(keys, `${prefix}:${idNumber}`),
          idNumberMasked: maskIdNumber(idNumber),
          phone: '13800000000',
          communityId,
          skills: ['first_aid'],
        };
      }),
    )
    .returning({ id: volunteers.id, userId: volunteers.userId });
  return rows;
}

export async function createTeamWithProject(db: Db, leaderVolunteerId: number, communityId: number) {
  const [team] = await db.insert(volunteerTeams).values({ name: '测试志愿服务队', organization: '测试组织' }).returning({ id: volunteerTeams.id });
  await db.insert(volunteerTeamMembers).values({ teamId: team!.id, volunteerId: leaderVolunteerId, role: 'leader' });
  const [project] = await db
    .insert(volunteerProjects)
    .values({ teamId: team!.id, title: '文明交通劝导', type: 'traffic', lat: 28.2, lng: 113.0, address: '测试路口', communityId })
    .returning({ id: volunteerProjects.id });
  return { teamId: team!.id, projectId: project!.id };
}

/** Where the shift tests start: the test city, a leader (a volunteer) with a team and its project, and an admin. */
export async function prepareProject(db: Db) {
  const { community: communityId } = await createCity(db);
  const [leader] = await createVolunteers(db, 1, communityId, 'leader', 9000);
  const { teamId, projectId } = await createTeamWithProject(db, leader!.id, communityId);
  const admin = (await createUsers(db, 1, 'admin', 'admin'))[0] as { id: number; role: 'admin' };
  return { communityId, leader: leader!, teamId, projectId, admin };
}

export const HOUR = 3600_000;

/**
 * The volunteer tests' clock: shifts are laid out relative to this instant and every command is
 * given its `now`, never the wall clock (a fixed day in the past, so a command that read the wall
 * clock instead would find the shifts over and fail).
 */
export const NOW = new Date('2026-06-01T02:00:00Z');

export async function addShift(db: Db, actor: { id: number; role: 'admin' }, projectId: number, startsAt: Date, hours: number, capacity: number, extra: Partial<ShiftInput> = {}) {
  const result = await createShift(
    db,
    { ...actor, departmentId: null, gridCellId: null },
    { projectId, startsAt, endsAt: new Date(startsAt.getTime() + hours * HOUR), capacity, ...extra },
    undefined,
    new Date(startsAt.getTime() - 48 * HOUR),
  );
  if (!result.ok) throw new Error(`createShift failed: ${result.code}`);
  return result.shift.id;
}
