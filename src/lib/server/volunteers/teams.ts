/** Teams, their leaders and members, and the projects and shifts leaders publish. Callers check can() first. */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { PROJECT_TYPES, SKILLS, volunteerProjects, volunteers, volunteerShifts, volunteerTeamMembers, volunteerTeams, type ProjectType } from '../../../../db/schema';
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
    const [team] = await tx.insert(volunteerTeams).values({ name, organization, description: input.description?.trim() ?? '' }).returning();
    await recordAudit(tx, { actorId: actor.id, actorRole: actor.role, action: 'volunteer.team.create', targetType: 'volunteer_team', targetId: team!.id, summary: { after: { name, organization } }, requestId: requestId ?? null });
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
    await recordAudit(tx, { actorId: actor.id, actorRole: actor.role, action: 'volunteer.team.member', targetType: 'volunteer_team', targetId: teamId, summary: { after: { volunteerId: volunteer.id, role: input.role } }, requestId: requestId ?? null });
    return { ok: true as const };
  });
}

export interface ProjectInput {
  teamId: number;
  title: string;
  type: ProjectType;
  description: string;
  address: string;
  lat: number;
  lng: number;
}

export async function createProject(db: Db, actor: Actor, input: ProjectInput, requestId?: string): Promise<Result<{ project: { id: number } }, 'invalid'>> {
  const fields: Record<string, string> = {};
  const title = input.title?.trim() ?? '';
  if (!title || title.length > 80) fields.title = 'volunteers.project.error.title';
  if (!PROJECT_TYPES.includes(input.type)) fields.type = 'volunteers.project.error.type';
  const place = Number.isFinite(input.lat) && Number.isFinite(input.lng) ? await resolvePoint(db, { lat: input.lat, lng: input.lng }) : null;
  if (!place) fields.place = 'volunteers.project.error.place';
  if (Object.keys(fields).length) return fail('invalid', 'form.invalid', { fields });
  return db.transaction(async (tx) => {
    const [project] = await tx
      .insert(volunteerProjects)
      .values({ teamId: input.teamId, title, type: input.type, description: input.description?.trim() ?? '', address: input.address?.trim() ?? '', lat: input.lat, lng: input.lng, communityId: place!.community.id, districtId: place!.district.id })
      .returning({ id: volunteerProjects.id });
    await recordAudit(tx, { actorId: actor.id, actorRole: actor.role, action: 'volunteer.project.create', targetType: 'volunteer_project', targetId: project!.id, summary: { after: { title, type: input.type, teamId: input.teamId } }, requestId: requestId ?? null });
    return { ok: true as const, project: project! };
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

const validDate = (d: Date | null | undefined) => d instanceof Date && !Number.isNaN(d.getTime());

export async function createShift(db: Db, actor: Actor, input: ShiftInput, requestId?: string, now = new Date()): Promise<Result<{ shift: { id: number } }, 'invalid'>> {
  const fields: Record<string, string> = {};
  if (!validDate(input.startsAt) || !validDate(input.endsAt) || input.endsAt <= input.startsAt) fields.endsAt = 'volunteers.shift.error.times';
  else if (input.startsAt <= now) fields.startsAt = 'volunteers.shift.error.past';
  else if (input.endsAt.getTime() - input.startsAt.getTime() > 24 * 3600_000) fields.endsAt = 'volunteers.shift.error.tooLong';
  if (!Number.isInteger(input.capacity) || input.capacity < 1 || input.capacity > 10_000) fields.capacity = 'volunteers.shift.error.capacity';
  const skills = [...new Set(input.requiredSkills ?? [])];
  if (skills.some((skill) => !(SKILLS as readonly string[]).includes(skill))) fields.requiredSkills = 'volunteers.register.error.skills';
  const cutoff = input.cancelCutoffMinutes ?? 180;
  if (!Number.isInteger(cutoff) || cutoff < 0 || cutoff > 7 * 24 * 60) fields.cancelCutoffMinutes = 'volunteers.shift.error.cutoff';
  if ((input.signupOpensAt && !validDate(input.signupOpensAt)) || (input.signupClosesAt && !validDate(input.signupClosesAt))) fields.signupClosesAt = 'volunteers.shift.error.times';
  if (Object.keys(fields).length) return fail('invalid', 'form.invalid', { fields });
  return db.transaction(async (tx) => {
    const [shift] = await tx
      .insert(volunteerShifts)
      .values({ projectId: input.projectId, startsAt: input.startsAt, endsAt: input.endsAt, capacity: input.capacity, requiredSkills: skills, signupOpensAt: input.signupOpensAt ?? null, signupClosesAt: input.signupClosesAt ?? null, cancelCutoffMinutes: cutoff })
      .returning({ id: volunteerShifts.id });
    await recordAudit(tx, { actorId: actor.id, actorRole: actor.role, action: 'volunteer.shift.create', targetType: 'volunteer_shift', targetId: shift!.id, summary: { after: { projectId: input.projectId, startsAt: input.startsAt.toISOString(), capacity: input.capacity } }, requestId: requestId ?? null });
    return { ok: true as const, shift: shift! };
  });
}
