import type { APIRoute } from 'astro';
import { getDb } from '../../../../../lib/server/db';
import { apiFailure, json } from '../../../../../lib/server/http/api';
import { notFound } from '../../../../../lib/server/http/errors';
import { requireUser } from '../../../../../lib/server/http/guard';
import { followReport } from '../../../../../lib/server/reports';

/** "Me too": follow the report; answers its follower count. */
export const POST: APIRoute = async ({ params, locals }) => {
  const user = requireUser(locals);
  const id = Number(params.id);
  if (!Number.isInteger(id) || id <= 0) throw notFound();
  const result = await followReport(await getDb(), user, id);
  if (!result.ok) return apiFailure(locals, result, result.code === 'not_found' ? 404 : 409);
  return json({ followerCount: result.followerCount, added: result.added });
};
