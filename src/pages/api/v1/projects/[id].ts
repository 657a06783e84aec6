import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/server/db';
import { apiFailure, json, readJson } from '../../../../lib/server/http/api';
import { notFound } from '../../../../lib/server/http/errors';
import { authorize } from '../../../../lib/server/http/guard';
import { FAILURE_STATUS, getProject, optionalNumber, positiveId, projectJson, teamRef, updateProject, type ProjectInput } from '../../../../lib/server/volunteers';

/** One project (public: its shifts are public too). */
export const GET: APIRoute = async ({ params }) => {
  const id = positiveId(params.id);
  const project = id ? await getProject(await getDb(), id) : null;
  if (!project) throw notFound();
  return json({ project: projectJson(project) });
};

/** A leader edits a project; fields left out keep their values. Moving it needs leadership of both teams. */
export const PATCH: APIRoute = async (context) => {
  const body = await readJson(context);
  const db = await getDb();
  const id = positiveId(context.params.id);
  const project = id ? await getProject(db, id) : null;
  if (!project) throw notFound();
  const current = (await teamRef(db, project.teamId))!;
  const teamId = body.teamId === undefined ? project.teamId : (positiveId(body.teamId) ?? 0);
  const next = teamId === project.teamId ? current : await teamRef(db, teamId);
  if (!next) throw notFound();
  authorize(context.locals, 'volunteers.team.manage', next);
  const user = authorize(context.locals, 'volunteers.team.manage', current);
  const placeGiven = body.lat !== undefined || body.lng !== undefined || body.communityId !== undefined;
  const input: ProjectInput = {
    teamId,
    title: body.title === undefined ? project.title : String(body.title),
    type: (body.type === undefined ? project.type : String(body.type)) as ProjectInput['type'],
    description: body.description === undefined ? project.description : String(body.description),
    address: body.address === undefined ? project.address : String(body.address),
    lat: placeGiven ? optionalNumber(body.lat) : project.lat,
    lng: placeGiven ? optionalNumber(body.lng) : project.lng,
    communityId: placeGiven ? positiveId(body.communityId) : null,
  };
  const result = await updateProject(db, user, id!, input, context.locals.requestId);
  if (!result.ok) return apiFailure(context.locals, result, FAILURE_STATUS[result.code]);
  return json({ project: projectJson((await getProject(db, id!))!) });
};
