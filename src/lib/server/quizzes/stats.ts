/**
 * The aggregates that rates read (db/schema/quizzes.ts): added to in the submitting transaction,
 * or rebuilt in bulk from the raw answers (demo seed, benchmark, repair after a manual fix). Two
 * grains: per community and week (the dashboard, trends) and per district for the whole campaign
 * (the public page).
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import {
  quizQuestionDistrictStats,
  quizQuestionStats,
  quizRespondentDistrictStats,
  quizRespondentStats,
  surveyDistrictStats,
  surveyStats,
  type SurveyItem,
} from '../../../../db/schema';
import { cityWeekStartSql } from '../time';

/** Answers in the top two points of a five-point scale are favourable. */
export const FAVOURABLE_FROM = 4;

/** Weeks are the city's ISO weeks (../time): isoWeekStart in code, cityWeekStartSql in bulk rebuilds. */
export { isoWeekStart } from '../time';

export interface StatsKey {
  campaignId: number;
  districtId: number;
  subdistrictId: number;
  communityId: number;
  week: string;
}

/**
 * Adds one counted attempt to the aggregates. Rows are written in key order in single statements,
 * so concurrent submissions lock shared rows in the same order and cannot deadlock.
 */
export async function addCountedAttempt(
  tx: Db,
  key: StatsKey,
  answers: readonly { questionId: number; correct: boolean }[],
  survey: readonly { item: SurveyItem; value: number }[],
): Promise<void> {
  const area = { districtId: key.districtId, subdistrictId: key.subdistrictId, communityId: key.communityId, week: key.week };
  await tx
    .insert(quizRespondentStats)
    .values({ campaignId: key.campaignId, ...area, respondents: 1 })
    .onConflictDoUpdate({
      target: [quizRespondentStats.campaignId, quizRespondentStats.communityId, quizRespondentStats.subdistrictId, quizRespondentStats.districtId, quizRespondentStats.week],
      set: { respondents: sql`${quizRespondentStats.respondents} + excluded.respondents` },
    });
  await tx
    .insert(quizRespondentDistrictStats)
    .values({ campaignId: key.campaignId, districtId: key.districtId, respondents: 1 })
    .onConflictDoUpdate({
      target: [quizRespondentDistrictStats.campaignId, quizRespondentDistrictStats.districtId],
      set: { respondents: sql`${quizRespondentDistrictStats.respondents} + excluded.respondents` },
    });
  if (answers.length > 0) {
    const rows = [...answers]
      .sort((a, b) => a.questionId - b.questionId)
      .map((answer) => ({ campaignId: key.campaignId, questionId: answer.questionId, ...area, answered: 1, correct: answer.correct ? 1 : 0 }));
    await tx
      .insert(quizQuestionStats)
      .values(rows)
      .onConflictDoUpdate({
        target: [
          quizQuestionStats.campaignId,
          quizQuestionStats.questionId,
          quizQuestionStats.communityId,
          quizQuestionStats.subdistrictId,
          quizQuestionStats.districtId,
          quizQuestionStats.week,
        ],
        set: {
          answered: sql`${quizQuestionStats.answered} + excluded.answered`,
          correct: sql`${quizQuestionStats.correct} + excluded.correct`,
        },
      });
    await tx
      .insert(quizQuestionDistrictStats)
      .values(rows.map(({ questionId, answered, correct }) => ({ campaignId: key.campaignId, questionId, districtId: key.districtId, answered, correct })))
      .onConflictDoUpdate({
        target: [quizQuestionDistrictStats.campaignId, quizQuestionDistrictStats.questionId, quizQuestionDistrictStats.districtId],
        set: {
          answered: sql`${quizQuestionDistrictStats.answered} + excluded.answered`,
          correct: sql`${quizQuestionDistrictStats.correct} + excluded.correct`,
        },
      });
  }
  if (survey.length > 0) {
    const rows = [...survey]
      .sort((a, b) => a.item.localeCompare(b.item))
      .map((answer) => ({ campaignId: key.campaignId, item: answer.item, ...area, answered: 1, favourable: answer.value >= FAVOURABLE_FROM ? 1 : 0 }));
    await tx
      .insert(surveyStats)
      .values(rows)
      .onConflictDoUpdate({
        target: [surveyStats.campaignId, surveyStats.item, surveyStats.communityId, surveyStats.subdistrictId, surveyStats.districtId, surveyStats.week],
        set: {
          answered: sql`${surveyStats.answered} + excluded.answered`,
          favourable: sql`${surveyStats.favourable} + excluded.favourable`,
        },
      });
    await tx
      .insert(surveyDistrictStats)
      .values(rows.map(({ item, answered, favourable }) => ({ campaignId: key.campaignId, item, districtId: key.districtId, answered, favourable })))
      .onConflictDoUpdate({
        target: [surveyDistrictStats.campaignId, surveyDistrictStats.item, surveyDistrictStats.districtId],
        set: {
          answered: sql`${surveyDistrictStats.answered} + excluded.answered`,
          favourable: sql`${surveyDistrictStats.favourable} + excluded.favourable`,
        },
      });
  }
}

