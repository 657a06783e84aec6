import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/server/db';
import { readQuery, respond } from '../../../../lib/server/http/api';
import { ReportMapResponse } from '../../../../lib/server/openapi/responses';
import { badRequest } from '../../../../lib/server/http/errors';
import { cachedCategoryByCode, publicMapClusters } from '../../../../lib/server/reports';
import { reportFiltersOf } from '../../../../lib/server/reports/http';
import { reportMapQuery } from '../../../../lib/server/reports/inputs';

/** Clusters and single reports for a bounding box and zoom; public, clustered on the server. */
export const GET: APIRoute = async ({ url }) => {
  const query = readQuery(url, reportMapQuery);
  const bbox = query.bbox.split(',').map(Number);
  const zoom = query.zoom;
  if (bbox.length !== 4 || !bbox.every(Number.isFinite)) throw badRequest('reports.error.bbox');
  const [west, south, east, north] = bbox as [number, number, number, number];
  if (west >= east || south >= north || east - west > 10 || north - south > 10) throw badRequest('reports.error.bbox');
  const db = await getDb();
  const filters = await reportFiltersOf(db, query);
  const category = filters.categoryCode ? await cachedCategoryByCode(db, filters.categoryCode) : null;
  const result = await publicMapClusters(db, {
    bbox: { west, south, east, north },
    zoom,
    categoryId: category?.id,
    status: filters.status,
    districtId: filters.districtId,
    from: filters.from,
    to: filters.to,
  });
  return respond(ReportMapResponse, result, 200, { 'cache-control': 'public, max-age=30' });
};
