import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/server/db';
import { apiFailure, json } from '../../../../lib/server/http/api';
import { badRequest } from '../../../../lib/server/http/errors';
import { authorize } from '../../../../lib/server/http/guard';
import { getReport, listReports, submitReport } from '../../../../lib/server/reports';
import { formPhotos, parseFilters, reportJson, str } from '../../../../lib/server/reports/http';
import { getStorage } from '../../../../lib/server/storage';

/** Public reports, newest first, 20 a page. */
export const GET: APIRoute = async ({ url }) => {
  const page = Math.max(1, Number(url.searchParams.get('page')) || 1);
  const { reports, hasMore } = await listReports(await getDb(), parseFilters(url.searchParams), page);
  return json({
    page,
    hasMore,
    reports: reports.map((r) => ({
      id: r.id,
      category: r.category.code,
      status: r.status,
      description: r.description,
      lat: r.lat,
      lng: r.lng,
      district: r.district?.id ? r.district.nameZh : null,
      department: r.department?.nameZh ?? null,
      deadline: r.deadline,
      followerCount: r.followerCount,
      createdAt: r.createdAt.toISOString(),
    })),
  });
};

/** File a report: multipart lat, lng, category, description, photos (1-4); Idempotency-Key header. */
export const POST: APIRoute = async ({ request, locals }) => {
  const user = authorize(locals, 'report.submit');
  if (!(request.headers.get('content-type') ?? '').includes('multipart/form-data')) throw badRequest('reports.error.multipart');
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw badRequest('reports.error.multipart');
  }
  const db = await getDb();
  const result = await submitReport(db, getStorage(), { actor: user, source: 'web' }, {
    lat: Number(str(form.get('lat')) || NaN),
    lng: Number(str(form.get('lng')) || NaN),
    communityId: Number(str(form.get('community'))) || null,
    categoryCode: str(form.get('category')),
    description: str(form.get('description')),
    photos: await formPhotos(form),
    clientKey: request.headers.get('idempotency-key'),
    confirmed: str(form.get('confirm')) === '1',
  });
  if (!result.ok && result.code === 'duplicates') {
    const duplicates = result.duplicates.map((d) => ({ id: d.id, distanceMeters: d.distanceMeters, followerCount: d.followerCount }));
    return json({ error: { code: result.code, message: locals.t(result.message) }, duplicates }, 409);
  }
  if (!result.ok) return apiFailure(locals, result, result.code === 'outside_city' ? 422 : 400);
  const view = (await getReport(db, user, result.report.id))!;
  return json({ report: reportJson(view) }, result.created ? 201 : 200, { location: `/api/v1/reports/${result.report.id}` });
};
