/**
 * The open-data files: `<dataset>.csv`, `<dataset>.json`, `datapackage.json` and `reports.geojson`
 * (see src/lib/server/opendata/). Public, no personal data; CSV and JSON stream.
 */
import type { APIRoute } from 'astro';
import { z } from 'astro/zod';
import { getDb } from '../../lib/server/db';
import { apiError } from '../../lib/server/http/api';
import { badRequest, notFound } from '../../lib/server/http/errors';
import { publicOrigin } from '../../lib/server/http/origin';
import { date, id } from '../../lib/server/http/schema';
import { textStream } from '../../lib/server/http/stream';
import { dataPackage, datasetCsv, datasetJson, findArea, findDataset, openDataLicense, publicReportsGeoJson } from '../../lib/server/opendata';
import { getSetting } from '../../lib/server/settings';

const HEADERS = { 'access-control-allow-origin': '*', 'cache-control': 'public, max-age=60' };

function stream(chunks: AsyncGenerator<string>, contentType: string, filename?: string): Response {
  return new Response(textStream(chunks), {
    headers: { ...HEADERS, 'content-type': contentType, ...(filename && { 'content-disposition': `inline; filename="${filename}"` }) },
  });
}

const geoQuery = z.object({
  from: date().optional(),
  to: date().optional(),
  area: z
    .string()
    .max(64)
    .regex(/^[\w-]+$/)
    .optional(),
  after: id().optional(),
});

export const GET: APIRoute = async ({ params, url, locals }) => {
  const file = params.file ?? '';
  const db = await getDb();
  const now = new Date();
  const origin = publicOrigin();
  if (file === 'datapackage.json') {
    const descriptor = dataPackage(origin, await openDataLicense(db), await getSetting(db, 'city.name'));
    return new Response(JSON.stringify(descriptor, null, 2), { headers: { ...HEADERS, 'content-type': 'application/json; charset=utf-8' } });
  }
  if (file === 'reports.geojson') {
    // Empty values count as absent; anything else must parse.
    const raw = Object.fromEntries([...url.searchParams].filter(([, value]) => value !== ''));
    const parsed = geoQuery.safeParse(raw);
    // Machine-readable files answer errors in the API's JSON shape, with the parameter named.
    const refuse = (name: string) => apiError(locals, badRequest('opendata.error.parameter', { name }));
    if (!parsed.success) return refuse(String(parsed.error.issues[0]?.path[0] ?? ''));
    const query = parsed.data;
    if (query.from && query.to && query.from > query.to) return refuse('to');
    const areaId = query.area ? await findArea(db, query.area) : undefined;
    if (query.area && areaId === undefined) return refuse('area');
    const page = await publicReportsGeoJson(db, { from: query.from, to: query.to, areaId, after: query.after });
    let next: string | null = null;
    if (page.nextAfter !== null) {
      const nextUrl = new URL('/open-data/reports.geojson', origin);
      for (const [key, value] of Object.entries({ from: query.from, to: query.to, area: query.area })) if (value) nextUrl.searchParams.set(key, value);
      nextUrl.searchParams.set('after', String(page.nextAfter));
      next = nextUrl.toString();
    }
    const body = { type: page.type, license: await openDataLicense(db), next, features: page.features };
    return new Response(JSON.stringify(body), { headers: { ...HEADERS, 'content-type': 'application/geo+json; charset=utf-8' } });
  }
  const match = /^([a-z0-9-]+)\.(csv|json)$/.exec(file);
  const dataset = match ? findDataset(match[1]!) : undefined;
  if (!match || !dataset) return apiError(locals, notFound());
  if (match[2] === 'csv') return stream(datasetCsv(db, dataset, now), 'text/csv; charset=utf-8', `${dataset.id}.csv`);
  return stream(datasetJson(db, dataset, now, await openDataLicense(db)), 'application/json; charset=utf-8');
};
