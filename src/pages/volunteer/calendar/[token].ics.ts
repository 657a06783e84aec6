import type { APIRoute } from 'astro';
import { getDb } from '../../../lib/server/db';
import { notFound } from '../../../lib/server/http/errors';
import { calendarFeed, siteOrigin } from '../../../lib/server/volunteers';

/** A volunteer's private calendar feed; the token in the URL is the only key (revocable on /volunteer/me). */
export const GET: APIRoute = async ({ params }) => {
  const body = await calendarFeed(await getDb(), params.token ?? '', siteOrigin());
  if (!body) throw notFound();
  return new Response(body, { headers: { 'content-type': 'text/calendar; charset=utf-8', 'cache-control': 'private, max-age=300' } });
};
