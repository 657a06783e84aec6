import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/server/db';
import { json } from '../../../../lib/server/http/api';
import { badRequest } from '../../../../lib/server/http/errors';
import { cachedCategoryByCode, publicMapClusters } from '../../../../lib/server/reports';
import { parseFilters } from '../../../../lib/server/reports/http';

/** Clusters and single reports for a bounding box and zoom; public, clustered on the server. */
export const GET: APIRoute = async ({ url }) => {
  const bbox = (url.searchParams.get('bbox') ?? '').split(',').map(Number);
  const zoom = Number(url.searchParams.get('zoom'));
  if (bbox.length !== 4 || !bbox.every(Number.isFinite) || !Number.isFinite(zoom)) throw badRequest('reports.error.bbox');
  const [west, south, east, north] = bbox as [number, number, number, number];
  if (west >= east || south >= north || east - west > 10 || north - south > 10) throw badRequest('reports.error.bbox');
  const db = await getDb();
  const filters = parseFilters(url.searchParams);
  const category = filters.categoryCode ? await cachedCategoryByCode(db, filters.categoryCode) : null;
  if (filters.categoryCode && !category) return json({ clusters: [], reports: [] });
  const result = await publicMapClusters(db, { bbox: { west, south, east, north }, zoom, categoryId: category?.id, status: filters.status, districtId: filters.districtId, from: filters.from, to: filters.to });
  return json(result, 200, { 'cache-control': 'public, max-age=30' });
};
