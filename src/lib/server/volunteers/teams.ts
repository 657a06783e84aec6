/** Teams, their leaders and members, and the projects and shifts leaders publish. Callers check can() first. */
import { aliasedTable, and, desc, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import {
  areas,
  PROJECT_TYPES,
  SKILLS,
  volunteerProjects,
  volunteers,
  volunteerShifts,
  volunteerSignups,
  volunteerTeamMembers,
  volunteerTeams,
  type ProjectType,
} from '../../../../db/schema';
import { notify } from '../notifications';
import { recordAudit } from '../audit/record';
import type { Actor } from '../auth/permissions';
import { resolvePoint } from '../city/resolve';
import { fail, type Result } from '../result';
import type { TeamRef } from './permissions';

/** The leaders of a team, for can(user, 'volunteers.team.manage', …); null when there is no such team. */
export async function teamRef(db: Db, teamId: number): Promise<(TeamRef & { teamId: number }) | null> {
  const [team] = await db.select({ id: volunteerTeams.id }).from(volunteerTeams).where(eq(volunteerTeams.id, teamId));
  if (!team) return null;
  const leaders = await db
    .select({ userId: volunteers.userId })
    .from(volunteerTeamMembers)
    .innerJoin(volunteers, eq(volunteers.id, volunteerTeamMembers.volunteerId))
    .where(and(eq(volunteerTeamMembers.teamId, teamId), eq(volunteerTeamMembers.role, 'leader')));
  return { teamId, leaderUserIds: leaders.map((row) => row.userId) };
}

export async function teamRefForProject(db: Db, projectId: number) {
  const [project] = await db.select({ teamId: volunteerProjects.teamId }).from(volunteerProjects).where(eq(volunteerProjects.id, projectId));
  return project ? teamRef(db, project.teamId) : null;
}

export async function teamRefForShift(db: Db, shiftId: number) {
  const [shift] = await db
    .select({ teamId: volunteerProjects.teamId })
    .from(volunteerShifts)
    .innerJoin(volunteerProjects, eq(volunteerProjects.id, volunteerShifts.projectId))
    .where(eq(volunteerShifts.id, shiftId));
  return shift ? teamRef(db, shift.teamId) : null;
}

/** Every team, by id (the admin's list). */
export async function listTeams(db: Db) {
  return db.select().from(volunteerTeams).orderBy(volunteerTeams.id);
}

/** The teams a leader publishes for: every team for an admin, otherwise those they lead. */
export async function teamsForLeader(db: Db, leader: Actor) {
  if (leader.role !== 'admin') return ledTeams(db, leader.id);
  return db.select({ id: volunteerTeams.id, name: volunteerTeams.name }).from(volunteerTeams).orderBy(volunteerTeams.id);
}

/** A project's latest shifts, newest first. */
export async function listProjectShifts(db: Db, projectId: number, limit = 50) {
  return db.select().from(volunteerShifts).where(eq(volunteerShifts.projectId, projectId)).orderBy(desc(volunteerShifts.startsAt)).limit(limit);
}

/** The teams a user leads (for the leader workspace and can(user, 'volunteers.lead', …)). */
export async function ledTeams(db: Db, userId: number) {
  return db
    .select({ id: volunteerTeams.id, name: volunteerTeams.name })
    .from(volunteerTeamMembers)
    .innerJoin(volunteers, eq(volunteers.id, volunteerTeamMembers.volunteerId))
    .innerJoin(volunteerTeams, eq(volunteerTeams.id, volunteerTeamMembers.teamId))
    .where(and(eq(volunteers.userId, userId), eq(volunteerTeamMembers.role, 'leader')))
    .orderBy(volunteerTeams.id);
}

export async function createTeam(db: Db, actor: Actor, input: { name: string; description?: string; organization: string }, requestId?: string) {
  const name = input.name.trim();
  const organization = input.organization.trim();
  if (!name || name.length > 60 || !organization) return fail('invalid', 'form.invalid', { fields: { name: 'volunteers.team.error.name' } });
  return db.transaction(async (tx) => {
    const [team] = await tx
      .insert(volunteerTeams)
      .values({ name, organization, description: input.description?.trim() ?? '' })
      .returning();
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'volunteer.team.create',
      targetType: 'volunteer_team',
      targetId: team!.id,
      summary: { after: { name, organization } },
      requestId: requestId ?? null,
    });
    return { ok: true as const, team: team! };
  });
}

