import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/server/db';
import { apiFailure, pathId, readBody, respond } from '../../../../lib/server/http/api';
import { ProjectResponse } from '../../../../lib/server/openapi/responses';
import { notFound } from '../../../../lib/server/http/errors';
import { authorize } from '../../../../lib/server/http/guard';
import { FAILURE_STATUS, getProject, projectJson, teamRef, updateProject, type ProjectInput } from '../../../../lib/server/volunteers';
import { updateProjectInput } from '../../../../lib/server/volunteers/inputs';

/** One project (public: its shifts are public too). */
export const GET: APIRoute = async ({ params }) => {
  const project = await getProject(await getDb(), pathId(params.id));
  if (!project) throw notFound();
  return respond(ProjectResponse, { project: projectJson(project) });
};

/** A leader edits a project; fields left out keep their values. Moving it needs leadership of both teams. */
export const PATCH: APIRoute = async (context) => {
  const input = await readBody(context, updateProjectInput);
  const db = await getDb();
  const id = pathId(context.params.id);
  const project = await getProject(db, id);
  if (!project) throw notFound();
  const current = (await teamRef(db, project.teamId))!;
  const teamId = input.teamId ?? project.teamId;
  const next = teamId === project.teamId ? current : await teamRef(db, teamId);
  if (!next) throw notFound();
  authorize(context.locals, 'volunteers.team.manage', next);
  const user = authorize(context.locals, 'volunteers.team.manage', current);
  const placeGiven = input.lat !== undefined || input.lng !== undefined || input.communityId !== undefined;
  const edited: ProjectInput = {
    teamId,
    title: input.title ?? project.title,
    type: input.type ?? project.type,
    description: input.description ?? project.description,
    address: input.address ?? project.address,
    lat: placeGiven ? (input.lat ?? null) : project.lat,
    lng: placeGiven ? (input.lng ?? null) : project.lng,
    communityId: placeGiven ? (input.communityId ?? null) : null,
  };
  const result = await updateProject(db, user, id, edited, context.locals.requestId);
  if (!result.ok) return apiFailure(context.locals, result, FAILURE_STATUS[result.code]);
  return respond(ProjectResponse, { project: projectJson((await getProject(db, id))!) });
};
