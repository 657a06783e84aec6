import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/server/db';
import { apiFailure, json, readQuery, respond } from '../../../../lib/server/http/api';
import { badRequest, InputError } from '../../../../lib/server/http/errors';
import { inputFailure } from '../../../../lib/server/http/schema';
import { authorize } from '../../../../lib/server/http/guard';
import { answersFromForm, getReport, listReports, submitReport } from '../../../../lib/server/reports';
import { reportFiltersOf, reportJson, submitInputOf } from '../../../../lib/server/reports/http';
import { reportListQuery, submitReportHeaders, submitReportMultipart } from '../../../../lib/server/reports/inputs';
import { ReportListResponse, ReportResponse } from '../../../../lib/server/openapi/responses';
import { entriesFor } from '../../../../lib/server/http/schema';
import { getStorage } from '../../../../lib/server/storage';
import { submitterOf } from '../../../../lib/server/limits';

/** Public reports, newest first, 20 a page. */
export const GET: APIRoute = async ({ url }) => {
  const query = readQuery(url, reportListQuery);
  const page = query.page ?? 1;
  const db = await getDb();
  const { reports, hasMore } = await listReports(db, await reportFiltersOf(db, query), page);
  return respond(ReportListResponse, {
    page,
    hasMore,
    reports: reports.map((r) => ({
      id: r.id,
      category: r.category.code,
      status: r.status,
      description: r.description,
      lat: r.lat,
      lng: r.lng,
      district: r.district?.id ? { id: r.district.id, nameZh: r.district.nameZh, nameEn: r.district.nameEn } : null,
      department: r.department ? { id: r.department.id, nameZh: r.department.nameZh, nameEn: r.department.nameEn } : null,
      deadline: r.deadline,
      followerCount: r.followerCount,
      createdAt: r.createdAt.toISOString(),
    })),
  });
};

/** The Idempotency-Key header, parsed with its schema: 8-100 visible characters, or a 400 naming it. */
function idempotencyKey(request: Request): string | null {
  const parsed = submitReportHeaders.safeParse({ 'Idempotency-Key': request.headers.get('idempotency-key') ?? undefined });
  if (!parsed.success) throw new InputError(inputFailure(parsed.error));
  return parsed.data['Idempotency-Key'] ?? null;
}

/** File a report: multipart lat, lng, category, description, photos (1-4), the category's extra questions as attribute[code]; Idempotency-Key header. */
export const POST: APIRoute = async ({ request, locals }) => {
  const user = authorize(locals, 'report.submit');
  if (!(request.headers.get('content-type') ?? '').includes('multipart/form-data')) throw badRequest('reports.error.multipart');
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw badRequest('reports.error.multipart');
  }
  const parsed = submitReportMultipart.safeParse(entriesFor(submitReportMultipart, form));
  if (!parsed.success) throw new InputError(inputFailure(parsed.error));
  const input = parsed.data;
  const db = await getDb();
  const result = await submitReport(
    db,
    getStorage(),
    { actor: user, source: 'web', limits: submitterOf(locals), device: locals.device },
    { ...(await submitInputOf(input, form, idempotencyKey(request))), attributes: answersFromForm(form) },
  );
  if (!result.ok && result.code === 'duplicates') {
    const duplicates = result.duplicates.map((d) => ({ id: d.id, distanceMeters: d.distanceMeters, followerCount: d.followerCount }));
    return json({ error: { code: result.code, message: locals.t(result.message) }, duplicates }, 409);
  }
  if (!result.ok) return apiFailure(locals, result, result.code === 'outside_city' ? 422 : 400);
  const view = (await getReport(db, user, result.report.id))!;
  return respond(ReportResponse, { report: reportJson(view) }, result.created ? 201 : 200, { location: `/api/v1/reports/${result.report.id}` });
};
