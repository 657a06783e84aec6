import type { APIRoute } from 'astro';
import { getDb } from '../../../../../lib/server/db';
import { readQuery, respond } from '../../../../../lib/server/http/api';
import { notFound } from '../../../../../lib/server/http/errors';
import { authorize } from '../../../../../lib/server/http/guard';
import { CheckinCodeResponse } from '../../../../../lib/server/openapi/responses';
import { checkInCode, positiveId, siteOrigin, teamRefForShift, volunteerKeys } from '../../../../../lib/server/volunteers';
import { checkinCodeQuery } from '../../../../../lib/server/volunteers/inputs';

/** The shift's current check-in (or ?mode=out check-out) code, for its leaders: URL, SVG and when it changes. */
export const GET: APIRoute = async ({ params, locals, url }) => {
  const id = positiveId(params.id);
  const team = id ? await teamRefForShift(await getDb(), id) : null;
  if (!team) throw notFound();
  authorize(locals, 'volunteers.team.manage', team);
  const { mode } = readQuery(url, checkinCodeQuery);
  return respond(CheckinCodeResponse, await checkInCode(volunteerKeys(), id!, mode, siteOrigin()));
};
