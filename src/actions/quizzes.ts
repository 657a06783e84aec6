/**
 * Quiz forms (they work without JavaScript): parse, check permission, call the command, return
 * its result with the values typed. Pages redirect on success and show localized errors otherwise.
 */
import { getDb } from '../lib/server/db';
import { changeCampaignState, createCampaign, importQuestionsCsv, startAttempt, submitAttempt, updateQuestion } from '../lib/server/quizzes';
import * as inputs from '../lib/server/quizzes/inputs';
import { entriesFor } from '../lib/server/http/schema';
import { authorizedFormAction, parseForm } from './form';

/** The answers as typed (q-<questionId> and s-<item> grouped), to tick again when the form comes back. */
function typedAnswers(form: FormData): { answers: Record<string, string[]>; survey: Record<string, string> } {
  const typed = entriesFor(inputs.submitAttemptForm, form) as { answers?: Record<string, string[]>; survey?: Record<string, string> };
  return { answers: typed.answers ?? {}, survey: typed.survey ?? {} };
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

  /** The attempt and its answers parsed with one schema (the API's answers); a refusal keeps every option ticked. */
  submit: authorizedFormAction('quiz.take', async (form, user) => {
    const parsed = parseForm(inputs.submitAttemptForm, form);
    if (!parsed.ok) return { ...parsed, values: typedAnswers(form) };
    const { attemptId, answers, survey } = parsed.data;
    const result = await submitAttempt(await getDb(), user, attemptId, { answers: answers ?? {}, survey: survey ?? {} });
    if (!result.ok) return { ...result, values: typedAnswers(form) };
    return { ok: true as const, attemptId: result.attempt.id };
  }),

  /** The CSV upload parsed with its schema (a file, not empty, within the size limit); a refusal is listed like the rows' problems. */
  importQuestions: authorizedFormAction('quiz.manage', async (form, admin, context) => {
    const parsed = parseForm(inputs.importQuestionsForm, form);
    if (!parsed.ok) return { ok: false as const, problems: [{ row: null, key: parsed.fields.file ?? 'form.invalid', params: parsed.params }] };
    return importQuestionsCsv(await getDb(), admin, await parsed.data.file.text(), context.locals.requestId);
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
