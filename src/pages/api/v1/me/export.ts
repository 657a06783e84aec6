import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/server/db';
import { notFound } from '../../../../lib/server/http/errors';
import { authorize } from '../../../../lib/server/http/guard';
import { exportDownload } from '../../../../lib/server/privacy/http';

/** Everything the portal holds about the signed-in person, as a JSON file (the ID number masked). */
export const GET: APIRoute = async ({ locals }) => {
  const user = authorize(locals, 'account.read', { userId: locals.user?.id ?? -1 });
  const response = await exportDownload(await getDb(), user.id);
  if (!response) throw notFound();
  return response;
};
