import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/server/db';
import { apiFailure, json, readJson } from '../../../../lib/server/http/api';
import { authorize } from '../../../../lib/server/http/guard';
import { FAILURE_STATUS, positiveId, registerVolunteer, volunteerKeys } from '../../../../lib/server/volunteers';

const strings = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);

/** Real-name registration: {realName, idNumber, phone, communityId, skills?, availability?, idNumberConsent: true}. */
export const POST: APIRoute = async (context) => {
  const user = authorize(context.locals, 'volunteers.participate');
  const body = await readJson(context);
  const result = await registerVolunteer(
    await getDb(),
    user,
    {
      realName: String(body.realName ?? ''),
      idNumber: String(body.idNumber ?? ''),
      phone: String(body.phone ?? ''),
      communityId: positiveId(body.communityId) ?? 0,
      skills: strings(body.skills),
      availability: strings(body.availability),
      idNumberConsent: body.idNumberConsent === true,
    },
    volunteerKeys(),
    context.locals.requestId,
  );
  if (!result.ok) return apiFailure(context.locals, result, FAILURE_STATUS[result.code]);
  return json({ volunteer: result.volunteer }, 201, { location: '/api/v1/volunteers/me' });
};
