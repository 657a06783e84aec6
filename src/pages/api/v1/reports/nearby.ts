import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/server/db';
import { readQuery, respond } from '../../../../lib/server/http/api';
import { NearbyResponse } from '../../../../lib/server/openapi/responses';
import { badRequest } from '../../../../lib/server/http/errors';
import { nearbyQuery } from '../../../../lib/server/reports/inputs';
import { findNearbyReports, cachedCategoryByCode } from '../../../../lib/server/reports';

/** Open reports of a category within 50 m from the last 7 days that the caller may read: what a new report may duplicate. */
export const GET: APIRoute = async ({ url, locals }) => {
  const { lat, lng, category: code } = readQuery(url, nearbyQuery);
  const db = await getDb();
  const category = await cachedCategoryByCode(db, code);
  if (!category) throw badRequest('reports.error.category');
  const nearby = await findNearbyReports(db, locals.user, { lat, lng }, category.id);
  return respond(NearbyResponse, {
    reports: nearby.map((r) => ({
      id: r.id,
      category: r.categoryCode,
      status: r.status,
      distanceMeters: r.distanceMeters,
      followerCount: r.followerCount,
      createdAt: r.createdAt.toISOString(),
      thumbnailUrl: r.thumbnailUrl,
    })),
  });
};
