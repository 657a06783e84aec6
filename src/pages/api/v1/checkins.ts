import type { APIRoute } from 'astro';
import { getDb } from '../../../lib/server/db';
import { apiFailure, json, readJson } from '../../../lib/server/http/api';
import { authorize } from '../../../lib/server/http/guard';
import { checkInWithToken, FAILURE_STATUS, optionalNumber, volunteerKeys } from '../../../lib/server/volunteers';

/** Check in or out with a scanned code: {token, lat?, lng?}. */
export const POST: APIRoute = async (context) => {
  const user = authorize(context.locals, 'volunteers.participate');
  const body = await readJson(context);
  const lat = optionalNumber(body.lat);
  const lng = optionalNumber(body.lng);
  const result = await checkInWithToken(await getDb(), volunteerKeys(), user.id, typeof body.token === 'string' ? body.token : '', lat !== null && lng !== null ? { lat, lng } : null);
  if (!result.ok) return apiFailure(context.locals, result, FAILURE_STATUS[result.code]);
  const { ok: _ok, ...outcome } = result;
  return json(outcome);
};
