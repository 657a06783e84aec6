import type { APIRoute } from 'astro';
import { getDb } from '../../../../../lib/server/db';
import { apiFailure, readParams, respond } from '../../../../../lib/server/http/api';
import { FollowResponse } from '../../../../../lib/server/openapi/responses';
import { requireUser } from '../../../../../lib/server/http/guard';
import { followReport } from '../../../../../lib/server/reports';
import { reportIdParams } from '../../../../../lib/server/reports/inputs';

/** "Me too": follow the report; answers its follower count. */
export const POST: APIRoute = async ({ params, locals }) => {
  const user = requireUser(locals);
  const { id } = readParams(params, reportIdParams);
  const result = await followReport(await getDb(), user, id);
  if (!result.ok) return apiFailure(locals, result, result.code === 'not_found' ? 404 : 409);
  return respond(FollowResponse, { followerCount: result.followerCount, added: result.added });
};
