import type { APIRoute } from 'astro';
import { getDb } from '../../../lib/server/db';
import { authorize } from '../../../lib/server/http/guard';
import { textStream } from '../../../lib/server/http/stream';
import { ledgerCsv } from '../../../lib/server/reports';
import { apiFailure } from '../../../lib/server/http/api';
import { pageFilters } from '../../../lib/server/reports/http';

/** The ledger (台账) as CSV, streamed page by page with the list's filters. */
export const GET: APIRoute = async ({ locals, url }) => {
  authorize(locals, 'report.ledger');
  const db = await getDb();
  // A filter the ledger does not understand is a 400 naming it, not the whole ledger.
  const { filters, failure } = await pageFilters(db, url.searchParams);
  if (failure) return apiFailure(locals, failure, 400);
  const body = textStream(ledgerCsv(db, filters, new Date(), locals.locale));
  return new Response(body, {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="reports-ledger.csv"`, 'cache-control': 'no-store' },
  });
};
