import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/server/db';
import { json, readParams } from '../../../../lib/server/http/api';
import { notFound } from '../../../../lib/server/http/errors';
import { getReport } from '../../../../lib/server/reports';
import { reportJson } from '../../../../lib/server/reports/http';
import { reportIdParams } from '../../../../lib/server/reports/inputs';

/** One report as the viewer may see it; 404 when they may not (not revealing that it exists). */
export const GET: APIRoute = async ({ params, locals }) => {
  const { id } = readParams(params, reportIdParams);
  const view = await getReport(await getDb(), locals.user, id);
  if (!view) throw notFound();
  return json({ report: reportJson(view) });
};
