/**
 * Random-sample surveys (抽样调查): the office's honest instrument beside the self-selected quiz.
 * A survey has a sampling frame (uploaded, or the registered residents), a stratified draw by
 * district from a recorded seed, one single-use link per sampled unit (signed with APP_SECRET, so
 * nothing secret is stored), and one answer per link.
 * Owner of writes: src/lib/server/sampling/.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, numeric, pgTable, serial, smallint, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { areas } from './city';
import { timestamps, timestamptz } from './columns';
import { quizCampaigns } from './quizzes';

export const SAMPLE_SURVEY_STATES = ['draft', 'fielding', 'closed'] as const;
export type SampleSurveyState = (typeof SAMPLE_SURVEY_STATES)[number];

/**
 * What became of a sampled unit (AAPOR final dispositions): pending and not_found are of unknown
 * eligibility (UH), no_contact is an eligible non-contact (NC), refused (R), ineligible (NE:
 * moved away, not a resident), responded (I).
 */
export const SAMPLE_OUTCOMES = ['pending', 'not_found', 'no_contact', 'refused', 'ineligible', 'responded'] as const;
export type SampleOutcome = (typeof SAMPLE_OUTCOMES)[number];

export const sampleSurveys = pgTable(
  'sample_surveys',
  {
    id: serial('id').primaryKey(),
    titleZh: text('title_zh').notNull(),
    titleEn: text('title_en').notNull(),
    /** The quiz campaign whose self-selected rates this survey is set beside. */
    campaignId: integer('campaign_id').references(() => quizCampaigns.id),
    state: text('state').$type<SampleSurveyState>().notNull().default('draft'),
    frameSource: text('frame_source').$type<'upload' | 'residents'>(),
    /** Target margin of error per district, as a share (0.03 = ±3 points) at 95%. */
    targetMargin: numeric('target_margin', { mode: 'number' }).notNull().default(0.05),
    expectedResponseRate: numeric('expected_response_rate', { mode: 'number' }).notNull().default(0.6),
    /** Recorded at the draw: re-running the draw from it gives the same sample. */
    seed: text('seed'),
    drawnAt: timestamptz('drawn_at'),
    closedAt: timestamptz('closed_at'),
    /** When the frame's personal data (phones) was erased: at close. */
    purgedAt: timestamptz('purged_at'),
    /** The results as computed at close (src/lib/server/sampling: SurveyResults), which the public rates page shows. */
    results: jsonb('results'),
    createdBy: integer('created_by').references(() => users.id),
    ...timestamps,
  },
  (t) => [check('sample_surveys_state_check', sql`${t.state} in ('draft', 'fielding', 'closed')`)],
);

/** The sampling frame, one row per unit; drawn units carry their link's hash and their outcome. */
export const sampleUnits = pgTable(
  'sample_units',
  {
    id: serial('id').primaryKey(),
    surveyId: integer('survey_id')
      .notNull()
      .references(() => sampleSurveys.id, { onDelete: 'cascade' }),
    /** The office's own id for the unit (a household or person number); never a phone or ID number. */
    externalId: text('external_id').notNull(),
    districtId: integer('district_id')
      .notNull()
      .references(() => areas.id),
    communityId: integer('community_id')
      .notNull()
      .references(() => areas.id),
    ageGroup: text('age_group'),
    sex: text('sex'),
    /** AES-256-GCM, erased when the survey closes. */
    phoneEncrypted: text('phone_encrypted'),
    /** For a frame of registered residents: whose account (erased at close too). */
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    drawn: smallint('drawn').notNull().default(0),
    outcome: text('outcome').$type<SampleOutcome>().notNull().default('pending'),
    outcomeAt: timestamptz('outcome_at'),
    outcomeBy: integer('outcome_by').references(() => users.id),
    contactedAt: timestamptz('contacted_at'),
  },
  (t) => [
    uniqueIndex('sample_units_external_idx').on(t.surveyId, t.externalId),
    index('sample_units_drawn_idx').on(t.surveyId, t.drawn, t.districtId),
    check('sample_units_outcome_check', sql`${t.outcome} in ('pending', 'not_found', 'no_contact', 'refused', 'ineligible', 'responded')`),
  ],
);

/** One answer per sampled unit (the primary key makes a link single-use, even under concurrency). */
export const sampleAnswers = pgTable(
  'sample_answers',
  {
    unitId: integer('unit_id')
      .primaryKey()
      .references(() => sampleUnits.id, { onDelete: 'cascade' }),
    surveyId: integer('survey_id')
      .notNull()
      .references(() => sampleSurveys.id, { onDelete: 'cascade' }),
    /** 知晓: has heard of the campaign (1) or not (0). */
    aware: smallint('aware'),
    /** Five-point answers (1 lowest … 5 highest); the top two count, as in the quiz's survey. */
    support: smallint('support'),
    participation: smallint('participation'),
    satisfaction: smallint('satisfaction'),
    answeredAt: timestamptz('answered_at').notNull().defaultNow(),
  },
  (t) => [
    index('sample_answers_survey_idx').on(t.surveyId),
    check(
      'sample_answers_values_check',
      sql`(${t.aware} is null or ${t.aware} in (0, 1)) and (${t.support} is null or ${t.support} between 1 and 5) and (${t.participation} is null or ${t.participation} between 1 and 5) and (${t.satisfaction} is null or ${t.satisfaction} between 1 and 5)`,
    ),
  ],
);
