import type { APIRoute } from 'astro';
import { getDb } from '../../lib/server/db';
import { atomResponse } from '../../lib/server/feeds/atom';
import { honourFeed } from '../../lib/server/feeds';

/** Public Atom feed of the honour roll (好人榜). */
export const GET: APIRoute = async ({ request }) => atomResponse(request, await honourFeed(await getDb()));
