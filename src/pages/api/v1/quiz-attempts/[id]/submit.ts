import type { APIRoute } from 'astro';
import type { SurveyItem } from '../../../../../../db/schema';
import { getDb } from '../../../../../lib/server/db';
import { apiFailure, pathId, readBody, respond } from '../../../../../lib/server/http/api';
import { AttemptResponse } from '../../../../../lib/server/openapi/responses';
import { authorize } from '../../../../../lib/server/http/guard';
import { submitAttempt } from '../../../../../lib/server/quizzes';
import { submitAttemptInput } from '../../../../../lib/server/quizzes/inputs';

const STATUS = { invalid: 400, not_found: 404, already_submitted: 409, too_late: 409 } as const;

/**
 * Submit {answers: {questionId: [optionKey]}, survey: {support: 1..5, ...}}. Only the chosen keys are
 * read: a body that also sends a score or correctness is refused.
 */
export const POST: APIRoute = async (context) => {
  const user = authorize(context.locals, 'quiz.take');
  const input = await readBody(context, submitAttemptInput);
  const answers = Object.fromEntries(Object.entries(input.answers ?? {}).map(([id, keys]) => [Number(id), keys]));
  const survey = (input.survey ?? {}) as Partial<Record<SurveyItem, number>>;
  const result = await submitAttempt(await getDb(), user, pathId(context.params.id), { answers, survey });
  if (!result.ok) return apiFailure(context.locals, result, STATUS[result.code]);
  return respond(AttemptResponse, { attempt: result.attempt });
};