/** Adds a volunteer (by volunteer number) to a team or changes their role in it. */
export async function setTeamMember(
  db: Db,
  actor: Actor,
  teamId: number,
  input: { volunteerNumber: string; role: 'member' | 'leader' },
  requestId?: string,
): Promise<Result<{}, 'invalid' | 'not_found'>> {
  if (input.role !== 'member' && input.role !== 'leader') return fail('invalid', 'form.invalid');
  const [volunteer] = await db.select({ id: volunteers.id }).from(volunteers).where(eq(volunteers.volunteerNumber, input.volunteerNumber.trim().toUpperCase()));
  if (!volunteer) return fail('not_found', 'form.invalid', { fields: { volunteerNumber: 'volunteers.team.error.volunteer' } });
  return db.transaction(async (tx) => {
    await tx
      .insert(volunteerTeamMembers)
      .values({ teamId, volunteerId: volunteer.id, role: input.role })
      .onConflictDoUpdate({ target: [volunteerTeamMembers.teamId, volunteerTeamMembers.volunteerId], set: { role: input.role } });
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'volunteer.team.member',
      targetType: 'volunteer_team',
      targetId: teamId,
      summary: { after: { volunteerId: volunteer.id, role: input.role } },
      requestId: requestId ?? null,
    });
    return { ok: true as const };
  });
}

export interface ProjectInput {
  teamId: number;
  title: string;
  type: ProjectType;
  description: string;
  address: string;
  /** The place: a point picked on the map or typed, or else the middle of a community. */
  lat: number | null;
  lng: number | null;
  communityId?: number | null;
}

type Place = { lat: number; lng: number; communityId: number; districtId: number };

/** The middle of a community's extent, with its district: the place of a project set without a map. */
async function communityPlace(db: Db, communityId: number): Promise<Place | null> {
  const subdistrict = aliasedTable(areas, 'subdistrict');
  const [row] = await db
    .select({ minLat: areas.minLat, maxLat: areas.maxLat, minLng: areas.minLng, maxLng: areas.maxLng, districtId: subdistrict.parentId })
    .from(areas)
    .innerJoin(subdistrict, eq(subdistrict.id, areas.parentId))
    .where(and(eq(areas.id, communityId), eq(areas.level, 'community')));
  if (!row || row.districtId === null || row.minLat === null || row.maxLat === null || row.minLng === null || row.maxLng === null) return null;
  return { lat: (row.minLat + row.maxLat) / 2, lng: (row.minLng + row.maxLng) / 2, communityId, districtId: row.districtId };
}

async function checkProject(db: Db, input: ProjectInput): Promise<{ fields: Record<string, string>; title: string; place: Place | null }> {
  const fields: Record<string, string> = {};
  const title = input.title?.trim() ?? '';
  if (!title || title.length > 80) fields.title = 'volunteers.project.error.title';
  if (!PROJECT_TYPES.includes(input.type)) fields.type = 'volunteers.project.error.type';
  if ((input.description?.length ?? 0) > 4000) fields.description = 'volunteers.project.error.description';
  let place: Place | null = null;
  if (input.lat !== null && input.lng !== null && Number.isFinite(input.lat) && Number.isFinite(input.lng)) {
    const resolved = await resolvePoint(db, { lat: input.lat, lng: input.lng });
    if (resolved) place = { lat: input.lat, lng: input.lng, communityId: resolved.community.id, districtId: resolved.district.id };
  } else if (input.communityId) {
    place = await communityPlace(db, input.communityId);
  }
  if (!place) fields.place = 'volunteers.project.error.place';
  return { fields, title, place };
}

