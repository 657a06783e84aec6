import type { APIRoute } from 'astro';
import { myPoints, pointsJson } from '../../../../lib/server/community';
import { getDb } from '../../../../lib/server/db';
import { json } from '../../../../lib/server/http/api';
import { authorize } from '../../../../lib/server/http/guard';

/** The signed-in person's points (积分): the total that counts and every award, newest first. */
export const GET: APIRoute = async ({ locals }) => {
  const user = authorize(locals, 'points.own');
  return json(pointsJson(await myPoints(await getDb(), user.id)));
};
