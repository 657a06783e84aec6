import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, date, index, integer, jsonb, pgTable, primaryKey, serial, smallint, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { timestamps, timestamptz } from './columns';
import { users } from './auth';
import { areas } from './city';

/** The campaign's content areas; a question belongs to one, draws are stratified by them. */
export const QUIZ_TOPICS = [
  'civilized_city',
  'core_values',
  'civic_morality',
  'reporting',
  'three_guarantees',
  'traffic',
  'waste_sorting',
  'smoke_free',
  'volunteering',
  'dining',
  'pets',
  'festivals',
] as const;
export type QuizTopic = (typeof QUIZ_TOPICS)[number];

export const QUESTION_KINDS = ['single', 'multiple', 'true_false'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** One answer option; `key` is stable (A, B, …) whatever order a respondent sees. */
export interface QuestionOption {
  key: string;
  zh: string;
  en: string;
}

export const quizQuestions = pgTable(
  'quiz_questions',
  {
    id: serial('id').primaryKey(),
    /** Stable identifier for CSV round trips (e.g. "core-values-01"). */
    code: text('code').notNull().unique(),
    topic: text('topic').$type<QuizTopic>().notNull(),
    kind: text('kind').$type<QuestionKind>().notNull(),
    /** 1 easy, 2 medium, 3 hard. */
    difficulty: smallint('difficulty').notNull(),
    promptZh: text('prompt_zh').notNull(),
    promptEn: text('prompt_en').notNull().default(''),
    options: jsonb('options').$type<QuestionOption[]>().notNull(),
    /** Keys of the correct options; never sent to a browser before its attempt is submitted. */
    correct: jsonb('correct').$type<string[]>().notNull(),
    explanationZh: text('explanation_zh').notNull(),
    explanationEn: text('explanation_en').notNull().default(''),
    /** Retired questions stay for past attempts and rates but are no longer drawn. */
    active: boolean('active').notNull().default(true),
    ...timestamps,
  },
  (t) => [
    index('quiz_questions_topic_idx').on(t.topic, t.active),
    check('quiz_questions_kind_check', sql`${t.kind} in ('single', 'multiple', 'true_false')`),
    check('quiz_questions_difficulty_check', sql`${t.difficulty} between 1 and 3`),
  ],
);

export const CAMPAIGN_STATES = ['draft', 'open', 'closed'] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

export const quizCampaigns = pgTable(
  'quiz_campaigns',
  {
    id: serial('id').primaryKey(),
    titleZh: text('title_zh').notNull(),
    titleEn: text('title_en').notNull(),
    descriptionZh: text('description_zh').notNull().default(''),
    descriptionEn: text('description_en').notNull().default(''),
    state: text('state').$type<CampaignState>().notNull().default('draft'),
    questionsPerAttempt: integer('questions_per_attempt').notNull(),
    timeLimitSeconds: integer('time_limit_seconds').notNull(),
    /** Ask the support, participation and satisfaction questions with the quiz. */
    withSurvey: boolean('with_survey').notNull().default(true),
    ...timestamps,
  },
  (t) => [
    check('quiz_campaigns_state_check', sql`${t.state} in ('draft', 'open', 'closed')`),
    check('quiz_campaigns_size_check', sql`${t.questionsPerAttempt} between 1 and 100 and ${t.timeLimitSeconds} between 30 and 7200`),
  ],
);

export const ATTEMPT_STATES = ['in_progress', 'submitted', 'expired'] as const;
export type AttemptState = (typeof ATTEMPT_STATES)[number];

export const AGE_BANDS = ['under_18', '18_29', '30_44', '45_59', '60_plus'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const GENDERS = ['female', 'male', 'other'] as const;
export type Gender = (typeof GENDERS)[number];

/** A drawn question and the order its options were shown in. */
export interface DrawnQuestion {
  questionId: number;
  optionOrder: string[];
}

/**
 * One sitting of a campaign's quiz. The drawn questions, their option order and the deadline are
 * fixed at start; the respondent's community (with its subdistrict and district), age band and
 * gender are copied here so later profile or boundary changes never rewrite past rates.
 */
export const quizAttempts = pgTable(
  'quiz_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => quizCampaigns.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Counted attempts feed the rates, one per account and campaign; practice ones never do. */
    counted: boolean('counted').notNull(),
    state: text('state').$type<AttemptState>().notNull().default('in_progress'),
    drawn: jsonb('drawn').$type<DrawnQuestion[]>().notNull(),
    startedAt: timestamptz('started_at').notNull().defaultNow(),
    deadline: timestamptz('deadline').notNull(),
    submittedAt: timestamptz('submitted_at'),
    score: integer('score'),
    communityId: integer('community_id')
      .notNull()
      .references(() => areas.id),
    subdistrictId: integer('subdistrict_id')
      .notNull()
      .references(() => areas.id),
    districtId: integer('district_id')
      .notNull()
      .references(() => areas.id),
    ageBand: text('age_band').$type<AgeBand>(),
    gender: text('gender').$type<Gender>(),
  },
  (t) => [
    uniqueIndex('quiz_attempts_one_counted_idx')
      .on(t.campaignId, t.userId)
      .where(sql`${t.counted}`),
    index('quiz_attempts_user_idx').on(t.userId, t.startedAt),
    index('quiz_attempts_campaign_idx').on(t.campaignId, t.state),
    check('quiz_attempts_state_check', sql`${t.state} in ('in_progress', 'submitted', 'expired')`),
  ],
);

/** What was chosen for each drawn question of a submitted attempt, and whether it was right. */
export const quizAnswers = pgTable(
  'quiz_answers',
  {
    attemptId: bigint('attempt_id', { mode: 'number' })
      .notNull()
      .references(() => quizAttempts.id, { onDelete: 'cascade' }),
    questionId: integer('question_id')
      .notNull()
      .references(() => quizQuestions.id),
    chosen: jsonb('chosen').$type<string[]>().notNull(),
    correct: boolean('correct').notNull(),
  },
  (t) => [primaryKey({ columns: [t.attemptId, t.questionId] }), index('quiz_answers_question_idx').on(t.questionId)],
);

export const SURVEY_ITEMS = ['support', 'participation', 'satisfaction'] as const;
export type SurveyItem = (typeof SURVEY_ITEMS)[number];

/** A five-point answer (1 lowest … 5 highest) to one survey item. */
export const surveyAnswers = pgTable(
  'survey_answers',
  {
    attemptId: bigint('attempt_id', { mode: 'number' })
      .notNull()
      .references(() => quizAttempts.id, { onDelete: 'cascade' }),
    item: text('item').$type<SurveyItem>().notNull(),
    value: smallint('value').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.attemptId, t.item] }),
    check('survey_answers_value_check', sql`${t.value} between 1 and 5`),
    check('survey_answers_item_check', sql`${t.item} in ('support', 'participation', 'satisfaction')`),
  ],
);