export async function createProject(db: Db, actor: Actor, input: ProjectInput, requestId?: string): Promise<Result<{ project: { id: number } }, 'invalid'>> {
  const { fields, title, place } = await checkProject(db, input);
  if (Object.keys(fields).length) return fail('invalid', 'form.invalid', { fields });
  return db.transaction(async (tx) => {
    const [project] = await tx
      .insert(volunteerProjects)
      .values({
        teamId: input.teamId,
        title,
        type: input.type,
        description: input.description?.trim() ?? '',
        address: input.address?.trim() ?? '',
        lat: place!.lat,
        lng: place!.lng,
        communityId: place!.communityId,
        districtId: place!.districtId,
      })
      .returning({ id: volunteerProjects.id });
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'volunteer.project.create',
      targetType: 'volunteer_project',
      targetId: project!.id,
      summary: { after: { title, type: input.type, teamId: input.teamId, lat: place!.lat, lng: place!.lng } },
      requestId: requestId ?? null,
    });
    return { ok: true as const, project: project! };
  });
}

/**
 * Edits a project. Moving it to another team is allowed only to a team the actor may manage too
 * (the caller checks can() for both teams).
 */
export async function updateProject(
  db: Db,
  actor: Actor,
  projectId: number,
  input: ProjectInput,
  requestId?: string,
  now = new Date(),
): Promise<Result<{}, 'invalid' | 'not_found'>> {
  const { fields, title, place } = await checkProject(db, input);
  if (Object.keys(fields).length) return fail('invalid', 'form.invalid', { fields });
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(volunteerProjects).where(eq(volunteerProjects.id, projectId)).for('update');
    if (!before) return fail('not_found', 'error.notFound');
    const after = {
      teamId: input.teamId,
      title,
      type: input.type,
      description: input.description?.trim() ?? '',
      address: input.address?.trim() ?? '',
      lat: place!.lat,
      lng: place!.lng,
      communityId: place!.communityId,
      districtId: place!.districtId,
    };
    await tx.update(volunteerProjects).set(after).where(eq(volunteerProjects.id, projectId));
    if (after.address !== before.address || after.lat !== before.lat || after.lng !== before.lng) {
      await tellShiftsMoved(tx, projectId, title, await placeName(tx, before), await placeName(tx, after), now);
    }
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'volunteer.project.update',
      targetType: 'volunteer_project',
      targetId: projectId,
      summary: {
        before: { teamId: before.teamId, title: before.title, type: before.type, lat: before.lat, lng: before.lng },
        after: { teamId: after.teamId, title, type: after.type, lat: after.lat, lng: after.lng },
      },
      requestId: requestId ?? null,
    });
    return { ok: true as const };
  });
}

export interface ShiftInput {
  projectId: number;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  requiredSkills?: string[];
  signupOpensAt?: Date | null;
  signupClosesAt?: Date | null;
  /** Default 180 (3 hours before the start). */
  cancelCutoffMinutes?: number;
}

export const DEFAULT_CANCEL_CUTOFF_MINUTES = 180;

const validDate = (d: Date | null | undefined) => d instanceof Date && !Number.isNaN(d.getTime());

