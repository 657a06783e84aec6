/**
 * Commands: a leader approves or adjusts recorded hours, or adds hours by hand (both audited, with
 * reasons). A person's day stays plausible: hours never overlap and never exceed 24 in a day, and
 * large hand-added entries need a second approver.
 */
import { and, eq, gt, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { users, volunteerHours, volunteerProjects, volunteers, volunteerTeamMembers } from '../../../../db/schema';
import { award } from '../community/points';
import { recordAudit } from '../audit/record';
import type { Actor } from '../auth/permissions';
import { notify } from '../notifications';
import { fail, type Result } from '../result';
import { getSetting } from '../settings';
import { addDays, isDay, parseCityDateTime, startOfCityDay } from '../time';

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
): Promise<Result<{}, 'invalid' | 'not_found' | 'second_approver'>> {
  const reason = input.reason?.trim() ?? '';
  return db.transaction(async (tx) => {
    const [owner] = await tx.select({ volunteerId: volunteerHours.volunteerId }).from(volunteerHours).where(eq(volunteerHours.id, hoursId));
    if (!owner) return fail('not_found', 'error.notFound');
    // The person's row first, as addManualHours takes it: a day's total is checked one write at a time.
    await tx.select({ id: volunteers.id }).from(volunteers).where(eq(volunteers.id, owner.volunteerId)).for('update');
    const [record] = await tx.select().from(volunteerHours).where(eq(volunteerHours.id, hoursId)).for('update');
    if (!record) return fail('not_found', 'error.notFound');
    const minutes = input.minutes ?? record.minutes;
    if (input.decision === 'approve' && (!Number.isInteger(minutes) || minutes < 0 || minutes > DAY_MINUTES)) {
      return fail('invalid', 'form.invalid', { fields: { minutes: 'volunteers.hours.error.minutes' } });
    }
    if ((input.decision === 'reject' || minutes !== record.minutes) && !reason) {
      return fail('invalid', 'form.invalid', { fields: { reason: 'volunteers.hours.error.reason' } });
    }
    // Hand-added hours waiting for a second approver: not the leader who added them.
    if (input.decision === 'approve' && record.source === 'manual' && record.status === 'pending' && record.createdBy === actor.id) {
      return fail('second_approver', 'volunteers.hours.error.secondApprover');
    }
    if (input.decision === 'approve' && record.startsAt && record.endsAt && minutes > Math.round((record.endsAt.getTime() - record.startsAt.getTime()) / 60_000)) {
      return fail('invalid', 'form.invalid', { fields: { minutes: 'volunteers.hours.error.span' } });
    }
    if (input.decision === 'approve') {
      const clash = await plausibleDay(tx, record.volunteerId, record.servedOn, minutes, null, record.id);
      if (clash) return clash;
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
      summary: {
        before: { status: record.status, minutes: record.minutes, approvedMinutes: record.approvedMinutes },
        after: { status: after.status, approvedMinutes: after.approvedMinutes, reason },
      },
      requestId: requestId ?? null,
    });
    if (after.status === 'approved') {
      const [volunteer] = await tx.select({ userId: volunteers.userId }).from(volunteers).where(eq(volunteers.id, record.volunteerId));
      if (volunteer) {
        await notify(
          tx,
          [volunteer.userId],
          { kind: 'hours.approved', messageKey: 'notification.hours.approved', params: { hours: (minutes / 60).toFixed(1) }, link: '/volunteer/me' },
          now,
        );
        // Points (积分) per approved hour, once per record; none when the approver approves their own.
        if (volunteer.userId !== actor.id && minutes > 0) {
          await award(tx, { userId: volunteer.userId, event: 'volunteer_hours', sourceKey: `hours:${hoursId}`, units: minutes / 60 }, now);
        }
      }
    }
    return { ok: true as const };
  });
}

/** A day's hours of one person cannot exceed the day. */
export const DAY_MINUTES = 24 * 60;

export interface ManualHoursInput {
  volunteerId: number;
  projectId: number;
  servedOn: string;
  /** 'HH:MM' city time; `to` may be '24:00' (the end of the day). */
  from: string;
  to: string;
  reason: string;
}

/** The instant of 'HH:MM' on a city day ('24:00' is the next midnight); null when not a time. */
function timeOnDay(day: string, time: string): Date | null {
  if (!/^\d{2}:\d{2}$/.test(time ?? '')) return null;
  if (time === '24:00') return isDay(day) ? startOfCityDay(addDays(day, 1)) : null;
  return parseCityDateTime(`${day}T${time}`);
}

/**
 * Hours a leader adds by hand for a member of the project's team, kept apart from system hours, as
 * a span of one day (from, to). The span must be over, and may not overlap any other hours of the
 * person not rejected, nor bring the day's total above 24 hours; the person's row is locked, so two
 * leaders adding at once are checked one after the other. Up to `volunteers.manualHours.
 * secondApprovalMinutes` the hours count at once; above it they wait for a second leader or an
 * admin (reviewHours refuses the one who added them).
 */
