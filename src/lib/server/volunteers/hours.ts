/** Commands: a leader approves or adjusts recorded hours, or adds hours by hand (both audited, with reasons). */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { volunteerHours, volunteerProjects, volunteers, volunteerTeamMembers } from '../../../../db/schema';
import { recordAudit } from '../audit/record';
import type { Actor } from '../auth/permissions';
import { notify } from '../notifications';
import { fail, type Result } from '../result';
import { isDay, startOfCityDay } from '../time';

/** 一星 100 h … 五星 1500 h. */
export const STAR_THRESHOLDS_HOURS = [100, 300, 600, 1000, 1500] as const;

export function starLevel(minutes: number): number {
  return STAR_THRESHOLDS_HOURS.filter((hours) => minutes >= hours * 60).length;
}

/** The team whose leaders may approve an hours record; null when there is none. */
export async function teamOfHours(db: Db, hoursId: number): Promise<number | null> {
  const [row] = await db
    .select({ teamId: volunteerProjects.teamId })
    .from(volunteerHours)
    .innerJoin(volunteerProjects, eq(volunteerProjects.id, volunteerHours.projectId))
    .where(eq(volunteerHours.id, hoursId));
  return row?.teamId ?? null;
}

/** Approves a record as it is, or with other minutes (which need a reason); or rejects it with a reason. */
export async function reviewHours(
  db: Db,
  actor: Actor,
  hoursId: number,
  input: { decision: 'approve' | 'reject'; minutes?: number | null; reason?: string },
  requestId?: string,
  now = new Date(),
): Promise<Result<{}, 'invalid' | 'not_found'>> {
  const reason = input.reason?.trim() ?? '';
  return db.transaction(async (tx) => {
    const [record] = await tx.select().from(volunteerHours).where(eq(volunteerHours.id, hoursId)).for('update');
    if (!record) return fail('not_found', 'error.notFound');
    const minutes = input.minutes ?? record.minutes;
    if (input.decision === 'approve' && (!Number.isInteger(minutes) || minutes < 0 || minutes > 24 * 60)) {
      return fail('invalid', 'form.invalid', { fields: { minutes: 'volunteers.hours.error.minutes' } });
    }
    if ((input.decision === 'reject' || minutes !== record.minutes) && !reason) {
      return fail('invalid', 'form.invalid', { fields: { reason: 'volunteers.hours.error.reason' } });
    }
    const after =
      input.decision === 'approve'
        ? { status: 'approved' as const, approvedMinutes: minutes, reason: reason || record.reason, approvedBy: actor.id, approvedAt: now }
        : { status: 'rejected' as const, approvedMinutes: null, reason, approvedBy: actor.id, approvedAt: now };
    await tx.update(volunteerHours).set(after).where(eq(volunteerHours.id, hoursId));
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: `volunteer.hours.${input.decision}`,
      targetType: 'volunteer_hours',
      targetId: hoursId,
      summary: { before: { status: record.status, minutes: record.minutes, approvedMinutes: record.approvedMinutes }, after: { status: after.status, approvedMinutes: after.approvedMinutes, reason } },
      requestId: requestId ?? null,
    });
    if (after.status === 'approved') {
      const [volunteer] = await tx.select({ userId: volunteers.userId }).from(volunteers).where(eq(volunteers.id, record.volunteerId));
      if (volunteer) {
        await notify(tx, [volunteer.userId], { kind: 'hours.approved', messageKey: 'notification.hours.approved', params: { hours: (minutes / 60).toFixed(1) }, link: '/volunteer/me' }, now);
      }
    }
    return { ok: true as const };
  });
}

/** Hours a leader adds by hand for a member of the project's team, kept apart from system hours; approved at once. */
export async function addManualHours(
  db: Db,
  actor: Actor,
  input: { volunteerId: number; projectId: number; servedOn: string; minutes: number; reason: string },
  requestId?: string,
  now = new Date(),
): Promise<Result<{ id: number }, 'invalid'>> {
  const fields: Record<string, string> = {};
  const reason = input.reason?.trim() ?? '';
  if (!reason) fields.reason = 'volunteers.hours.error.reason';
  if (!Number.isInteger(input.minutes) || input.minutes <= 0 || input.minutes > 24 * 60) fields.minutes = 'volunteers.hours.error.minutes';
  if (!isDay(input.servedOn ?? '') || startOfCityDay(input.servedOn!)! > now) fields.servedOn = 'volunteers.hours.error.date';
  const [member] = await db
    .select({ teamId: volunteerProjects.teamId })
    .from(volunteerProjects)
    .innerJoin(volunteerTeamMembers, and(eq(volunteerTeamMembers.teamId, volunteerProjects.teamId), eq(volunteerTeamMembers.volunteerId, input.volunteerId)))
    .where(eq(volunteerProjects.id, input.projectId));
  if (!member) fields.volunteerId = 'volunteers.hours.error.member';
  if (Object.keys(fields).length) return fail('invalid', 'form.invalid', { fields });
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(volunteerHours)
      .values({ volunteerId: input.volunteerId, projectId: input.projectId, source: 'manual', servedOn: input.servedOn, minutes: input.minutes, approvedMinutes: input.minutes, status: 'approved', reason, createdBy: actor.id, approvedBy: actor.id, approvedAt: now })
      .returning({ id: volunteerHours.id });
    await recordAudit(tx, { actorId: actor.id, actorRole: actor.role, action: 'volunteer.hours.add', targetType: 'volunteer_hours', targetId: row!.id, summary: { after: { volunteerId: input.volunteerId, projectId: input.projectId, minutes: input.minutes, reason } }, requestId: requestId ?? null });
    return { ok: true as const, id: row!.id };
  });
}