function checkShift(input: Omit<ShiftInput, 'projectId'>, now: Date) {
  const fields: Record<string, string> = {};
  if (!validDate(input.startsAt) || !validDate(input.endsAt) || input.endsAt <= input.startsAt) fields.endsAt = 'volunteers.shift.error.times';
  else if (input.startsAt <= now) fields.startsAt = 'volunteers.shift.error.past';
  else if (input.endsAt.getTime() - input.startsAt.getTime() > 24 * 3600_000) fields.endsAt = 'volunteers.shift.error.tooLong';
  if (!Number.isInteger(input.capacity) || input.capacity < 1 || input.capacity > 10_000) fields.capacity = 'volunteers.shift.error.capacity';
  const skills = [...new Set(input.requiredSkills ?? [])];
  if (skills.some((skill) => !(SKILLS as readonly string[]).includes(skill))) fields.requiredSkills = 'volunteers.register.error.skills';
  const cutoff = input.cancelCutoffMinutes ?? DEFAULT_CANCEL_CUTOFF_MINUTES;
  if (!Number.isInteger(cutoff) || cutoff < 0 || cutoff > 7 * 24 * 60) fields.cancelCutoffMinutes = 'volunteers.shift.error.cutoff';
  if ((input.signupOpensAt && !validDate(input.signupOpensAt)) || (input.signupClosesAt && !validDate(input.signupClosesAt)))
    fields.signupClosesAt = 'volunteers.shift.error.times';
  else if (input.signupOpensAt && input.signupClosesAt && input.signupClosesAt <= input.signupOpensAt) fields.signupClosesAt = 'volunteers.shift.error.signupWindow';
  else if (validDate(input.startsAt) && input.signupClosesAt && input.signupClosesAt > input.startsAt) fields.signupClosesAt = 'volunteers.shift.error.signupWindow';
  return { fields, skills, cutoff };
}

export async function createShift(db: Db, actor: Actor, input: ShiftInput, requestId?: string, now = new Date()): Promise<Result<{ shift: { id: number } }, 'invalid'>> {
  const { fields, skills, cutoff } = checkShift(input, now);
  if (Object.keys(fields).length) return fail('invalid', 'form.invalid', { fields });
  return db.transaction(async (tx) => {
    const [shift] = await tx
      .insert(volunteerShifts)
      .values({
        projectId: input.projectId,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        capacity: input.capacity,
        requiredSkills: skills,
        signupOpensAt: input.signupOpensAt ?? null,
        signupClosesAt: input.signupClosesAt ?? null,
        cancelCutoffMinutes: cutoff,
      })
      .returning({ id: volunteerShifts.id });
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'volunteer.shift.create',
      targetType: 'volunteer_shift',
      targetId: shift!.id,
      summary: { after: { projectId: input.projectId, startsAt: input.startsAt.toISOString(), capacity: input.capacity } },
      requestId: requestId ?? null,
    });
    return { ok: true as const, shift: shift! };
  });
}

export type ShiftChangeFailure = 'invalid' | 'not_found' | 'cancelled' | 'started' | 'capacity_below_confirmed';

/** Where a project is, in words for a message: its address, else its community's name. */
async function placeName(tx: Db, project: { address: string; communityId: number | null }): Promise<string> {
  if (project.address.trim()) return project.address.trim();
  if (project.communityId === null) return '';
  const [community] = await tx.select({ name: areas.nameZh }).from(areas).where(eq(areas.id, project.communityId));
  return community?.name ?? '';
}

/**
 * A project's place changed: everyone signed up for one of its shifts still to come is told, once
 * per shift and change (the dedupe key names the change's instant), from where to where.
 */
async function tellShiftsMoved(tx: Db, projectId: number, title: string, oldPlace: string, place: string, now: Date): Promise<void> {
  const upcoming = await tx
    .select({ id: volunteerShifts.id, startsAt: volunteerShifts.startsAt })
    .from(volunteerShifts)
    .where(and(eq(volunteerShifts.projectId, projectId), gt(volunteerShifts.startsAt, now), isNull(volunteerShifts.cancelledAt)));
  for (const shift of upcoming) {
    await notify(
      tx,
      await signedUpUsers(tx, shift.id),
      {
        kind: 'shift.changed',
        messageKey: 'notification.shift.moved',
        params: { title, startsAt: shift.startsAt.toISOString(), oldPlace: oldPlace || '—', place: place || '—' },
        link: `/volunteer/shifts/${shift.id}`,
        dedupeKey: `shift.moved:${shift.id}:${now.getTime()}`,
      },
      now,
    );
  }
}

