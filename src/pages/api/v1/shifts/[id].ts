import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/server/db';
import { apiFailure, json, readBody, readJson } from '../../../../lib/server/http/api';
import { badRequest, notFound } from '../../../../lib/server/http/errors';
import { authorize } from '../../../../lib/server/http/guard';
import { cancelShiftInput } from '../../../../lib/server/volunteers/inputs';
import { cancelShift, FAILURE_STATUS, getShift, optionalDate, positiveId, shiftJson, teamRef, updateShift } from '../../../../lib/server/volunteers';

/** One shift; for a signed-in volunteer also their sign-up (mySignup). */
export const GET: APIRoute = async ({ params, locals }) => {
  const id = positiveId(params.id);
  const shift = id ? await getShift(await getDb(), id, locals.user?.id) : null;
  if (!shift) throw notFound();
  return json({ shift: { ...shiftJson(shift), description: shift.description } });
};

async function leaderShift(context: Parameters<APIRoute>[0]) {
  const db = await getDb();
  const id = positiveId(context.params.id);
  const shift = id ? await getShift(db, id) : null;
  if (!shift) throw notFound();
  const user = authorize(context.locals, 'volunteers.team.manage', (await teamRef(db, shift.project.teamId))!);
  return { db, shift, user };
}

/**
 * A leader edits a shift before it starts; fields left out keep their values. Capacity below the
 * confirmed count is refused (409 capacity_below_confirmed); a higher capacity promotes the waitlist.
 */
export const PATCH: APIRoute = async (context) => {
  const body = await readJson(context);
  const { db, shift, user } = await leaderShift(context);
  const date = (name: string, current: Date | null) => {
    if (body[name] === undefined) return current;
    if (body[name] === null) return null;
    const value = optionalDate(body[name]);
    if (!value) throw badRequest('volunteers.api.error.date');
    return value;
  };
  const result = await updateShift(
    db,
    user,
    shift.id,
    {
      startsAt: date('startsAt', shift.startsAt)!,
      endsAt: date('endsAt', shift.endsAt)!,
      capacity: body.capacity === undefined ? shift.capacity : Number(body.capacity),
      requiredSkills: Array.isArray(body.requiredSkills) ? body.requiredSkills.map(String) : shift.requiredSkills,
      signupOpensAt: date('signupOpensAt', shift.signupOpensAt),
      signupClosesAt: date('signupClosesAt', shift.signupClosesAt),
      cancelCutoffMinutes: body.cancelCutoffMinutes === undefined ? shift.cancelCutoffMinutes : Number(body.cancelCutoffMinutes),
    },
    context.locals.requestId,
  );
  if (!result.ok) return apiFailure(context.locals, result, FAILURE_STATUS[result.code]);
  const updated = await getShift(db, shift.id);
  return json({ shift: shiftJson(updated!), promoted: result.promoted });
};

/** A leader cancels a shift with a reason (JSON body {"reason"}); everyone signed up is notified. */
export const DELETE: APIRoute = async (context) => {
  const body = context.request.headers.get('content-type')?.includes('application/json') ? await readBody(context, cancelShiftInput) : {};
  const { db, shift, user } = await leaderShift(context);
  const result = await cancelShift(db, user, shift.id, { reason: body.reason ?? '' }, context.locals.requestId);
  if (!result.ok) return apiFailure(context.locals, result, FAILURE_STATUS[result.code]);
  return json({ cancelled: true, notified: result.notified });
};
