import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/server/db';
import { json } from '../../../../lib/server/http/api';
import { badRequest } from '../../../../lib/server/http/errors';
import { findNearbyReports, cachedCategoryByCode } from '../../../../lib/server/reports';

/** Open reports of a category within 50 m from the last 7 days that the caller may read: what a new report may duplicate. */
export const GET: APIRoute = async ({ url, locals }) => {
  const lat = Number(url.searchParams.get('lat'));
  const lng = Number(url.searchParams.get('lng'));
  if (!url.searchParams.get('lat') || !url.searchParams.get('lng') || !Number.isFinite(lat) || !Number.isFinite(lng)) throw badRequest('reports.error.location');
  const db = await getDb();
  const category = await cachedCategoryByCode(db, url.searchParams.get('category') ?? '');
  if (!category) throw badRequest('reports.error.category');
  const nearby = await findNearbyReports(db, locals.user, { lat, lng }, category.id);
  return json({ reports: nearby.map((r) => ({ id: r.id, category: r.categoryCode, status: r.status, distanceMeters: r.distanceMeters, followerCount: r.followerCount, createdAt: r.createdAt.toISOString() })) });
};