export async function addManualHours(
  db: Db,
  actor: Actor,
  input: ManualHoursInput,
  requestId?: string,
  now = new Date(),
): Promise<Result<{ id: number; status: 'approved' | 'pending' }, 'invalid'>> {
  const fields: Record<string, string> = {};
  const reason = input.reason?.trim() ?? '';
  if (!reason) fields.reason = 'volunteers.hours.error.reason';
  const day = isDay(input.servedOn ?? '') ? input.servedOn : null;
  const startsAt = day ? timeOnDay(day, input.from) : null;
  const endsAt = day ? timeOnDay(day, input.to) : null;
  if (!day || startOfCityDay(day)! > now) fields.servedOn = 'volunteers.hours.error.date';
  else if (!startsAt || input.from === '24:00') fields.from = 'volunteers.hours.error.time';
  else if (!endsAt) fields.to = 'volunteers.hours.error.time';
  else if (endsAt <= startsAt) fields.to = 'volunteers.hours.error.order';
  else if (endsAt > now) fields.to = 'volunteers.hours.error.future';
  const [member] = await db
    .select({ teamId: volunteerProjects.teamId })
    .from(volunteerProjects)
    .innerJoin(volunteerTeamMembers, and(eq(volunteerTeamMembers.teamId, volunteerProjects.teamId), eq(volunteerTeamMembers.volunteerId, input.volunteerId)))
    .where(eq(volunteerProjects.id, input.projectId));
  if (!member) fields.volunteerId = 'volunteers.hours.error.member';
  if (Object.keys(fields).length) return fail('invalid', 'form.invalid', { fields });
  const minutes = Math.round((endsAt!.getTime() - startsAt!.getTime()) / 60_000);
  const threshold = await getSetting(db, 'volunteers.manualHours.secondApprovalMinutes');
  return db.transaction(async (tx) => {
    // One person's hours are checked and written one request at a time.
    await tx.select({ id: volunteers.id }).from(volunteers).where(eq(volunteers.id, input.volunteerId)).for('update');
    const clash = await plausibleDay(tx, input.volunteerId, day!, minutes, { startsAt: startsAt!, endsAt: endsAt! });
    if (clash) return clash;
    const second = minutes > threshold;
    const [row] = await tx
      .insert(volunteerHours)
      .values({
        volunteerId: input.volunteerId,
        projectId: input.projectId,
        source: 'manual',
        servedOn: day!,
        startsAt,
        endsAt,
        minutes,
        reason,
        createdBy: actor.id,
        ...(second ? { status: 'pending' as const } : { status: 'approved' as const, approvedMinutes: minutes, approvedBy: actor.id, approvedAt: now }),
      })
      .returning({ id: volunteerHours.id });
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'volunteer.hours.add',
      targetType: 'volunteer_hours',
      targetId: row!.id,
      summary: {
        after: {
          volunteerId: input.volunteerId,
          projectId: input.projectId,
          servedOn: day,
          from: input.from,
          to: input.to,
          minutes,
          reason,
          status: second ? 'pending' : 'approved',
        },
      },
      requestId: requestId ?? null,
    });
    return { ok: true as const, id: row!.id, status: second ? ('pending' as const) : ('approved' as const) };
  });
}

/**
 * Whether `minutes` more on `day` (in `span`, when known) fit the person's other hours not rejected:
 * no overlap, and at most 24 hours in the day. A refusal naming the field, or null. `except` leaves
 * out the record being reviewed.
 */
async function plausibleDay(tx: Db, volunteerId: number, day: string, minutes: number, span: { startsAt: Date; endsAt: Date } | null, except?: number) {
  const others = and(eq(volunteerHours.volunteerId, volunteerId), ne(volunteerHours.status, 'rejected'), except === undefined ? undefined : ne(volunteerHours.id, except));
  if (span) {
    const [overlap] = await tx
      .select({ id: volunteerHours.id, startsAt: volunteerHours.startsAt, endsAt: volunteerHours.endsAt })
      .from(volunteerHours)
      .where(and(others, lt(volunteerHours.startsAt, span.endsAt), gt(volunteerHours.endsAt, span.startsAt)))
      .limit(1);
    if (overlap) return fail('invalid', 'form.invalid', { fields: { from: 'volunteers.hours.error.overlap' } });
  }
  const [total] = await tx
    .select({ minutes: sql<number>`coalesce(sum(coalesce(${volunteerHours.approvedMinutes}, ${volunteerHours.minutes})), 0)::int` })
    .from(volunteerHours)
    .where(and(others, eq(volunteerHours.servedOn, day)));
  const recorded = Number(total?.minutes ?? 0);
  if (recorded + minutes > DAY_MINUTES) {
    return fail('invalid', 'form.invalid', {
      fields: { minutes: 'volunteers.hours.error.dayTotal' },
      params: { hours: formatDayHours(recorded), left: formatDayHours(Math.max(0, DAY_MINUTES - recorded)) },
    });
  }
  return null;
}

const formatDayHours = (minutes: number) => String(Math.round((minutes / 60) * 10) / 10);

/** Hand-added hours of a team's projects waiting for a second approver, oldest first, with who added them. */
export async function pendingManualHours(db: Db, teamId: number) {
  return db
    .select({
      id: volunteerHours.id,
      volunteerId: volunteerHours.volunteerId,
      realName: volunteers.realName,
      volunteerNumber: volunteers.volunteerNumber,
      projectTitle: volunteerProjects.title,
      servedOn: volunteerHours.servedOn,
      startsAt: volunteerHours.startsAt,
      endsAt: volunteerHours.endsAt,
      minutes: volunteerHours.minutes,
      reason: volunteerHours.reason,
      createdBy: volunteerHours.createdBy,
      createdByName: users.displayName,
    })
    .from(volunteerHours)
    .innerJoin(volunteerProjects, eq(volunteerProjects.id, volunteerHours.projectId))
    .innerJoin(volunteers, eq(volunteers.id, volunteerHours.volunteerId))
    .leftJoin(users, eq(users.id, volunteerHours.createdBy))
    .where(and(eq(volunteerProjects.teamId, teamId), eq(volunteerHours.source, 'manual'), eq(volunteerHours.status, 'pending')))
    .orderBy(volunteerHours.createdAt, volunteerHours.id);
}
