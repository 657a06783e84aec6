import type { APIRoute } from 'astro';
import { getCityOutlines } from '../../../../lib/server/city';
import { getDb } from '../../../../lib/server/db';
import { badRequest } from '../../../../lib/server/http/errors';
import { outlinesInput, queryObject } from '../../../../lib/server/places/inputs';

/** The city's area outlines as GeoJSON (WGS-84), the maps' own base layer; with an ETag. Public. */
export const GET: APIRoute = async ({ url, request }) => {
  const input = outlinesInput.safeParse(queryObject(url));
  if (!input.success) throw badRequest();
  const outlines = await getCityOutlines(await getDb(), input.data.set);
  const headers = { etag: outlines.etag, 'cache-control': 'no-cache' };
  if (request.headers.get('if-none-match') === outlines.etag) return new Response(null, { status: 304, headers });
  return new Response(outlines.body, { headers: { ...headers, 'content-type': 'application/geo+json; charset=utf-8' } });
};
