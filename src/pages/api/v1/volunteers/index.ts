import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/server/db';
import { apiFailure, readBody, respond } from '../../../../lib/server/http/api';
import { VolunteerRegisteredResponse } from '../../../../lib/server/openapi/responses';
import { authorize } from '../../../../lib/server/http/guard';
import { FAILURE_STATUS, registerVolunteer, volunteerKeys } from '../../../../lib/server/volunteers';
import { registerVolunteerInput } from '../../../../lib/server/volunteers/inputs';
import { submitterOf } from '../../../../lib/server/limits';

/** Real-name registration: {realName, idNumber, phone, communityId, skills?, availability?, idNumberConsent: true}. */
export const POST: APIRoute = async (context) => {
  const user = authorize(context.locals, 'volunteers.participate');
  const body = await readBody(context, registerVolunteerInput);
  const result = await registerVolunteer(
    await getDb(),
    user,
    {
      realName: body.realName,
      idNumber: body.idNumber,
      phone: body.phone,
      communityId: body.communityId,
      skills: body.skills ?? [],
      availability: body.availability ?? [],
      idNumberConsent: body.idNumberConsent,
    },
    volunteerKeys(),
    context.locals.requestId,
    new Date(),
    submitterOf(context.locals),
  );
  if (!result.ok) return apiFailure(context.locals, result, FAILURE_STATUS[result.code]);
  return respond(VolunteerRegisteredResponse, { volunteer: result.volunteer }, 201, { location: '/api/v1/volunteers/me' });
};