/** The users signed up for a shift (confirmed or waitlisted), to tell them about a change. */
async function signedUpUsers(tx: Db, shiftId: number): Promise<number[]> {
  const rows = await tx
    .select({ userId: volunteers.userId })
    .from(volunteerSignups)
    .innerJoin(volunteers, eq(volunteers.id, volunteerSignups.volunteerId))
    .where(and(eq(volunteerSignups.shiftId, shiftId), inArray(volunteerSignups.status, ['confirmed', 'waitlisted'])));
  return rows.map((row) => row.userId);
}

/**
 * A leader edits a shift before it starts. Capacity may not fall below the volunteers already
 * confirmed: nobody loses a seat silently, so that is refused with the number to talk to first (a
 * leader may remove a sign-up by hand, which tells the volunteer). Raising it promotes the waitlist
 * in order, each promoted volunteer notified; a change of time is told to everyone signed up.
 */
export async function updateShift(
  db: Db,
  actor: Actor,
  shiftId: number,
  input: Omit<ShiftInput, 'projectId'>,
  requestId?: string,
  now = new Date(),
): Promise<Result<{ promoted: number }, ShiftChangeFailure>> {
  const { fields, skills, cutoff } = checkShift(input, now);
  return db.transaction(async (tx) => {
    const [shift] = await tx.select().from(volunteerShifts).where(eq(volunteerShifts.id, shiftId)).for('update');
    if (!shift) return fail('not_found', 'error.notFound');
    if (shift.cancelledAt) return fail('cancelled', 'volunteers.shift.error.cancelled');
    if (shift.startsAt <= now) return fail('started', 'volunteers.shift.error.started');
    if (Object.keys(fields).length) return fail('invalid', 'form.invalid', { fields });
    if (input.capacity < shift.confirmedCount) {
      return fail('capacity_below_confirmed', 'volunteers.shift.error.capacityBelowConfirmed', {
        params: { confirmed: shift.confirmedCount },
        fields: { capacity: 'volunteers.shift.error.capacityBelowConfirmed' },
      });
    }
    const [project] = await tx.select().from(volunteerProjects).where(eq(volunteerProjects.id, shift.projectId));
    const promoted = await tx
      .update(volunteerSignups)
      .set({ status: 'confirmed', position: null, promotedAt: now })
      .where(and(eq(volunteerSignups.shiftId, shiftId), eq(volunteerSignups.status, 'waitlisted'), lte(volunteerSignups.position, input.capacity - shift.confirmedCount)))
      .returning({ volunteerId: volunteerSignups.volunteerId });
    if (promoted.length > 0) {
      await tx
        .update(volunteerSignups)
        .set({ position: sql`${volunteerSignups.position} - ${promoted.length}` })
        .where(and(eq(volunteerSignups.shiftId, shiftId), eq(volunteerSignups.status, 'waitlisted')));
    }
    await tx
      .update(volunteerShifts)
      .set({
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        capacity: input.capacity,
        requiredSkills: skills,
        signupOpensAt: input.signupOpensAt ?? null,
        signupClosesAt: input.signupClosesAt ?? null,
        cancelCutoffMinutes: cutoff,
        confirmedCount: shift.confirmedCount + promoted.length,
        waitlistCount: shift.waitlistCount - promoted.length,
      })
      .where(eq(volunteerShifts.id, shiftId));
    const link = `/volunteer/shifts/${shiftId}`;
    if (promoted.length > 0) {
      const users = await tx
        .select({ userId: volunteers.userId })
        .from(volunteers)
        .where(
          inArray(
            volunteers.id,
            promoted.map((row) => row.volunteerId),
          ),
        );
      await notify(
        tx,
        users.map((row) => row.userId),
        { kind: 'shift.promoted', messageKey: 'notification.shift.promoted', params: { title: project!.title, startsAt: input.startsAt.toISOString() }, link },
        now,
      );
    }
    const moved = input.startsAt.getTime() !== shift.startsAt.getTime() || input.endsAt.getTime() !== shift.endsAt.getTime();
    if (moved) {
      // Old and new times side by side, once per change (the dedupe key names the change's instant).
      await notify(
        tx,
        await signedUpUsers(tx, shiftId),
        {
          kind: 'shift.changed',
          messageKey: 'notification.shift.changed',
          params: {
            title: project!.title,
            oldStartsAt: shift.startsAt.toISOString(),
            oldEndsAt: shift.endsAt.toISOString(),
            startsAt: input.startsAt.toISOString(),
            endsAt: input.endsAt.toISOString(),
            place: (await placeName(tx, project!)) || '—',
          },
          link,
          dedupeKey: `shift.changed:${shiftId}:${now.getTime()}`,
        },
        now,
      );
    }
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'volunteer.shift.update',
      targetType: 'volunteer_shift',
      targetId: shiftId,
      summary: {
        before: { startsAt: shift.startsAt.toISOString(), endsAt: shift.endsAt.toISOString(), capacity: shift.capacity, cancelCutoffMinutes: shift.cancelCutoffMinutes },
        after: { startsAt: input.startsAt.toISOString(), endsAt: input.endsAt.toISOString(), capacity: input.capacity, cancelCutoffMinutes: cutoff, promoted: promoted.length },
      },
      requestId: requestId ?? null,
    });
    return { ok: true as const, promoted: promoted.length };
  });
}

