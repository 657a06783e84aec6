import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/server/db';
import { json } from '../../../../lib/server/http/api';
import { notFound } from '../../../../lib/server/http/errors';
import { verifyCertificate } from '../../../../lib/server/volunteers';

/** Public check of a certificate's verification code: masked name, hours, period, validity; nothing else. */
export const GET: APIRoute = async ({ params }) => {
  const certificate = await verifyCertificate(await getDb(), params.code ?? '');
  if (!certificate) throw notFound();
  return json({ certificate });
};
