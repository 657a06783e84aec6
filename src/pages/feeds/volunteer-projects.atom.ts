import type { APIRoute } from 'astro';
import { getDb } from '../../lib/server/db';
import { atomResponse } from '../../lib/server/feeds/atom';
import { projectsFeed } from '../../lib/server/feeds';

/** Public Atom feed of volunteer projects. */
export const GET: APIRoute = async ({ request }) => atomResponse(request, await projectsFeed(await getDb()));