/** A leader calls a shift off before it ends: every sign-up is cancelled and everyone signed up is told why. */
export async function cancelShift(
  db: Db,
  actor: Actor,
  shiftId: number,
  input: { reason: string },
  requestId?: string,
  now = new Date(),
): Promise<Result<{ notified: number }, 'invalid' | 'not_found' | 'cancelled' | 'started'>> {
  const reason = input.reason?.trim() ?? '';
  if (!reason || reason.length > 200) return fail('invalid', 'form.invalid', { fields: { reason: 'volunteers.shift.error.cancelReason' } });
  return db.transaction(async (tx) => {
    const [shift] = await tx.select().from(volunteerShifts).where(eq(volunteerShifts.id, shiftId)).for('update');
    if (!shift) return fail('not_found', 'error.notFound');
    if (shift.cancelledAt) return fail('cancelled', 'volunteers.shift.error.cancelled');
    if (shift.endsAt <= now) return fail('started', 'volunteers.shift.error.ended');
    const recipients = await signedUpUsers(tx, shiftId);
    await tx
      .update(volunteerSignups)
      .set({ status: 'cancelled', position: null, cancelledAt: now })
      .where(and(eq(volunteerSignups.shiftId, shiftId), inArray(volunteerSignups.status, ['confirmed', 'waitlisted'])));
    await tx.update(volunteerShifts).set({ cancelledAt: now, cancelReason: reason, confirmedCount: 0, waitlistCount: 0 }).where(eq(volunteerShifts.id, shiftId));
    const [project] = await tx.select().from(volunteerProjects).where(eq(volunteerProjects.id, shift.projectId));
    // With an apology and the reason; once (a shift is cancelled once).
    await notify(
      tx,
      recipients,
      {
        kind: 'shift.cancelled',
        messageKey: 'notification.shift.cancelled',
        params: { title: project!.title, startsAt: shift.startsAt.toISOString(), place: (await placeName(tx, project!)) || '—', reason },
        link: `/volunteer/shifts/${shiftId}`,
        dedupeKey: `shift.cancelled:${shiftId}`,
      },
      now,
    );
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'volunteer.shift.cancel',
      targetType: 'volunteer_shift',
      targetId: shiftId,
      summary: { before: { confirmed: shift.confirmedCount, waitlisted: shift.waitlistCount }, after: { reason, notified: recipients.length } },
      requestId: requestId ?? null,
    });
    return { ok: true as const, notified: recipients.length };
  });
}
