import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/server/db';
import { apiFailure, json, readJson } from '../../../../lib/server/http/api';
import { notFound } from '../../../../lib/server/http/errors';
import { authorize } from '../../../../lib/server/http/guard';
import { createProject, FAILURE_STATUS, getProject, optionalNumber, positiveId, projectJson, teamRef, type ProjectInput } from '../../../../lib/server/volunteers';

/** A leader creates a project of their team: the place by lat/lng, or else a community's middle. */
export const POST: APIRoute = async (context) => {
  const body = await readJson(context);
  const db = await getDb();
  const teamId = positiveId(body.teamId);
  const team = teamId ? await teamRef(db, teamId) : null;
  if (!team) throw notFound();
  const user = authorize(context.locals, 'volunteers.team.manage', team);
  const input: ProjectInput = {
    teamId: teamId!,
    title: String(body.title ?? ''),
    type: String(body.type ?? '') as ProjectInput['type'],
    description: String(body.description ?? ''),
    address: String(body.address ?? ''),
    lat: optionalNumber(body.lat),
    lng: optionalNumber(body.lng),
    communityId: positiveId(body.communityId),
  };
  const result = await createProject(db, user, input, context.locals.requestId);
  if (!result.ok) return apiFailure(context.locals, result, FAILURE_STATUS[result.code]);
  const project = await getProject(db, result.project.id);
  return json({ project: projectJson(project!) }, 201, { location: `/api/v1/projects/${result.project.id}` });
};
