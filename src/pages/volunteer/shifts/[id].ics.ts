import type { APIRoute } from 'astro';
import { getDb } from '../../../lib/server/db';
import { notFound } from '../../../lib/server/http/errors';
import { authorize } from '../../../lib/server/http/guard';
import { positiveId, signupCalendar, siteOrigin } from '../../../lib/server/volunteers';

/** The .ics of the signed-in volunteer's confirmed seat on this shift. */
export const GET: APIRoute = async ({ params, locals }) => {
  const user = authorize(locals, 'volunteers.participate');
  const id = positiveId(params.id);
  const body = id ? await signupCalendar(await getDb(), user.id, id, siteOrigin()) : null;
  if (!body) throw notFound();
  return new Response(body, {
    headers: { 'content-type': 'text/calendar; charset=utf-8', 'content-disposition': `attachment; filename="shift-${id}.ics"`, 'cache-control': 'private, no-store' },
  });
};
