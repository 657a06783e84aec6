/** Input schemas of the quizzes domain. */
import { AGE_BANDS, CAMPAIGN_STATES, GENDERS, SURVEY_ITEMS } from '../../../../db/schema';
import { checkbox, fieldGroup, id, int, object, oneOf, optional, optionalText, text, upload, z } from '../http/schema';

/** Starting an attempt: practice or counted, and who answers (for the weighted rates). */
export const startAttemptInput = object({
  practice: checkbox().optional(),
  communityId: optional(id()),
  ageBand: optional(oneOf(AGE_BANDS)),
  gender: optional(oneOf(GENDERS)),
});

/** The answers of an attempt: option keys by question id, and the survey's five-point answers. Nothing else (a score sent is refused). */
export const submitAttemptInput = object({
  answers: z
    .record(z.string().regex(/^\d{1,10}$/, { error: 'input.type' }), z.array(text(4)).max(6))
    .optional()
    .meta({ description: 'Question id -> the chosen option keys' }),
  survey: z.partialRecord(oneOf(SURVEY_ITEMS), int(1, 5)).optional(),
});

// The quiz forms (src/actions/quizzes.ts). Bounds only: the commands give the domain's messages
// (a community to pick, a question's options and answer, a campaign's size and time).

/** Starting from the campaign page: counted or practice, and who answers. */
export const startAttemptForm = object({
  campaignId: id(),
  mode: optional(oneOf(['counted', 'practice'])),
  communityId: optional(id()),
  ageBand: optional(oneOf(AGE_BANDS)),
  gender: optional(oneOf(GENDERS)),
});

/**
 * The attempt page's form: the attempt, each question's chosen options as the fields q-<questionId>
 * (repeated for checkboxes) and each survey item's point as s-<item>, parsed as the API's answers.
 */
export const submitAttemptForm = object({
  attemptId: id(),
  answers: fieldGroup('q-', submitAttemptInput.shape.answers),
  survey: fieldGroup('s-', submitAttemptInput.shape.survey),
});

export const QUESTION_IMPORT_MAX_MB = 5;

/** The question bank's CSV upload. */
export const importQuestionsForm = object({ file: upload(QUESTION_IMPORT_MAX_MB, { missing: 'quiz.bank.noFile' }) });

/** An admin's edit of one question: options one per line as "中文|English", the answer as letters. */
export const updateQuestionForm = object({
  id: id(),
  topic: optionalText(40),
  kind: optionalText(20),
  difficulty: optional(int(0, 10)),
  promptZh: optionalText(1000),
  promptEn: optionalText(1000),
  options: optionalText(3000),
  correct: optionalText(20),
  explanationZh: optionalText(3000),
  explanationEn: optionalText(3000),
  active: checkbox(),
});

export const createCampaignForm = object({
  titleZh: optionalText(200),
  titleEn: optionalText(200),
  questionsPerAttempt: optional(int(0, 10_000)),
  timeLimitSeconds: optional(int(0, 1_000_000)),
  withSurvey: checkbox(),
});

export const campaignStateForm = object({ id: id(), to: oneOf(CAMPAIGN_STATES) });
