import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/server/db';
import { resolveDistrict } from '../../../../lib/server/city/inputs';
import { apiFailure, readBody, readQuery, respond } from '../../../../lib/server/http/api';
import { ShiftCreatedResponse, ShiftsResponse } from '../../../../lib/server/openapi/responses';
import { badRequest, notFound } from '../../../../lib/server/http/errors';
import { authorize } from '../../../../lib/server/http/guard';
import { createShift, FAILURE_STATUS, listShifts, optionalDate, shiftJson, teamRefForProject } from '../../../../lib/server/volunteers';
import { createShiftInput, shiftListQuery } from '../../../../lib/server/volunteers/inputs';

function parseBbox(value: string | undefined): [number, number, number, number] | undefined {
  if (!value) return undefined;
  const parts = value.split(',').map(Number);
  if (parts[0]! > parts[2]! || parts[1]! > parts[3]!) throw badRequest('volunteers.api.error.bbox');
  return parts as [number, number, number, number];
}

/** Shifts to find: ?from&to (instants or days), bbox=west,south,east,north, type, district (code or id). Public. */
export const GET: APIRoute = async ({ url }) => {
  const query = readQuery(url, shiftListQuery);
  const db = await getDb();
  const shifts = await listShifts(db, {
    from: optionalDate(query.from) ?? undefined,
    to: optionalDate(query.to) ?? undefined,
    bbox: parseBbox(query.bbox),
    type: query.type,
    districtId: await resolveDistrict(db, query.district),
  });
  return respond(ShiftsResponse, { shifts: shifts.map(shiftJson) });
};

/** A leader publishes a shift of one of their team's projects. */
export const POST: APIRoute = async (context) => {
  const input = await readBody(context, createShiftInput);
  const db = await getDb();
  const team = await teamRefForProject(db, input.projectId);
  if (!team) throw notFound();
  const user = authorize(context.locals, 'volunteers.team.manage', team);
  const result = await createShift(
    db,
    user,
    {
      ...input,
      startsAt: new Date(input.startsAt),
      endsAt: new Date(input.endsAt),
      requiredSkills: input.requiredSkills ?? [],
      signupOpensAt: optionalDate(input.signupOpensAt),
      signupClosesAt: optionalDate(input.signupClosesAt),
    },
    context.locals.requestId,
  );
  if (!result.ok) return apiFailure(context.locals, result, FAILURE_STATUS[result.code]);
  return respond(ShiftCreatedResponse, { shift: { id: result.shift.id } }, 201, { location: `/api/v1/shifts/${result.shift.id}` });
};
