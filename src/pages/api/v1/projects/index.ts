import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/server/db';
import { apiFailure, readBody, respond } from '../../../../lib/server/http/api';
import { ProjectResponse } from '../../../../lib/server/openapi/responses';
import { notFound } from '../../../../lib/server/http/errors';
import { authorize } from '../../../../lib/server/http/guard';
import { createProject, FAILURE_STATUS, getProject, projectJson, teamRef, type ProjectInput } from '../../../../lib/server/volunteers';
import { createProjectInput } from '../../../../lib/server/volunteers/inputs';

/** A leader creates a project of their team: the place by lat/lng, or else a community's middle. */
export const POST: APIRoute = async (context) => {
  const body = await readBody(context, createProjectInput);
  const db = await getDb();
  const teamId = body.teamId;
  const team = await teamRef(db, teamId);
  if (!team) throw notFound();
  const user = authorize(context.locals, 'volunteers.team.manage', team);
  const input: ProjectInput = {
    teamId,
    title: body.title,
    type: body.type,
    description: body.description ?? '',
    address: body.address ?? '',
    lat: body.lat ?? null,
    lng: body.lng ?? null,
    communityId: body.communityId ?? null,
  };
  const result = await createProject(db, user, input, context.locals.requestId);
  if (!result.ok) return apiFailure(context.locals, result, FAILURE_STATUS[result.code]);
  const project = await getProject(db, result.project.id);
  return respond(ProjectResponse, { project: projectJson(project!) }, 201, { location: `/api/v1/projects/${result.project.id}` });
};
