import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/server/db';
import { resolveDistrict, districtRef } from '../../../../lib/server/city/inputs';
import { apiFailure, json, readJson, readQuery } from '../../../../lib/server/http/api';
import { object } from '../../../../lib/server/http/schema';
import { badRequest, notFound } from '../../../../lib/server/http/errors';
import { authorize } from '../../../../lib/server/http/guard';
import { createShift, FAILURE_STATUS, isProjectType, listShifts, optionalDate, positiveId, shiftJson, teamRefForProject } from '../../../../lib/server/volunteers';

function parseBbox(value: string | null): [number, number, number, number] | undefined {
  if (!value) return undefined;
  const parts = value.split(',').map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n)) || parts[0]! > parts[2]! || parts[1]! > parts[3]!) throw badRequest('volunteers.api.error.bbox');
  return parts as [number, number, number, number];
}

/** Shifts to find: ?from&to (ISO dates), bbox=west,south,east,north, type, district (area id). Public. */
export const GET: APIRoute = async ({ url }) => {
  const params = url.searchParams;
  const type = params.get('type') || undefined;
  if (type && !isProjectType(type)) throw badRequest('volunteers.api.error.type');
  const from = params.has('from') ? optionalDate(params.get('from')) : undefined;
  const to = params.has('to') ? optionalDate(params.get('to')) : undefined;
  if (from === null || to === null) throw badRequest('volunteers.api.error.date');
  const db = await getDb();
  const shifts = await listShifts(db, {
    from,
    to,
    bbox: parseBbox(params.get('bbox')),
    type: type as Parameters<typeof listShifts>[1]['type'],
    districtId: await resolveDistrict(db, readQuery(url, object({ district: districtRef().optional() })).district),
  });
  return json({ shifts: shifts.map(shiftJson) });
};

/** A leader publishes a shift of one of their team's projects. */
export const POST: APIRoute = async (context) => {
  const body = await readJson(context);
  const db = await getDb();
  const projectId = positiveId(body.projectId);
  const team = projectId ? await teamRefForProject(db, projectId) : null;
  if (!team) throw notFound();
  const user = authorize(context.locals, 'volunteers.team.manage', team);
  const result = await createShift(
    db,
    user,
    {
      projectId: projectId!,
      startsAt: optionalDate(body.startsAt) ?? new Date(NaN),
      endsAt: optionalDate(body.endsAt) ?? new Date(NaN),
      capacity: Number(body.capacity),
      requiredSkills: Array.isArray(body.requiredSkills) ? body.requiredSkills.map(String) : [],
      signupOpensAt: optionalDate(body.signupOpensAt),
      signupClosesAt: optionalDate(body.signupClosesAt),
      ...(body.cancelCutoffMinutes !== undefined && { cancelCutoffMinutes: Number(body.cancelCutoffMinutes) }),
    },
    context.locals.requestId,
  );
  if (!result.ok) return apiFailure(context.locals, result, FAILURE_STATUS[result.code]);
  return json({ shift: { id: result.shift.id } }, 201, { location: `/api/v1/shifts/${result.shift.id}` });
};
