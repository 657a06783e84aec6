import type { APIRoute } from 'astro';
import { loadCalendar } from '../../../lib/server/calendar';
import { getDb } from '../../../lib/server/db';
import { calendarQuery } from '../../../lib/server/calendar/inputs';
import { apiError, respond } from '../../../lib/server/http/api';
import { badRequest } from '../../../lib/server/http/errors';
import { entriesFor } from '../../../lib/server/http/schema';
import { CalendarResponse } from '../../../lib/server/openapi/responses';
import { cityYear } from '../../../lib/server/time';

/** GET /api/v1/calendar?year=YYYY: the year's non-working days and make-up working days; public. */
export const GET: APIRoute = async ({ url, locals }) => {
  const asked = calendarQuery.safeParse(entriesFor(calendarQuery, url.searchParams));
  if (!asked.success) return apiError(locals, badRequest('calendar.error.year'));
  const year = asked.data.year ?? cityYear();
  const calendar = await loadCalendar(await getDb());
  return respond(
    CalendarResponse,
    {
      year,
      schedule: calendar.source(year),
      days: calendar.year(year).map((d) => ({ date: d.day, kind: d.kind, name: { zh: d.nameZh, en: d.nameEn }, source: d.source })),
    },
    200,
    { 'cache-control': 'public, max-age=300' },
  );
};
