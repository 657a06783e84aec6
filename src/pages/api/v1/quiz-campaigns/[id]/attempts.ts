import type { APIRoute } from 'astro';
import { startAttemptInput } from '../../../../../lib/server/quizzes/inputs';
import { getDb } from '../../../../../lib/server/db';
import { apiFailure, pathId, readBody, respond } from '../../../../../lib/server/http/api';
import { StartedAttemptResponse } from '../../../../../lib/server/openapi/responses';
import { authorize } from '../../../../../lib/server/http/guard';
import { startAttempt } from '../../../../../lib/server/quizzes';

const STATUS = { invalid: 400, not_found: 404, closed: 409, already_counted: 409, no_questions: 503 } as const;

/** Start an attempt: {practice, communityId, ageBand?, gender?}; answers the questions (no answers) and the deadline. */
export const POST: APIRoute = async (context) => {
  const user = authorize(context.locals, 'quiz.take');
  const campaignId = pathId(context.params.id);
  const body = await readBody(context, startAttemptInput);
  const result = await startAttempt(await getDb(), user, campaignId, {
    practice: body.practice === true,
    communityId: body.communityId ?? null,
    ageBand: body.ageBand ?? null,
    gender: body.gender ?? null,
  });
  if (!result.ok) return apiFailure(context.locals, result, STATUS[result.code]);
  return respond(StartedAttemptResponse, { attempt: result.attempt, resumed: result.resumed }, result.resumed ? 200 : 201, {
    location: `/api/v1/quiz-attempts/${result.attempt.id}`,
  });
};
