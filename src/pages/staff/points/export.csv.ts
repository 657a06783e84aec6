import type { APIRoute } from 'astro';
import { pointsCsv } from '../../../lib/server/community';
import { getDb } from '../../../lib/server/db';
import { authorize } from '../../../lib/server/http/guard';
import { textStream } from '../../../lib/server/http/stream';
import { cityMonth } from '../../../lib/server/time';

/** The month's points per person, for the office to give rewards (no phone numbers). */
export const GET: APIRoute = async ({ locals, url }) => {
  authorize(locals, 'points.manage');
  const asked = url.searchParams.get('month') ?? '';
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(asked) ? asked : cityMonth();
  return new Response(textStream(pointsCsv(await getDb(), month)), {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="points-${month}.csv"`, 'cache-control': 'no-store' },
  });
};
