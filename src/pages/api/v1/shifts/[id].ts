import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/server/db';
import { apiFailure, pathId, readBody, respond } from '../../../../lib/server/http/api';
import { ShiftCancelledResponse, ShiftResponse, ShiftUpdatedResponse } from '../../../../lib/server/openapi/responses';
import { notFound } from '../../../../lib/server/http/errors';
import { authorize } from '../../../../lib/server/http/guard';
import { cancelShiftInput, updateShiftInput } from '../../../../lib/server/volunteers/inputs';
import { cancelShift, FAILURE_STATUS, getShift, shiftJson, teamRef, updateShift } from '../../../../lib/server/volunteers';

/** One shift; for a signed-in volunteer also their sign-up (mySignup). */
export const GET: APIRoute = async ({ params, locals }) => {
  const shift = await getShift(await getDb(), pathId(params.id), locals.user?.id);
  if (!shift) throw notFound();
  return respond(ShiftResponse, { shift: { ...shiftJson(shift), description: shift.description } });
};

async function leaderShift(context: Parameters<APIRoute>[0]) {
  const db = await getDb();
  const shift = await getShift(db, pathId(context.params.id));
  if (!shift) throw notFound();
  const user = authorize(context.locals, 'volunteers.team.manage', (await teamRef(db, shift.project.teamId))!);
  return { db, shift, user };
}

/**
 * A leader edits a shift before it starts; fields left out keep their values. Capacity below the
 * confirmed count is refused (409 capacity_below_confirmed); a higher capacity promotes the waitlist.
 */
export const PATCH: APIRoute = async (context) => {
  const input = await readBody(context, updateShiftInput);
  const { db, shift, user } = await leaderShift(context);
  /** A field left out keeps its value; null clears it. */
  const instant = (value: string | null | undefined, current: Date | null) => (value === undefined ? current : value === null ? null : new Date(value));
  const result = await updateShift(
    db,
    user,
    shift.id,
    {
      startsAt: instant(input.startsAt, shift.startsAt)!,
      endsAt: instant(input.endsAt, shift.endsAt)!,
      capacity: input.capacity ?? shift.capacity,
      requiredSkills: input.requiredSkills ?? shift.requiredSkills,
      signupOpensAt: instant(input.signupOpensAt, shift.signupOpensAt),
      signupClosesAt: instant(input.signupClosesAt, shift.signupClosesAt),
      cancelCutoffMinutes: input.cancelCutoffMinutes ?? shift.cancelCutoffMinutes,
    },
    context.locals.requestId,
  );
  if (!result.ok) return apiFailure(context.locals, result, FAILURE_STATUS[result.code]);
  const updated = await getShift(db, shift.id);
  return respond(ShiftUpdatedResponse, { shift: shiftJson(updated!), promoted: result.promoted });
};

/** A leader cancels a shift with a reason (JSON body {"reason"}); everyone signed up is notified. */
export const DELETE: APIRoute = async (context) => {
  const body = context.request.headers.get('content-type')?.includes('application/json') ? await readBody(context, cancelShiftInput) : {};
  const { db, shift, user } = await leaderShift(context);
  const result = await cancelShift(db, user, shift.id, { reason: body.reason ?? '' }, context.locals.requestId);
  if (!result.ok) return apiFailure(context.locals, result, FAILURE_STATUS[result.code]);
  return respond(ShiftCancelledResponse, { cancelled: true, notified: result.notified });
};
