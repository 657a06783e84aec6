import type { APIRoute } from 'astro';
import { getDb } from '../../../../../lib/server/db';
import { apiFailure, readBody, readParams, respond } from '../../../../../lib/server/http/api';
import { ReportResponse } from '../../../../../lib/server/openapi/responses';
import { authorize } from '../../../../../lib/server/http/guard';
import { getReport, transitionReport } from '../../../../../lib/server/reports';
import { reportJson } from '../../../../../lib/server/reports/http';
import { reportIdParams, transitionInput } from '../../../../../lib/server/reports/inputs';
import { getStorage } from '../../../../../lib/server/storage';

const STATUS: Record<string, number> = { not_found: 404, forbidden: 403, conflict: 409, invalid_transition: 409, too_late: 409 };

/** A staff transition: {to, note, deadline?, department?, version}. */
export const POST: APIRoute = async (context) => {
  const user = authorize(context.locals, 'report.queue');
  const { id } = readParams(context.params, reportIdParams);
  const body = await readBody(context, transitionInput);
  const db = await getDb();
  const result = await transitionReport(
    db,
    getStorage(),
    user,
    id,
    {
      to: body.to,
      version: body.version,
      note: body.note ?? '',
      deadline: body.deadline ?? null,
      departmentId: body.department ?? null,
    },
    context.locals.requestId,
  );
  if (!result.ok) return apiFailure(context.locals, result, STATUS[result.code] ?? 400);
  return respond(ReportResponse, { report: reportJson((await getReport(db, user, id))!) });
};
