import type { APIRoute } from 'astro';
import { getDb } from '../../../../../lib/server/db';
import { apiFailure, respond } from '../../../../../lib/server/http/api';
import { SignupResponse } from '../../../../../lib/server/openapi/responses';
import { notFound } from '../../../../../lib/server/http/errors';
import { authorize } from '../../../../../lib/server/http/guard';
import { cancelSignup, FAILURE_STATUS, positiveId, signUp } from '../../../../../lib/server/volunteers';

/** Sign up: 201 {"status":"confirmed"} or {"status":"waitlisted","position":n}; 200 with the same for a seat already held. */
export const POST: APIRoute = async ({ params, locals }) => {
  const user = authorize(locals, 'volunteers.participate');
  const id = positiveId(params.id);
  if (!id) throw notFound();
  const result = await signUp(await getDb(), user.id, id);
  if (!result.ok) return apiFailure(locals, result, FAILURE_STATUS[result.code]);
  const body = result.status === 'confirmed' ? ({ status: 'confirmed' } as const) : ({ status: 'waitlisted', position: result.position } as const);
  return respond(SignupResponse, body, result.created ? 201 : 200);
};

/** Cancel one's sign-up; after the cut-off a confirmed seat cannot be given up (409 cutoff). */
export const DELETE: APIRoute = async ({ params, locals }) => {
  const user = authorize(locals, 'volunteers.participate');
  const id = positiveId(params.id);
  if (!id) throw notFound();
  const result = await cancelSignup(await getDb(), user.id, id);
  if (!result.ok) return apiFailure(locals, result, FAILURE_STATUS[result.code]);
  return new Response(null, { status: 204 });
};
