import type { APIRoute } from 'astro';
import { getDb } from '../../lib/server/db';
import { atomResponse } from '../../lib/server/feeds/atom';
import { reportsFeed } from '../../lib/server/feeds';

/** Public Atom feed of new reports: ?area=<id or code>, ?category=<code>, ?lat&lng&radius (m, ≤ 5000). */
export const GET: APIRoute = async ({ request, url, locals }) => {
  const params = url.searchParams;
  const feed = await reportsFeed(await getDb(), {
    area: params.get('area'),
    category: params.get('category'),
    lat: params.get('lat'),
    lng: params.get('lng'),
    radius: params.get('radius'),
  });
  // A feed reader shows the reason as it is: plain text in the reader's language.
  if (!feed.ok) return new Response(`${locals.t(feed.messageKey)}\n`, { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  return atomResponse(request, feed.body);
};
