import type { APIRoute } from 'astro';
import { getDb } from '../../lib/server/db';
import { atomResponse } from '../../lib/server/feeds/atom';
import { reportsFeed } from '../../lib/server/feeds';
import { badRequest } from '../../lib/server/http/errors';

/** Public Atom feed of new reports: ?area=<id or code>, ?category=<code>, ?lat&lng&radius (m, ≤ 5000). */
export const GET: APIRoute = async ({ request, url }) => {
  const params = url.searchParams;
  const feed = await reportsFeed(await getDb(), { area: params.get('area'), category: params.get('category'), lat: params.get('lat'), lng: params.get('lng'), radius: params.get('radius') });
  if (!feed.ok) throw badRequest(feed.messageKey);
  return atomResponse(request, feed.body);
};
