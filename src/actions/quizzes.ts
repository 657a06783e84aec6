/**
 * Quiz forms (they work without JavaScript): parse, check permission, call the command, return
 * its result with the values typed. Pages redirect on success and show localized errors otherwise.
 */
import { CAMPAIGN_STATES, SURVEY_ITEMS, type CampaignState, type SurveyItem } from '../../db/schema';
import { getDb } from '../lib/server/db';
import { changeCampaignState, createCampaign, importQuestionsCsv, startAttempt, submitAttempt, updateQuestion } from '../lib/server/quizzes';
import { formText as text } from '../lib/server/http/input';
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
  start: authorizedFormAction('quiz.take', async (form, user) => {
    const values = { communityId: text(form, 'communityId'), ageBand: text(form, 'ageBand'), gender: text(form, 'gender') };
    const result = await startAttempt(await getDb(), user, Number(text(form, 'campaignId')), {
      practice: text(form, 'mode') === 'practice',
      communityId: Number(values.communityId) || null,
      ageBand: values.ageBand,
      gender: values.gender,
    });
    if (!result.ok) return { ...result, values };
    return { ok: true as const, attemptId: result.attempt.id, resumed: result.resumed };
  }),

  submit: authorizedFormAction('quiz.take', async (form, user) => {
    const result = await submitAttempt(await getDb(), user, Number(text(form, 'attemptId')), readAnswers(form));
    if (!result.ok) return { ...result, values: readAnswers(form) };
    return { ok: true as const, attemptId: result.attempt.id };
  }),

  importQuestions: authorizedFormAction('quiz.manage', async (form, admin, context) => {
    const file = form.get('file');
    if (!(file instanceof File) || file.size === 0) return { ok: false as const, problems: [{ row: null, key: 'quiz.bank.noFile', params: {} }] };
    if (file.size > QUESTION_IMPORT_MAX_MB * 1024 * 1024) return { ok: false as const, problems: [{ row: null, key: 'admin.city.tooLarge', params: { mb: QUESTION_IMPORT_MAX_MB } }] };
    return importQuestionsCsv(await getDb(), admin, await file.text(), context.locals.requestId);
  }),

  updateQuestion: authorizedFormAction('quiz.manage', async (form, admin, context) => {
    const keys = 'ABCDEF';
    const options = text(form, 'options')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line, i) => {
        const [zh = '', en = ''] = line.split('|').map((part) => part.trim());
        return { key: keys[i] ?? '?', zh, en };
      });
    const values = {
      topic: text(form, 'topic'),
      kind: text(form, 'kind'),
      difficulty: Number(text(form, 'difficulty')),
      promptZh: text(form, 'promptZh'),
      promptEn: text(form, 'promptEn'),
      options,
      correct: [...text(form, 'correct').toUpperCase().replace(/[^A-F]/g, '')],
      explanationZh: text(form, 'explanationZh'),
      explanationEn: text(form, 'explanationEn'),
      active: form.get('active') === 'on',
    };
    const result = await updateQuestion(await getDb(), admin, Number(text(form, 'id')), values, context.locals.requestId);
    return result.ok ? result : { ...result, values: { ...values, options: text(form, 'options'), correct: text(form, 'correct') } };
  }),

  createCampaign: authorizedFormAction('quiz.manage', async (form, admin, context) => {
    const values = {
      titleZh: text(form, 'titleZh'),
      titleEn: text(form, 'titleEn'),
      questionsPerAttempt: text(form, 'questionsPerAttempt'),
      timeLimitSeconds: text(form, 'timeLimitSeconds'),
      withSurvey: form.get('withSurvey') === 'on',
    };
    const result = await createCampaign(
      await getDb(),
      admin,
      { ...values, questionsPerAttempt: Number(values.questionsPerAttempt), timeLimitSeconds: Number(values.timeLimitSeconds) },
      context.locals.requestId,
    );
    return result.ok ? { ok: true as const } : { ...result, values };
  }),

  changeCampaignState: authorizedFormAction('quiz.manage', async (form, admin, context) => {
    const to = text(form, 'to');
    if (!(CAMPAIGN_STATES as readonly string[]).includes(to)) return { ok: false as const, code: 'invalid_transition', message: 'quiz.campaign.error.transition' };
    return changeCampaignState(await getDb(), admin, Number(text(form, 'id')), to as CampaignState, context.locals.requestId);
  }),
};