/** Recomputes a campaign's aggregates from its submitted counted attempts, in three set-based statements. */
export async function rebuildCampaignStats(db: Db, campaignId: number): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(quizRespondentStats).where(eq(quizRespondentStats.campaignId, campaignId));
    await tx.delete(quizQuestionStats).where(eq(quizQuestionStats.campaignId, campaignId));
    await tx.delete(surveyStats).where(eq(surveyStats.campaignId, campaignId));
    await tx.delete(quizRespondentDistrictStats).where(eq(quizRespondentDistrictStats.campaignId, campaignId));
    await tx.delete(quizQuestionDistrictStats).where(eq(quizQuestionDistrictStats.campaignId, campaignId));
    await tx.delete(surveyDistrictStats).where(eq(surveyDistrictStats.campaignId, campaignId));
    const week = cityWeekStartSql(sql.raw('a.submitted_at'));
    await tx.execute(sql`
      insert into quiz_respondent_stats (campaign_id, district_id, subdistrict_id, community_id, week, respondents)
      select a.campaign_id, a.district_id, a.subdistrict_id, a.community_id, ${week}, count(*)::int
      from quiz_attempts a
      where a.campaign_id = ${campaignId} and a.counted and a.state = 'submitted'
      group by 1, 2, 3, 4, 5`);
    await tx.execute(sql`
      insert into quiz_question_stats (campaign_id, question_id, district_id, subdistrict_id, community_id, week, answered, correct)
      select a.campaign_id, q.question_id, a.district_id, a.subdistrict_id, a.community_id, ${week}, count(*)::int, count(*) filter (where q.correct)::int
      from quiz_attempts a join quiz_answers q on q.attempt_id = a.id
      where a.campaign_id = ${campaignId} and a.counted and a.state = 'submitted'
      group by 1, 2, 3, 4, 5, 6`);
    await tx.execute(sql`
      insert into survey_stats (campaign_id, item, district_id, subdistrict_id, community_id, week, answered, favourable)
      select a.campaign_id, s.item, a.district_id, a.subdistrict_id, a.community_id, ${week}, count(*)::int, count(*) filter (where s.value >= ${FAVOURABLE_FROM})::int
      from quiz_attempts a join survey_answers s on s.attempt_id = a.id
      where a.campaign_id = ${campaignId} and a.counted and a.state = 'submitted'
      group by 1, 2, 3, 4, 5, 6`);
    await rollUpDistricts(tx, campaignId);
  });
}

/** The per-district grain from the per-community-and-week one (a rebuild, and the migration's backfill). */
async function rollUpDistricts(tx: Db, campaignId: number): Promise<void> {
  await tx.execute(sql`
    insert into quiz_respondent_district_stats (campaign_id, district_id, respondents)
    select campaign_id, district_id, sum(respondents)::int from quiz_respondent_stats where campaign_id = ${campaignId} group by 1, 2`);
  await tx.execute(sql`
    insert into quiz_question_district_stats (campaign_id, question_id, district_id, answered, correct)
    select campaign_id, question_id, district_id, sum(answered)::int, sum(correct)::int from quiz_question_stats where campaign_id = ${campaignId} group by 1, 2, 3`);
  await tx.execute(sql`
    insert into survey_district_stats (campaign_id, item, district_id, answered, favourable)
    select campaign_id, item, district_id, sum(answered)::int, sum(favourable)::int from survey_stats where campaign_id = ${campaignId} group by 1, 2, 3`);
}
