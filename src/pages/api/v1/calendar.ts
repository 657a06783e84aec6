import type { APIRoute } from 'astro';
import { loadCalendar } from '../../../lib/server/calendar';
import { getDb } from '../../../lib/server/db';
import { apiError, json } from '../../../lib/server/http/api';
import { badRequest } from '../../../lib/server/http/errors';
import { cityYear } from '../../../lib/server/time';

/** GET /api/v1/calendar?year=YYYY: the year's non-working days and make-up working days; public. */
export const GET: APIRoute = async ({ url, locals }) => {
  const asked = url.searchParams.get('year');
  if (asked !== null && !/^\d{4}$/.test(asked)) return apiError(locals, badRequest('calendar.error.year'));
  const year = asked === null ? cityYear() : Number(asked);
  if (year < 2000 || year > 2099) return apiError(locals, badRequest('calendar.error.year'));
  const calendar = await loadCalendar(await getDb());
  return json(
    {
      year,
      schedule: calendar.source(year),
      days: calendar.year(year).map((d) => ({ date: d.day, kind: d.kind, name: { zh: d.nameZh, en: d.nameEn }, source: d.source })),
    },
    200,
    { 'cache-control': 'public, max-age=300' },
  );
};
