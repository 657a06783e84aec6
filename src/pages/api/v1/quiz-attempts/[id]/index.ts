import type { APIRoute } from 'astro';
import { getDb } from '../../../../../lib/server/db';
import { pathId, respond } from '../../../../../lib/server/http/api';
import { AttemptResponse } from '../../../../../lib/server/openapi/responses';
import { notFound } from '../../../../../lib/server/http/errors';
import { authorize } from '../../../../../lib/server/http/guard';
import { getAttemptView } from '../../../../../lib/server/quizzes';

/** One's own attempt: the questions, and once it is closed, the answers and explanations. */
export const GET: APIRoute = async ({ locals, params }) => {
  const user = authorize(locals, 'quiz.take');
  const attempt = await getAttemptView(await getDb(), user, pathId(params.id));
  if (!attempt) throw notFound();
  return respond(AttemptResponse, { attempt });
};