/*
 * Aggregates of counted attempts, kept up to date in the submitting transaction (upserts that add),
 * so that dashboards read a few thousand rows however many answers arrive. `week` is the Monday of
 * the ISO week of submission, in China Standard Time.
 */
const areaKey = {
  districtId: integer('district_id').notNull(),
  subdistrictId: integer('subdistrict_id').notNull(),
  communityId: integer('community_id').notNull(),
  week: date('week', { mode: 'string' }).notNull(),
};

export const quizQuestionStats = pgTable(
  'quiz_question_stats',
  {
    campaignId: integer('campaign_id').notNull(),
    questionId: integer('question_id').notNull(),
    ...areaKey,
    answered: integer('answered').notNull(),
    correct: integer('correct').notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.questionId, t.communityId, t.subdistrictId, t.districtId, t.week] })],
);

export const quizRespondentStats = pgTable(
  'quiz_respondent_stats',
  {
    campaignId: integer('campaign_id').notNull(),
    ...areaKey,
    respondents: integer('respondents').notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.communityId, t.subdistrictId, t.districtId, t.week] })],
);

export const surveyStats = pgTable(
  'survey_stats',
  {
    campaignId: integer('campaign_id').notNull(),
    item: text('item').$type<SurveyItem>().notNull(),
    ...areaKey,
    answered: integer('answered').notNull(),
    /** Answers in the top two points of the scale. */
    favourable: integer('favourable').notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.item, t.communityId, t.subdistrictId, t.districtId, t.week] })],
);

/*
 * The same aggregates per district over the whole campaign (no week, no smaller area), kept in the
 * same transaction: what the public rates page and GET /api/v1/metrics show (the city and its
 * districts) in a few hundred rows however long the campaign runs and however many communities
 * there are.
 */
export const quizQuestionDistrictStats = pgTable(
  'quiz_question_district_stats',
  {
    campaignId: integer('campaign_id').notNull(),
    questionId: integer('question_id').notNull(),
    districtId: integer('district_id').notNull(),
    answered: integer('answered').notNull(),
    correct: integer('correct').notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.questionId, t.districtId] })],
);

export const quizRespondentDistrictStats = pgTable(
  'quiz_respondent_district_stats',
  {
    campaignId: integer('campaign_id').notNull(),
    districtId: integer('district_id').notNull(),
    respondents: integer('respondents').notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.districtId] })],
);

export const surveyDistrictStats = pgTable(
  'survey_district_stats',
  {
    campaignId: integer('campaign_id').notNull(),
    item: text('item').$type<SurveyItem>().notNull(),
    districtId: integer('district_id').notNull(),
    answered: integer('answered').notNull(),
    favourable: integer('favourable').notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.item, t.districtId] })],
);
