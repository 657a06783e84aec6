/**
 * Quiz forms (they work without JavaScript): parse, check permission, call the command, return
 * its result with the values typed. Pages redirect on success and show localized errors otherwise.
 */
import { SURVEY_ITEMS, type SurveyItem } from '../../db/schema';
import { getDb } from '../lib/server/db';
import { changeCampaignState, createCampaign, importQuestionsCsv, startAttempt, submitAttempt, updateQuestion } from '../lib/server/quizzes';
import * as inputs from '../lib/server/quizzes/inputs';
import { authorizedFormAction } from './form';

export const QUESTION_IMPORT_MAX_MB = 5;

/** Question answers arrive as q-<questionId> (repeated for checkboxes), survey items as s-<item>. */
export function readAnswers(form: FormData): { answers: Record<number, string[]>; survey: Partial<Record<SurveyItem, number>> } {
  const answers: Record<number, string[]> = {};
  const survey: Partial<Record<SurveyItem, number>> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value !== 'string') continue;
    const question = /^q-(\d+)$/.exec(name);
    if (question) (answers[Number(question[1])] ??= []).push(value);
    const item = /^s-(\w+)$/.exec(name)?.[1];
    if (item && (SURVEY_ITEMS as readonly string[]).includes(item) && value !== '') survey[item as SurveyItem] = Number(value);
  }
  return { answers, survey };
}

export const quizzes = {
  start: authorizedFormAction('quiz.take', inputs.startAttemptForm, async (input, user, _context, form) => {
    const result = await startAttempt(await getDb(), user, input.campaignId, {
      practice: input.mode === 'practice',
      communityId: input.communityId ?? null,
      ageBand: input.ageBand ?? '',
      gender: input.gender ?? '',
    });
    if (!result.ok) return { ...result, values: { communityId: String(form.get('communityId') ?? ''), ageBand: input.ageBand ?? '', gender: input.gender ?? '' } };
    return { ok: true as const, attemptId: result.attempt.id, resumed: result.resumed };
  }),

  submit: authorizedFormAction('quiz.take', inputs.submitAttemptForm, async (input, user, _context, form) => {
    const result = await submitAttempt(await getDb(), user, input.attemptId, readAnswers(form));
    if (!result.ok) return { ...result, values: readAnswers(form) };
    return { ok: true as const, attemptId: result.attempt.id };
  }),

  importQuestions: authorizedFormAction('quiz.manage', async (form, admin, context) => {
    const file = form.get('file');
    if (!(file instanceof File) || file.size === 0) return { ok: false as const, problems: [{ row: null, key: 'quiz.bank.noFile', params: {} }] };
    if (file.size > QUESTION_IMPORT_MAX_MB * 1024 * 1024) return { ok: false as const, problems: [{ row: null, key: 'admin.city.tooLarge', params: { mb: QUESTION_IMPORT_MAX_MB } }] };
    return importQuestionsCsv(await getDb(), admin, await file.text(), context.locals.requestId);
  }),

  updateQuestion: authorizedFormAction('quiz.manage', inputs.updateQuestionForm, async (input, admin, context) => {
    const keys = 'ABCDEF';
    const options = (input.options ?? '')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line, i) => {
        const [zh = '', en = ''] = line.split('|').map((part) => part.trim());
        return { key: keys[i] ?? '?', zh, en };
      });
    const values = {
      topic: input.topic ?? '',
      kind: input.kind ?? '',
      difficulty: input.difficulty ?? Number.NaN,
      promptZh: input.promptZh ?? '',
      promptEn: input.promptEn ?? '',
      options,
      correct: [...(input.correct ?? '').toUpperCase().replace(/[^A-F]/g, '')],
      explanationZh: input.explanationZh ?? '',
      explanationEn: input.explanationEn ?? '',
      active: input.active,
    };
    const result = await updateQuestion(await getDb(), admin, input.id, values, context.locals.requestId);
    return result.ok ? result : { ...result, values: { ...values, options: input.options ?? '', correct: input.correct ?? '' } };
  }),

  createCampaign: authorizedFormAction('quiz.manage', inputs.createCampaignForm, async (input, admin, context, form) => {
    const values = {
      titleZh: input.titleZh ?? '',
      titleEn: input.titleEn ?? '',
      questionsPerAttempt: String(form.get('questionsPerAttempt') ?? ''),
      timeLimitSeconds: String(form.get('timeLimitSeconds') ?? ''),
      withSurvey: input.withSurvey,
    };
    const result = await createCampaign(
      await getDb(),
      admin,
      { ...values, questionsPerAttempt: input.questionsPerAttempt ?? Number.NaN, timeLimitSeconds: input.timeLimitSeconds ?? Number.NaN },
      context.locals.requestId,
    );
    return result.ok ? { ok: true as const } : { ...result, values };
  }),

  changeCampaignState: authorizedFormAction('quiz.manage', inputs.campaignStateForm, async (input, admin, context) =>
    changeCampaignState(await getDb(), admin, input.id, input.to, context.locals.requestId),
  ),
};
