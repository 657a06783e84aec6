import type { APIRoute } from 'astro';
import { myPoints, pointsJson } from '../../../../lib/server/community';
import { getDb } from '../../../../lib/server/db';
import { respond } from '../../../../lib/server/http/api';
import { PointsResponse } from '../../../../lib/server/openapi/responses';
import { authorize } from '../../../../lib/server/http/guard';

/** The signed-in person's points (积分): the total that counts and every award, newest first. */
export const GET: APIRoute = async ({ locals }) => {
  const user = authorize(locals, 'points.own');
  return respond(PointsResponse, pointsJson(await myPoints(await getDb(), user.id)));
};
