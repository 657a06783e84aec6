import type { APIRoute } from 'astro';
import { getDb } from '../../../lib/server/db';
import { apiFailure, readBody, respond } from '../../../lib/server/http/api';
import { CheckinResponse } from '../../../lib/server/openapi/responses';
import { authorize } from '../../../lib/server/http/guard';
import { checkInWithToken, FAILURE_STATUS, volunteerKeys } from '../../../lib/server/volunteers';
import { checkinInput } from '../../../lib/server/volunteers/inputs';

/** Check in or out with a scanned code: {token, lat?, lng?}. */
export const POST: APIRoute = async (context) => {
  const user = authorize(context.locals, 'volunteers.participate');
  const body = await readBody(context, checkinInput);
  const result = await checkInWithToken(
    await getDb(),
    volunteerKeys(),
    user.id,
    body.token,
    body.lat !== undefined && body.lng !== undefined ? { lat: body.lat, lng: body.lng } : null,
  );
  if (!result.ok) return apiFailure(context.locals, result, FAILURE_STATUS[result.code]);
  const { ok: _ok, ...outcome } = result;
  return respond(CheckinResponse, outcome);
};
