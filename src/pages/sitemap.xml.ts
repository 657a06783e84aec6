import type { APIRoute } from 'astro';
import { getDb } from '../lib/server/db';
import { renderSitemap, sitemapEntries } from '../lib/server/sitemap';

/** The public pages, for search engines (see src/lib/server/sitemap.ts). */
export const GET: APIRoute = async () =>
  new Response(renderSitemap(await sitemapEntries(await getDb())), { headers: { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'public, max-age=3600' } });
