import type { APIRoute } from 'astro';
import { robotsTxt } from '../lib/server/sitemap';

/** What crawlers may read, and where the sitemap is (on the public origin). */
export const GET: APIRoute = () => new Response(robotsTxt(), { headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'public, max-age=3600' } });
