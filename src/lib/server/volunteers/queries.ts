/** Reads: shifts to find (list and map), one shift with the viewer's sign-up, a volunteer's record, a leader's roster. */
import { and, asc, desc, eq, gte, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm';
import { preparedQuery, type Db } from '../../../../db/client';
import {
  areas,
  PROJECT_TYPES,
  volunteerHours,
  volunteerProjects,
  volunteers,
  volunteerShifts,
  volunteerSignups,
  volunteerTeams,
  type ProjectType,
  type SignupStatus,
} from '../../../../db/schema';
import { recordAudit } from '../audit/record';
import type { Actor } from '../auth/permissions';
import { decryptIdNumber, type VolunteerKeys } from './secrets';
import { starLevel } from './hours';
import { idAndNames } from '../i18n-names';

export interface ShiftFilters {
  from?: Date | undefined;
  to?: Date | undefined;
  /** [west, south, east, north] */
  bbox?: [number, number, number, number] | undefined;
  type?: ProjectType | undefined;
  districtId?: number | undefined;
}

export const SHIFT_PAGE_LIMIT = 200;

const shiftColumns = {
  id: volunteerShifts.id,
  startsAt: volunteerShifts.startsAt,
  endsAt: volunteerShifts.endsAt,
  capacity: volunteerShifts.capacity,
  confirmedCount: volunteerShifts.confirmedCount,
  waitlistCount: volunteerShifts.waitlistCount,
  requiredSkills: volunteerShifts.requiredSkills,
  signupOpensAt: volunteerShifts.signupOpensAt,
  signupClosesAt: volunteerShifts.signupClosesAt,
  cancelCutoffMinutes: volunteerShifts.cancelCutoffMinutes,
  cancelledAt: volunteerShifts.cancelledAt,
  cancelReason: volunteerShifts.cancelReason,
  project: {
    id: volunteerProjects.id,
    title: volunteerProjects.title,
    type: volunteerProjects.type,
    address: volunteerProjects.address,
    lat: volunteerProjects.lat,
    lng: volunteerProjects.lng,
    teamId: volunteerProjects.teamId,
    districtId: volunteerProjects.districtId,
  },
  teamName: volunteerTeams.name,
};

export function isProjectType(value: unknown): value is ProjectType {
  return typeof value === 'string' && (PROJECT_TYPES as readonly string[]).includes(value);
}

/** Shifts in time order, from now on unless `from` says otherwise. */
export async function listShifts(db: Db, filters: ShiftFilters, now = new Date()) {
  const parts: SQL[] = [gte(volunteerShifts.endsAt, filters.from ?? now), isNull(volunteerShifts.cancelledAt)];
  if (filters.to) parts.push(lte(volunteerShifts.startsAt, filters.to));
  if (filters.type) parts.push(eq(volunteerProjects.type, filters.type));
  if (filters.districtId) parts.push(eq(volunteerProjects.districtId, filters.districtId));
  if (filters.bbox) {
    const [west, south, east, north] = filters.bbox;
    parts.push(gte(volunteerProjects.lng, west), lte(volunteerProjects.lng, east), gte(volunteerProjects.lat, south), lte(volunteerProjects.lat, north));
  }
  return db
    .select(shiftColumns)
    .from(volunteerShifts)
    .innerJoin(volunteerProjects, eq(volunteerProjects.id, volunteerShifts.projectId))
    .innerJoin(volunteerTeams, eq(volunteerTeams.id, volunteerProjects.teamId))
    .where(and(...parts))
    .orderBy(asc(volunteerShifts.startsAt), asc(volunteerShifts.id))
    .limit(SHIFT_PAGE_LIMIT);
}

export type ShiftListItem = Awaited<ReturnType<typeof listShifts>>[number];

/** The volunteer's live sign-ups (signed up or waitlisted) among the given shifts: what the list marks as joined. */
export async function signupsAmong(db: Db, volunteerId: number, shiftIds: number[]): Promise<Map<number, { status: 'confirmed' | 'waitlisted'; position: number | null }>> {
  if (shiftIds.length === 0) return new Map();
  const rows = await db
    .select({ shiftId: volunteerSignups.shiftId, status: volunteerSignups.status, position: volunteerSignups.position })
    .from(volunteerSignups)
    .where(and(eq(volunteerSignups.volunteerId, volunteerId), inArray(volunteerSignups.shiftId, shiftIds), inArray(volunteerSignups.status, ['confirmed', 'waitlisted'])));
  return new Map(rows.map((row) => [row.shiftId, { status: row.status as 'confirmed' | 'waitlisted', position: row.position }]));
}

/** One shift with its project's description, and the viewer's sign-up when they have one. */
export async function getShift(db: Db, shiftId: number, userId?: number) {
  const [shift] = await db
    .select({ ...shiftColumns, description: volunteerProjects.description, settledAt: volunteerShifts.settledAt })
    .from(volunteerShifts)
    .innerJoin(volunteerProjects, eq(volunteerProjects.id, volunteerShifts.projectId))
    .innerJoin(volunteerTeams, eq(volunteerTeams.id, volunteerProjects.teamId))
    .where(eq(volunteerShifts.id, shiftId));
  if (!shift) return null;
  const [signup] = userId
    ? await db
        .select({ status: volunteerSignups.status, position: volunteerSignups.position, checkedInAt: volunteerSignups.checkedInAt, checkedOutAt: volunteerSignups.checkedOutAt })
        .from(volunteerSignups)
        .innerJoin(volunteers, eq(volunteers.id, volunteerSignups.volunteerId))
        .where(and(eq(volunteerSignups.shiftId, shiftId), eq(volunteers.userId, userId)))
    : [];
  return { ...shift, mySignup: signup ?? null };
}

export type ShiftDetail = NonNullable<Awaited<ReturnType<typeof getShift>>>;

/** The shift as the API answers it. */
export function shiftJson(shift: ShiftListItem & { mySignup?: { status: SignupStatus; position: number | null; checkedInAt?: Date | null; checkedOutAt?: Date | null } | null }) {
  return {
    id: shift.id,
    startsAt: shift.startsAt.toISOString(),
    endsAt: shift.endsAt.toISOString(),
    capacity: shift.capacity,
    confirmed: shift.confirmedCount,
    waitlisted: shift.waitlistCount,
    seatsLeft: Math.max(0, shift.capacity - shift.confirmedCount),
    requiredSkills: shift.requiredSkills,
    signupOpensAt: shift.signupOpensAt?.toISOString() ?? null,
    signupClosesAt: (shift.signupClosesAt ?? shift.startsAt).toISOString(),
    cancelCutoffAt: new Date(shift.startsAt.getTime() - shift.cancelCutoffMinutes * 60_000).toISOString(),
    cancelledAt: shift.cancelledAt?.toISOString() ?? null,
    project: shift.project,
    team: { id: shift.project.teamId, name: shift.teamName },
    ...(shift.mySignup !== undefined && {
      mySignup: shift.mySignup && {
        status: shift.mySignup.status,
        position: shift.mySignup.position,
        checkedInAt: shift.mySignup.checkedInAt?.toISOString() ?? null,
        checkedOutAt: shift.mySignup.checkedOutAt?.toISOString() ?? null,
      },
    }),
  };
}

/** The volunteer profile of a user (ID number masked), or null. */
function volunteerByUserQuery(db: Db) {
  return (
    db
      .select({
        id: volunteers.id,
        volunteerNumber: volunteers.volunteerNumber,
        realName: volunteers.realName,
        idNumberMasked: volunteers.idNumberMasked,
        phone: volunteers.phone,
        skills: volunteers.skills,
        availability: volunteers.availability,
        pausedUntil: volunteers.pausedUntil,
        hasCalendarFeed: sql<boolean>`${volunteers.calendarTokenHash} is not null`,
        community: idAndNames(areas),
        createdAt: volunteers.createdAt,
        // A confirmed shift that ended without a check-in and is not settled yet (settleVolunteer
        // looks again under a lock): read with the profile, so a record page needs no query of its own to know.
        hasUnsettledShift: sql<boolean>`exists (select 1 from volunteer_signups s join volunteer_shifts sh on sh.id = s.shift_id
          where s.volunteer_id = ${volunteers.id} and s.status = 'confirmed' and s.checked_in_at is null and sh.ends_at < now() and sh.settled_at is null)`,
      })
      .from(volunteers)
      .innerJoin(areas, eq(areas.id, volunteers.communityId))
      // An ended registration (privacy/erase.ts) is no registration.
      .where(and(eq(volunteers.userId, sql.placeholder('userId')), isNull(volunteers.endedAt)))
      .prepare('volunteer_by_user')
  );
}

export async function getVolunteerByUser(db: Db, userId: number) {
  const [row] = await preparedQuery(db, volunteerByUserQuery).execute({ userId });
  return row ?? null;
}

function volunteerHoursQuery(db: Db) {
  return db
    .select({
      id: volunteerHours.id,
      source: volunteerHours.source,
      servedOn: volunteerHours.servedOn,
      minutes: volunteerHours.minutes,
      approvedMinutes: volunteerHours.approvedMinutes,
      status: volunteerHours.status,
      reason: volunteerHours.reason,
      projectTitle: volunteerProjects.title,
    })
    .from(volunteerHours)
    .innerJoin(volunteerProjects, eq(volunteerProjects.id, volunteerHours.projectId))
    .where(eq(volunteerHours.volunteerId, sql.placeholder('volunteerId')))
    .orderBy(desc(volunteerHours.servedOn), desc(volunteerHours.id))
    .prepare('volunteer_hours');
}

function volunteerSignupsQuery(db: Db) {
  return db
    .select({
      shiftId: volunteerShifts.id,
      startsAt: volunteerShifts.startsAt,
      endsAt: volunteerShifts.endsAt,
      title: volunteerProjects.title,
      status: volunteerSignups.status,
      position: volunteerSignups.position,
      checkedInAt: volunteerSignups.checkedInAt,
      checkedOutAt: volunteerSignups.checkedOutAt,
      shiftCancelledAt: volunteerShifts.cancelledAt,
      hours: { minutes: volunteerHours.minutes, approvedMinutes: volunteerHours.approvedMinutes, status: volunteerHours.status },
    })
    .from(volunteerSignups)
    .innerJoin(volunteerShifts, eq(volunteerShifts.id, volunteerSignups.shiftId))
    .innerJoin(volunteerProjects, eq(volunteerProjects.id, volunteerShifts.projectId))
    .leftJoin(
      volunteerHours,
      and(eq(volunteerHours.shiftId, volunteerSignups.shiftId), eq(volunteerHours.volunteerId, volunteerSignups.volunteerId), eq(volunteerHours.source, 'system')),
    )
    .where(eq(volunteerSignups.volunteerId, sql.placeholder('volunteerId')))
    .orderBy(desc(volunteerShifts.startsAt))
    .limit(100)
    .prepare('volunteer_signups');
}

/** Hours (approved, by source), star level, sign-ups and hour records of one volunteer. */
export async function getVolunteerRecord(db: Db, volunteerId: number) {
  // Two reads at once: neither waits for the other.
  const [hours, signups] = await Promise.all([preparedQuery(db, volunteerHoursQuery).execute({ volunteerId }), preparedQuery(db, volunteerSignupsQuery).execute({ volunteerId })]);
  const approved = (source: 'system' | 'manual') => hours.filter((h) => h.status === 'approved' && h.source === source).reduce((sum, h) => sum + (h.approvedMinutes ?? 0), 0);
  const systemMinutes = approved('system');
  const manualMinutes = approved('manual');
  const totalMinutes = systemMinutes + manualMinutes;
  return { hours, signups, systemMinutes, manualMinutes, totalMinutes, star: starLevel(totalMinutes) };
}

/**
 * Everyone signed up for a shift with their attendance and hours, for its leaders: with the contact
 * phone, so the leader of this shift can call (the only place a leader sees it; the caller must be
 * authorized for the shift's team).
 */
export async function getShiftRoster(db: Db, shiftId: number) {
  return db
    .select({
      volunteerId: volunteers.id,
      volunteerNumber: volunteers.volunteerNumber,
      realName: volunteers.realName,
      phone: volunteers.phone,
      status: volunteerSignups.status,
      position: volunteerSignups.position,
      checkedInAt: volunteerSignups.checkedInAt,
      checkInMethod: volunteerSignups.checkInMethod,
      checkInDistanceM: volunteerSignups.checkInDistanceM,
      checkInFlagged: volunteerSignups.checkInFlagged,
      checkedOutAt: volunteerSignups.checkedOutAt,
      hours: {
        id: volunteerHours.id,
        minutes: volunteerHours.minutes,
        approvedMinutes: volunteerHours.approvedMinutes,
        status: volunteerHours.status,
        noCheckOut: volunteerHours.noCheckOut,
      },
    })
    .from(volunteerSignups)
    .innerJoin(volunteers, eq(volunteers.id, volunteerSignups.volunteerId))
    .leftJoin(
      volunteerHours,
      and(eq(volunteerHours.shiftId, volunteerSignups.shiftId), eq(volunteerHours.volunteerId, volunteerSignups.volunteerId), eq(volunteerHours.source, 'system')),
    )
    .where(and(eq(volunteerSignups.shiftId, shiftId), inArray(volunteerSignups.status, ['confirmed', 'waitlisted', 'no_show'])))
    .orderBy(asc(volunteerSignups.status), asc(volunteerSignups.position), asc(volunteers.id));
}

/** Projects and upcoming shifts of the given teams, for the leader workspace. */
export async function listTeamShifts(db: Db, teamIds: number[], now = new Date()) {
  if (teamIds.length === 0) return [];
  return db
    .select(shiftColumns)
    .from(volunteerShifts)
    .innerJoin(volunteerProjects, eq(volunteerProjects.id, volunteerShifts.projectId))
    .innerJoin(volunteerTeams, eq(volunteerTeams.id, volunteerProjects.teamId))
    .where(and(inArray(volunteerProjects.teamId, teamIds), gte(volunteerShifts.endsAt, new Date(now.getTime() - 14 * 86_400_000))))
    .orderBy(asc(volunteerShifts.startsAt))
    .limit(SHIFT_PAGE_LIMIT);
}

export async function listTeamProjects(db: Db, teamIds: number[]) {
  if (teamIds.length === 0) return [];
  return db
    .select({ id: volunteerProjects.id, title: volunteerProjects.title, type: volunteerProjects.type, teamId: volunteerProjects.teamId, address: volunteerProjects.address })
    .from(volunteerProjects)
    .where(inArray(volunteerProjects.teamId, teamIds))
    .orderBy(volunteerProjects.id);
}

/** One project as its leaders edit it, or null. */
export async function getProject(db: Db, projectId: number) {
  const [project] = await db.select().from(volunteerProjects).where(eq(volunteerProjects.id, projectId));
  return project ?? null;
}

/** The project as the API answers it. */
export function projectJson(project: typeof volunteerProjects.$inferSelect) {
  return {
    id: project.id,
    teamId: project.teamId,
    title: project.title,
    type: project.type,
    description: project.description,
    address: project.address,
    lat: project.lat,
    lng: project.lng,
    communityId: project.communityId,
    districtId: project.districtId,
  };
}

/** An admin sees a volunteer's ID number in full; every look is audited. */
export async function revealIdNumber(db: Db, actor: Actor, volunteerId: number, keys: VolunteerKeys, requestId?: string): Promise<string | null> {
  const [row] = await db.select({ cipher: volunteers.idNumberCipher }).from(volunteers).where(eq(volunteers.id, volunteerId));
  // An ended registration's ID number is erased (see privacy/erase.ts).
  if (!row || !row.cipher) return null;
  await recordAudit(db, {
    actorId: actor.id,
    actorRole: actor.role,
    action: 'volunteer.id_number.reveal',
    targetType: 'volunteer',
    targetId: volunteerId,
    summary: {},
    requestId: requestId ?? null,
  });
  return decryptIdNumber(keys, row.cipher);
}

/** Volunteers for the admin list, ID numbers masked. */
export async function listVolunteers(db: Db, limit = 200) {
  return db
    .select({
      id: volunteers.id,
      volunteerNumber: volunteers.volunteerNumber,
      realName: volunteers.realName,
      idNumberMasked: volunteers.idNumberMasked,
      community: areas.nameZh,
      createdAt: volunteers.createdAt,
    })
    .from(volunteers)
    .innerJoin(areas, eq(areas.id, volunteers.communityId))
    .orderBy(desc(volunteers.id))
    .limit(limit);
}
