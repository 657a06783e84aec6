import type { APIRoute } from 'astro';
import { getDb } from '../../../../../lib/server/db';
import { apiFailure, json, readJson } from '../../../../../lib/server/http/api';
import { notFound } from '../../../../../lib/server/http/errors';
import { authorize } from '../../../../../lib/server/http/guard';
import { getReport, transitionReport } from '../../../../../lib/server/reports';
import { parseStatus, reportJson, str } from '../../../../../lib/server/reports/http';
import { getStorage } from '../../../../../lib/server/storage';

const STATUS: Record<string, number> = { not_found: 404, forbidden: 403, conflict: 409, invalid_transition: 409, too_late: 409 };

/** A staff transition: {to, note, deadline?, department?, version}. */
export const POST: APIRoute = async (context) => {
  const user = authorize(context.locals, 'report.queue');
  const id = Number(context.params.id);
  if (!Number.isInteger(id) || id <= 0) throw notFound();
  const body = await readJson(context);
  const db = await getDb();
  const result = await transitionReport(
    db,
    getStorage(),
    user,
    id,
    {
      to: parseStatus(str(body.to)) ?? ('' as never),
      version: Number(body.version),
      note: str(body.note),
      deadline: str(body.deadline) || null,
      departmentId: Number.isInteger(body.department) ? (body.department as number) : null,
    },
    context.locals.requestId,
  );
  if (!result.ok) return apiFailure(context.locals, result, STATUS[result.code] ?? 400);
  return json({ report: reportJson((await getReport(db, user, id))!) });
};
