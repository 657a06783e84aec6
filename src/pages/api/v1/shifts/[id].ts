import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/server/db';
import { json } from '../../../../lib/server/http/api';
import { notFound } from '../../../../lib/server/http/errors';
import { getShift, positiveId, shiftJson } from '../../../../lib/server/volunteers';

/** One shift; for a signed-in volunteer also their sign-up (mySignup). */
export const GET: APIRoute = async ({ params, locals }) => {
  const id = positiveId(params.id);
  const shift = id ? await getShift(await getDb(), id, locals.user?.id) : null;
  if (!shift) throw notFound();
  return json({ shift: { ...shiftJson(shift), description: shift.description } });
};
