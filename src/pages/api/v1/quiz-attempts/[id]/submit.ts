import type { APIRoute } from 'astro';
import { SURVEY_ITEMS, type SurveyItem } from '../../../../../../db/schema';
import { getDb } from '../../../../../lib/server/db';
import { apiFailure, json, pathId, readJson } from '../../../../../lib/server/http/api';
import { authorize } from '../../../../../lib/server/http/guard';
import { submitAttempt } from '../../../../../lib/server/quizzes';

const STATUS = { invalid: 400, not_found: 404, already_submitted: 409, too_late: 409 } as const;

/**
 * Submit {answers: {questionId: [optionKey]}, survey: {support: 1..5, ...}}. Only the chosen keys are
 * read: any score or correctness the client sends is ignored.
 */
export const POST: APIRoute = async (context) => {
  const user = authorize(context.locals, 'quiz.take');
  const body = await readJson(context);
  const answers: Record<number, string[]> = {};
  if (body.answers && typeof body.answers === 'object') {
    for (const [id, keys] of Object.entries(body.answers as Record<string, unknown>)) {
      if (Array.isArray(keys)) answers[Number(id)] = keys.filter((k): k is string => typeof k === 'string');
    }
  }
  const survey: Partial<Record<SurveyItem, number>> = {};
  if (body.survey && typeof body.survey === 'object') {
    for (const item of SURVEY_ITEMS) {
      const value = (body.survey as Record<string, unknown>)[item];
      if (value !== undefined && value !== null) survey[item] = Number(value);
    }
  }
  const result = await submitAttempt(await getDb(), user, pathId(context.params.id), { answers, survey });
  if (!result.ok) return apiFailure(context.locals, result, STATUS[result.code]);
  return json({ attempt: result.attempt });
};
