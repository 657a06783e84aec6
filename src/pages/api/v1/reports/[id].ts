import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/server/db';
import { readParams, respond } from '../../../../lib/server/http/api';
import { ReportWithUpdatesResponse } from '../../../../lib/server/openapi/responses';
import { notFound } from '../../../../lib/server/http/errors';
import { getReport } from '../../../../lib/server/reports';
import { reportJson } from '../../../../lib/server/reports/http';
import { reportIdParams } from '../../../../lib/server/reports/inputs';
import { listUpdates, updateJson } from '../../../../lib/server/community';

/** One report as the viewer may see it, with its visible updates; 404 when they may not (not revealing that it exists). */
export const GET: APIRoute = async ({ params, locals }) => {
  const { id } = readParams(params, reportIdParams);
  const db = await getDb();
  const view = await getReport(db, locals.user, id);
  if (!view) throw notFound();
  // Public updates only (masked), whoever asks: held and hidden ones are for the page's own views.
  const updates = (await listUpdates(db, null, id)).map(updateJson);
  return respond(ReportWithUpdatesResponse, { report: reportJson(view), updates });
};
